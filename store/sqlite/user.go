package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/shopmind/shopmind"
	"github.com/shopmind/shopmind/store/internal/page"
	"github.com/shopmind/shopmind/store/internal/sealed"
)

// User returns the user with the given id, or ENOTFOUND.
func (c *conn) User(ctx context.Context, id string) (*shopmind.User, error) {
	row := c.q().QueryRowContext(ctx, "SELECT id, attributes, created_at, updated_at FROM users WHERE id = ?", id)
	u, err := scanUser(row)
	if err == sql.ErrNoRows {
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
	rows, err := c.q().QueryContext(ctx, "SELECT id, attributes, created_at, updated_at FROM users WHERE id > ? ORDER BY id LIMIT ?", after, limit+1)
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

func scanUser(s scanner) (*shopmind.User, error) {
	var (
		u                shopmind.User
		attrs            string
		created, updated int64
	)
	if err := s.Scan(&u.ID, &attrs, &created, &updated); err != nil {
		return nil, err
	}
	if err := decodeJSON("attributes", attrs, &u.Attributes); err != nil {
		return nil, err
	}
	u.CreatedAt, u.UpdatedAt = fromMicros(created), fromMicros(updated)
	return &u, nil
}

// upsertUserSQL follows upsertItemSQL: ?3 and ?4 are the given CreatedAt and
// UpdatedAt or NULL, ?5 is now.
const upsertUserSQL = `INSERT INTO users (id, attributes, created_at, updated_at)
VALUES (?1, ?2, coalesce(?3, ?5), coalesce(?4, ?5))
ON CONFLICT (id) DO UPDATE SET attributes = excluded.attributes,
	created_at = coalesce(?3, users.created_at), updated_at = excluded.updated_at
WHERE users.attributes IS NOT excluded.attributes OR users.created_at IS NOT coalesce(?3, users.created_at)`

// UpsertUsers inserts or replaces users by id, with the same rules as
// UpsertItems.
func (c *conn) UpsertUsers(ctx context.Context, users []*shopmind.User) error {
	if err := shopmind.ValidateEach("users", users); err != nil {
		return err
	}
	if len(users) == 0 {
		return nil
	}
	return c.write(ctx, func(tx *sql.Tx, now time.Time) error {
		stmt, err := tx.PrepareContext(ctx, upsertUserSQL)
		if err != nil {
			return fmt.Errorf("upsert users: %w", err)
		}
		defer stmt.Close()
		for _, u := range users {
			attrs, err := encodeJSON("attributes", u.Attributes)
			if err != nil {
				return err
			}
			if _, err := stmt.ExecContext(ctx, u.ID, attrs, nullMicros(page.Time(u.CreatedAt)),
				nullMicros(page.Time(u.UpdatedAt)), micros(now)); err != nil {
				return fmt.Errorf("upsert user %s: %w", u.ID, formatError(err))
			}
		}
		return nil
	})
}

// DeleteUser removes a user and its personal data, or returns ENOTFOUND.
// Events, orders and reviews of the user are kept.
func (c *conn) DeleteUser(ctx context.Context, id string) error {
	return c.write(ctx, func(tx *sql.Tx, _ time.Time) error {
		// Personal data goes explicitly too, so erasure does not depend on
		// the foreign_keys pragma being on.
		if _, err := tx.ExecContext(ctx, "DELETE FROM user_personal WHERE user_id = ?", id); err != nil {
			return fmt.Errorf("delete user %s: personal: %w", id, err)
		}
		res, err := tx.ExecContext(ctx, "DELETE FROM users WHERE id = ?", id)
		if err != nil {
			return fmt.Errorf("delete user %s: %w", id, formatError(err))
		}
		if rowsAffected(res) == 0 {
			return notFound("user", id)
		}
		return nil
	})
}

// UserPersonal returns the personal data of a user, or ENOTFOUND.
func (c *conn) UserPersonal(ctx context.Context, userID string) (*shopmind.UserPersonal, error) {
	var p shopmind.UserPersonal
	err := c.q().QueryRowContext(ctx, "SELECT user_id, email, name, phone, address FROM user_personal WHERE user_id = ?", userID).
		Scan(&p.UserID, &p.Email, &p.Name, &p.Phone, &p.Address)
	if err == sql.ErrNoRows {
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
	return c.write(ctx, func(tx *sql.Tx, now time.Time) error {
		res, err := tx.ExecContext(ctx, `INSERT INTO user_personal (user_id, email, name, phone, address)
			SELECT ?1, ?2, ?3, ?4, ?5 WHERE EXISTS (SELECT 1 FROM users WHERE id = ?1)
			ON CONFLICT (user_id) DO UPDATE SET email = excluded.email, name = excluded.name,
				phone = excluded.phone, address = excluded.address`,
			p.UserID, vals[0], vals[1], vals[2], vals[3])
		if err != nil {
			return fmt.Errorf("set personal data of user %s: %w", p.UserID, formatError(err))
		}
		if rowsAffected(res) == 0 {
			return notFound("user", p.UserID)
		}
		return recordKey(ctx, tx, k, now)
	})
}

// ErasePersonal deletes a user's personal data; none is not an error.
func (c *conn) ErasePersonal(ctx context.Context, userID string) error {
	return c.write(ctx, func(tx *sql.Tx, _ time.Time) error {
		if _, err := tx.ExecContext(ctx, "DELETE FROM user_personal WHERE user_id = ?", userID); err != nil {
			return fmt.Errorf("erase personal data of user %s: %w", userID, err)
		}
		return nil
	})
}
