package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/shopmind/shopmind"
	"github.com/shopmind/shopmind/store/internal/page"
	"github.com/shopmind/shopmind/store/internal/sealed"
)

// kindConversation marks conversation cursors.
const kindConversation = "c"

const conversationColumns = `id, user_id, language, status, intent, handoff_reason, handoff_at, created_at, updated_at,
	(SELECT count(*) FROM messages WHERE conversation_id = conversations.id)`

// Conversation returns a conversation with its State, or ENOTFOUND.
func (c *conn) Conversation(ctx context.Context, id string) (*shopmind.Conversation, error) {
	row := c.q().QueryRowContext(ctx, "SELECT "+conversationColumns+", state FROM conversations WHERE id = ?", id)
	conv, err := scanConversation(row, true)
	if err == sql.ErrNoRows {
		return nil, notFound("conversation", id)
	} else if err != nil {
		return nil, fmt.Errorf("conversation %s: %w", id, err)
	}
	if conv.State, err = sealed.OpenState(c.keyring(), conv.ID, conv.State); err != nil {
		return nil, fmt.Errorf("conversation %s: %w", id, err)
	}
	return conv, nil
}

// Conversations returns conversations matching f, without State, in
// ascending id order and the next cursor.
func (c *conn) Conversations(ctx context.Context, f shopmind.ConversationFilter) ([]*shopmind.Conversation, string, error) {
	after, err := page.DecodeID(kindConversation, f.After)
	if err != nil {
		return nil, "", err
	}
	limit := page.Limit(f.Limit)
	where, args := []string{"id > ?"}, []any{after}
	if f.Status != "" {
		where, args = append(where, "status = ?"), append(args, string(f.Status))
	}
	if f.UserID != "" {
		where, args = append(where, "user_id = ?"), append(args, f.UserID)
	}
	args = append(args, limit+1)
	rows, err := c.q().QueryContext(ctx, "SELECT "+conversationColumns+" FROM conversations WHERE "+
		strings.Join(where, " AND ")+" ORDER BY id LIMIT ?", args...)
	if err != nil {
		return nil, "", fmt.Errorf("conversations: %w", err)
	}
	defer rows.Close()
	var out []*shopmind.Conversation
	for rows.Next() {
		conv, err := scanConversation(rows, false)
		if err != nil {
			return nil, "", fmt.Errorf("conversations: %w", err)
		}
		out = append(out, conv)
	}
	if err := rows.Err(); err != nil {
		return nil, "", fmt.Errorf("conversations: %w", err)
	}
	next := ""
	if len(out) > limit {
		out = out[:limit]
		next = page.EncodeID(kindConversation, out[limit-1].ID)
	}
	return out, next, nil
}

// SaveConversation inserts or replaces a conversation, keeping its messages.
func (c *conn) SaveConversation(ctx context.Context, conv *shopmind.Conversation) error {
	if conv == nil {
		return shopmind.FieldErrorf("id", "conversation is missing")
	}
	if err := conv.Validate(); err != nil {
		return err
	}
	k := c.keyring()
	state, err := sealed.SealState(k, conv.ID, conv.State)
	if err != nil {
		return fmt.Errorf("save conversation %s: %w", conv.ID, err)
	}
	var handoff any
	if conv.HandoffAt != nil {
		handoff = micros(*conv.HandoffAt)
	}
	return c.write(ctx, func(tx *sql.Tx, now time.Time) error {
		if len(state) > 0 {
			if err := recordKey(ctx, tx, k, now); err != nil {
				return err
			}
		}
		var created int64
		err := tx.QueryRowContext(ctx, `INSERT INTO conversations
			(id, user_id, language, status, intent, handoff_reason, handoff_at, state, created_at, updated_at)
			VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, coalesce(?9, ?10), ?10)
			ON CONFLICT (id) DO UPDATE SET user_id = ?2, language = ?3, status = ?4, intent = ?5,
				handoff_reason = ?6, handoff_at = ?7, state = ?8,
				created_at = coalesce(?9, conversations.created_at), updated_at = ?10
			RETURNING created_at`,
			conv.ID, conv.UserID, conv.Language, string(conv.Status), conv.Intent, conv.HandoffReason,
			handoff, state, nullMicros(conv.CreatedAt), micros(now)).Scan(&created)
		if err != nil {
			return fmt.Errorf("save conversation %s: %w", conv.ID, formatError(err))
		}
		conv.CreatedAt, conv.UpdatedAt = fromMicros(created), now
		if conv.HandoffAt != nil {
			t := conv.HandoffAt.UTC().Truncate(time.Microsecond)
			conv.HandoffAt = &t
		}
		return nil
	})
}

// AddMessages appends messages, numbering them after the last one.
func (c *conn) AddMessages(ctx context.Context, id string, msgs []*shopmind.Message) error {
	if err := shopmind.ValidateEach("messages", msgs); err != nil {
		return err
	}
	k := c.keyring()
	return c.write(ctx, func(tx *sql.Tx, now time.Time) error {
		if err := recordKey(ctx, tx, k, now); err != nil {
			return err
		}
		var last int
		err := tx.QueryRowContext(ctx, `SELECT coalesce((SELECT max(seq) FROM messages WHERE conversation_id = ?1), 0)
			FROM conversations WHERE id = ?1`, id).Scan(&last)
		if err == sql.ErrNoRows {
			return notFound("conversation", id)
		} else if err != nil {
			return fmt.Errorf("add messages %s: %w", id, formatError(err))
		}
		stmt, err := tx.PrepareContext(ctx, `INSERT INTO messages
			(conversation_id, seq, role, author, text, intent, confidence, slots, actions, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
		if err != nil {
			return fmt.Errorf("add messages %s: %w", id, formatError(err))
		}
		defer stmt.Close()
		for _, m := range msgs {
			slots, err := encodeJSON("slots", m.Slots)
			if err != nil {
				return err
			}
			actions, err := encodeJSON("actions", m.Actions)
			if err != nil {
				return err
			}
			created := m.CreatedAt.UTC().Truncate(time.Microsecond)
			if m.CreatedAt.IsZero() {
				created = now
			}
			last++
			vals := []string{m.Author, m.Text, slots, actions}
			if err := sealed.Messages.Seal(k, vals, id, strconv.Itoa(last)); err != nil {
				return fmt.Errorf("add messages %s: %w", id, err)
			}
			if _, err := stmt.ExecContext(ctx, id, last, m.Role, vals[0], vals[1], m.Intent, m.Confidence,
				vals[2], vals[3], micros(created)); err != nil {
				return fmt.Errorf("add messages %s: %w", id, formatError(err))
			}
			m.ConversationID, m.Seq, m.CreatedAt = id, last, created
		}
		return nil
	})
}

// Messages returns a conversation's messages after seq after, oldest first.
func (c *conn) Messages(ctx context.Context, id string, after, limit int) ([]*shopmind.Message, error) {
	var one int
	err := c.q().QueryRowContext(ctx, "SELECT 1 FROM conversations WHERE id = ?", id).Scan(&one)
	if err == sql.ErrNoRows {
		return nil, notFound("conversation", id)
	} else if err != nil {
		return nil, fmt.Errorf("messages %s: %w", id, err)
	}
	rows, err := c.q().QueryContext(ctx, `SELECT seq, role, author, text, intent, confidence, slots, actions, created_at
		FROM messages WHERE conversation_id = ? AND seq > ? ORDER BY seq LIMIT ?`, id, after, page.Limit(limit))
	if err != nil {
		return nil, fmt.Errorf("messages %s: %w", id, err)
	}
	defer rows.Close()
	k := c.keyring()
	var out []*shopmind.Message
	for rows.Next() {
		m := shopmind.Message{ConversationID: id}
		var slots, actions string
		var created int64
		if err := rows.Scan(&m.Seq, &m.Role, &m.Author, &m.Text, &m.Intent, &m.Confidence, &slots, &actions, &created); err != nil {
			return nil, fmt.Errorf("messages %s: %w", id, err)
		}
		vals := []string{m.Author, m.Text, slots, actions}
		if err := sealed.Messages.Open(k, vals, id, strconv.Itoa(m.Seq)); err != nil {
			return nil, fmt.Errorf("messages %s: %w", id, err)
		}
		m.Author, m.Text, slots, actions = vals[0], vals[1], vals[2], vals[3]
		if err := decodeJSON("slots", slots, &m.Slots); err != nil {
			return nil, err
		}
		if err := decodeJSON("actions", actions, &m.Actions); err != nil {
			return nil, err
		}
		m.CreatedAt = fromMicros(created)
		out = append(out, &m)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("messages %s: %w", id, err)
	}
	return out, nil
}

// DeleteConversation removes a conversation and its messages.
func (c *conn) DeleteConversation(ctx context.Context, id string) error {
	return c.write(ctx, func(tx *sql.Tx, _ time.Time) error {
		res, err := tx.ExecContext(ctx, "DELETE FROM conversations WHERE id = ?", id)
		if err != nil {
			return fmt.Errorf("delete conversation %s: %w", id, formatError(err))
		}
		if rowsAffected(res) == 0 {
			return notFound("conversation", id)
		}
		return nil
	})
}

func scanConversation(s scanner, withState bool) (*shopmind.Conversation, error) {
	var (
		conv             shopmind.Conversation
		handoff          sql.NullInt64
		created, updated int64
	)
	dest := []any{&conv.ID, &conv.UserID, &conv.Language, &conv.Status, &conv.Intent, &conv.HandoffReason,
		&handoff, &created, &updated, &conv.Messages}
	if withState {
		dest = append(dest, &conv.State)
	}
	if err := s.Scan(dest...); err != nil {
		return nil, err
	}
	if handoff.Valid {
		t := fromMicros(handoff.Int64)
		conv.HandoffAt = &t
	}
	if withState && conv.State == nil {
		conv.State = []byte{}
	}
	conv.CreatedAt, conv.UpdatedAt = fromMicros(created), fromMicros(updated)
	return &conv, nil
}
