package postgres

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"

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
	row := c.q().QueryRow(ctx, "SELECT "+conversationColumns+", state FROM conversations WHERE id = $1", id)
	conv, err := scanConversation(row, true)
	if isNoRows(err) {
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
	var w where
	w.add("id > ?", after)
	if f.Status != "" {
		w.add("status = ?", string(f.Status))
	}
	if f.UserID != "" {
		w.add("user_id = ?", f.UserID)
	}
	lim := w.arg(limit + 1)
	rows, err := c.q().Query(ctx, "SELECT "+conversationColumns+" FROM conversations"+w.sql()+" ORDER BY id LIMIT "+lim, w.args...)
	if err != nil {
		return nil, "", fmt.Errorf("conversations: %w", err)
	}
	out, err := collectRows(rows, func(r pgx.Row) (*shopmind.Conversation, error) { return scanConversation(r, false) })
	if err != nil {
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
		handoff = storedTime(*conv.HandoffAt)
	}
	return c.write(ctx, func(tx pgx.Tx, now time.Time) error {
		if len(state) > 0 {
			if err := recordKey(ctx, tx, k, now); err != nil {
				return err
			}
		}
		var created time.Time
		err := tx.QueryRow(ctx, `INSERT INTO conversations
			(id, user_id, language, status, intent, handoff_reason, handoff_at, state, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, coalesce($9::timestamptz, $10::timestamptz), $10::timestamptz)
			ON CONFLICT (id) DO UPDATE SET user_id = $2, language = $3, status = $4, intent = $5,
				handoff_reason = $6, handoff_at = $7, state = $8,
				created_at = coalesce($9::timestamptz, conversations.created_at), updated_at = $10::timestamptz
			RETURNING created_at`,
			conv.ID, conv.UserID, conv.Language, string(conv.Status), conv.Intent, conv.HandoffReason,
			handoff, state, stamp(conv.CreatedAt), now).Scan(&created)
		if err != nil {
			return fmt.Errorf("save conversation %s: %w", conv.ID, formatError(err))
		}
		conv.CreatedAt, conv.UpdatedAt = created.UTC(), storedTime(now)
		if conv.HandoffAt != nil {
			t := storedTime(*conv.HandoffAt)
			conv.HandoffAt = &t
		}
		return nil
	})
}

// AddMessages appends messages, numbering them after the last one. The
// conversation's row is locked so concurrent appends queue.
func (c *conn) AddMessages(ctx context.Context, id string, msgs []*shopmind.Message) error {
	if err := shopmind.ValidateEach("messages", msgs); err != nil {
		return err
	}
	k := c.keyring()
	return c.write(ctx, func(tx pgx.Tx, now time.Time) error {
		var one int
		if err := tx.QueryRow(ctx, "SELECT 1 FROM conversations WHERE id = $1 FOR UPDATE", id).Scan(&one); isNoRows(err) {
			return notFound("conversation", id)
		} else if err != nil {
			return fmt.Errorf("add messages %s: %w", id, formatError(err))
		}
		if err := recordKey(ctx, tx, k, now); err != nil {
			return err
		}
		var last int
		if err := tx.QueryRow(ctx, "SELECT coalesce(max(seq), 0) FROM messages WHERE conversation_id = $1", id).Scan(&last); err != nil {
			return fmt.Errorf("add messages %s: %w", id, formatError(err))
		}
		for _, m := range msgs {
			slots, err := encodeJSON("slots", m.Slots)
			if err != nil {
				return err
			}
			actions, err := encodeJSON("actions", m.Actions)
			if err != nil {
				return err
			}
			created := storedTime(m.CreatedAt)
			if m.CreatedAt.IsZero() {
				created = storedTime(now)
			}
			last++
			vals := []string{m.Author, m.Text, slots, actions}
			if err := sealed.Messages.Seal(k, vals, id, strconv.Itoa(last)); err != nil {
				return fmt.Errorf("add messages %s: %w", id, err)
			}
			if _, err := tx.Exec(ctx, `INSERT INTO messages
				(conversation_id, seq, role, author, text, intent, confidence, slots, actions, created_at)
				VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
				id, last, m.Role, vals[0], vals[1], m.Intent, m.Confidence, vals[2], vals[3], created); err != nil {
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
	if err := c.q().QueryRow(ctx, "SELECT 1 FROM conversations WHERE id = $1", id).Scan(&one); isNoRows(err) {
		return nil, notFound("conversation", id)
	} else if err != nil {
		return nil, fmt.Errorf("messages %s: %w", id, err)
	}
	rows, err := c.q().Query(ctx, `SELECT seq, role, author, text, intent, confidence, slots, actions, created_at
		FROM messages WHERE conversation_id = $1 AND seq > $2 ORDER BY seq LIMIT $3`, id, after, page.Limit(limit))
	if err != nil {
		return nil, fmt.Errorf("messages %s: %w", id, err)
	}
	k := c.keyring()
	out, err := collectRows(rows, func(r pgx.Row) (*shopmind.Message, error) {
		m := shopmind.Message{ConversationID: id}
		var slots, actions string
		if err := r.Scan(&m.Seq, &m.Role, &m.Author, &m.Text, &m.Intent, &m.Confidence, &slots, &actions, &m.CreatedAt); err != nil {
			return nil, err
		}
		vals := []string{m.Author, m.Text, slots, actions}
		if err := sealed.Messages.Open(k, vals, id, strconv.Itoa(m.Seq)); err != nil {
			return nil, err
		}
		m.Author, m.Text = vals[0], vals[1]
		if err := decodeJSON("slots", []byte(vals[2]), &m.Slots); err != nil {
			return nil, err
		}
		if err := decodeJSON("actions", []byte(vals[3]), &m.Actions); err != nil {
			return nil, err
		}
		m.CreatedAt = m.CreatedAt.UTC()
		return &m, nil
	})
	if err != nil {
		return nil, fmt.Errorf("messages %s: %w", id, err)
	}
	return out, nil
}

// DeleteConversation removes a conversation and its messages.
func (c *conn) DeleteConversation(ctx context.Context, id string) error {
	return c.write(ctx, func(tx pgx.Tx, _ time.Time) error {
		tag, err := tx.Exec(ctx, "DELETE FROM conversations WHERE id = $1", id)
		if err != nil {
			return fmt.Errorf("delete conversation %s: %w", id, formatError(err))
		}
		if tag.RowsAffected() == 0 {
			return notFound("conversation", id)
		}
		return nil
	})
}

func scanConversation(row pgx.Row, withState bool) (*shopmind.Conversation, error) {
	var (
		conv    shopmind.Conversation
		handoff *time.Time
	)
	dest := []any{&conv.ID, &conv.UserID, &conv.Language, &conv.Status, &conv.Intent, &conv.HandoffReason,
		&handoff, &conv.CreatedAt, &conv.UpdatedAt, &conv.Messages}
	if withState {
		dest = append(dest, &conv.State)
	}
	if err := row.Scan(dest...); err != nil {
		return nil, err
	}
	if handoff != nil {
		t := handoff.UTC()
		conv.HandoffAt = &t
	}
	if withState && conv.State == nil {
		conv.State = []byte{}
	}
	conv.CreatedAt, conv.UpdatedAt = conv.CreatedAt.UTC(), conv.UpdatedAt.UTC()
	return &conv, nil
}
