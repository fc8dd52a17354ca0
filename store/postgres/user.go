package postgres

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/shopmind/shopmind"
	"github.com/shopmind/shopmind/store/internal/page"
	"github.com/shopmind/shopmind/store/internal/sealed"
)

// User returns the user with the given id, or ENOTFOUND.
func (c *conn) User(ctx context.Context, id string) (*shopmind.User, error) {
	u, err := scanUser(c.q().QueryRow(ctx, "SELECT id, attributes, created_at, updated_at FROM users WHERE id = $1", id))
	if isNoRows(err) {
		return nil, notFound("user", id)
	} else if err != nil {
		return nil, fmt.Errorf("user %s: %w", id, err)
	}
	return u, nil
}

// Users returns users in ascending id order and the next cursor.
func (c *conn) Users(ctx context.Context, f shopmind.UserFilter) ([]*shopmind.User, string, error) {
	after, err := page.DecodeID(page.KindUser, f.After)
	if err != nil {
		return nil, "", err
	}
	limit := page.Limit(f.Limit)
	rows, err := c.q().Query(ctx, "SELECT id, attributes, created_at, updated_at FROM users WHERE id > $1 ORDER BY id LIMIT $2", after, limit+1)
	if err != nil {
		return nil, "", fmt.Errorf("users: %w", err)
	}
	users, err := collectRows(rows, scanUser)
	if err != nil {
		return nil, "", fmt.Errorf("users: %w", err)
	}
	next := ""
	if len(users) > limit {
		users = users[:limit]
		next = page.EncodeID(page.KindUser, users[limit-1].ID)
	}
	return users, next, nil
}

func scanUser(row pgx.Row) (*shopmind.User, error) {
	var (
		u     shopmind.User
		attrs []byte
	)
	if err := row.Scan(&u.ID, &attrs, &u.CreatedAt, &u.UpdatedAt); err != nil {
		return nil, err
	}
	if err := decodeJSON("attributes", attrs, &u.Attributes); err != nil {
		return nil, err
	}
	u.CreatedAt, u.UpdatedAt = u.CreatedAt.UTC(), u.UpdatedAt.UTC()
	return &u, nil
}

// upsertUserSQL follows upsertItemSQL: $3 and $4 are the given CreatedAt and
// UpdatedAt or NULL, $5 is now.
const upsertUserSQL = `INSERT INTO users (id, attributes, created_at, updated_at)
VALUES ($1, $2, coalesce($3::timestamptz, $5::timestamptz), coalesce($4::timestamptz, $5::timestamptz))
ON CONFLICT (id) DO UPDATE SET attributes = excluded.attributes,
	created_at = coalesce($3::timestamptz, users.created_at), updated_at = excluded.updated_at
WHERE (users.attributes, users.created_at) IS DISTINCT FROM (excluded.attributes, coalesce($3::timestamptz, users.created_at))`

// UpsertUsers inserts or replaces users by id, with the same rules as
// UpsertItems.
func (c *conn) UpsertUsers(ctx context.Context, users []*shopmind.User) error {
	if err := shopmind.ValidateEach("users", users); err != nil {
		return err
	}
	if len(users) == 0 {
		return nil
	}
	return c.write(ctx, func(tx pgx.Tx, now time.Time) error {
		b := &pgx.Batch{}
		for _, u := range users {
			attrs, err := encodeJSON("attributes", u.Attributes)
			if err != nil {
				return err
			}
			b.Queue(upsertUserSQL, u.ID, attrs, stamp(u.CreatedAt), stamp(u.UpdatedAt), now)
		}
		return execBatch(ctx, tx, b, "upsert user")
	})
}

// DeleteUser removes a user and its personal data, or returns ENOTFOUND.
// Events, orders and reviews of the user are kept.
func (c *conn) DeleteUser(ctx context.Context, id string) error {
	return c.deleteOne(ctx, "DELETE FROM users WHERE id = $1", "user", id) // personal data cascades
}

// UserPersonal returns the personal data of a user, or ENOTFOUND.
func (c *conn) UserPersonal(ctx context.Context, userID string) (*shopmind.UserPersonal, error) {
	var p shopmind.UserPersonal
	err := c.q().QueryRow(ctx, "SELECT user_id, email, name, phone, address FROM user_personal WHERE user_id = $1", userID).
		Scan(&p.UserID, &p.Email, &p.Name, &p.Phone, &p.Address)
	if isNoRows(err) {
		return nil, notFound("personal data of user", userID)
	} else if err != nil {
		return nil, fmt.Errorf("personal data of user %s: %w", userID, err)
	}
	vals := []string{p.Email, p.Name, p.Phone, p.Address}
	if err := sealed.Personal.Open(c.keyring(), vals, p.UserID); err != nil {
		return nil, fmt.Errorf("personal data of user %s: %w", userID, err)
	}
	p.Email, p.Name, p.Phone, p.Address = vals[0], vals[1], vals[2], vals[3]
	return &p, nil
}

// SetUserPersonal stores the personal data of an existing user, replacing
// what was there, or returns ENOTFOUND when the user does not exist.
func (c *conn) SetUserPersonal(ctx context.Context, p *shopmind.UserPersonal) error {
	if p == nil {
		return shopmind.FieldErrorf("user_id", "personal data is missing")
	}
	if err := p.Validate(); err != nil {
		return err
	}
	k := c.keyring()
	vals := []string{p.Email, p.Name, p.Phone, p.Address}
	if err := sealed.Personal.Seal(k, vals, p.UserID); err != nil {
		return fmt.Errorf("set personal data of user %s: %w", p.UserID, err)
	}
	return c.write(ctx, func(tx pgx.Tx, now time.Time) error {
		tag, err := tx.Exec(ctx, `INSERT INTO user_personal (user_id, email, name, phone, address)
			SELECT $1, $2, $3, $4, $5 WHERE EXISTS (SELECT 1 FROM users WHERE id = $1)
			ON CONFLICT (user_id) DO UPDATE SET email = excluded.email, name = excluded.name,
				phone = excluded.phone, address = excluded.address`,
			p.UserID, vals[0], vals[1], vals[2], vals[3])
		if err != nil {
			return fmt.Errorf("set personal data of user %s: %w", p.UserID, formatError(err))
		}
		if tag.RowsAffected() == 0 {
			return notFound("user", p.UserID)
		}
		return recordKey(ctx, tx, k, now)
	})
}

// ErasePersonal deletes a user's personal data; none is not an error.
func (c *conn) ErasePersonal(ctx context.Context, userID string) error {
	return c.write(ctx, func(tx pgx.Tx, _ time.Time) error {
		if _, err := tx.Exec(ctx, "DELETE FROM user_personal WHERE user_id = $1", userID); err != nil {
			return fmt.Errorf("erase personal data of user %s: %w", userID, err)
		}
		return nil
	})
}
