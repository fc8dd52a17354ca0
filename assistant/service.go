package assistant

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/shopmind/shopmind"
)

var _ shopmind.Assistant = (*Service)(nil)

// Service is the customer-service assistant on a store: it keeps each
// conversation, its messages and dialogue state in the store and answers
// with an Engine.
type Service struct {
	Store  shopmind.AssistantStore
	Engine *Engine
	Now    func() time.Time
	Logger *slog.Logger

	attemptsOnce sync.Once
	attempts     *AttemptLog
}

func (s *Service) now() time.Time {
	if s.Now != nil {
		return s.Now()
	}
	return time.Now()
}

// Start creates a conversation; an empty ID gets a random one. An existing
// ID is ECONFLICT.
func (s *Service) Start(ctx context.Context, c *shopmind.Conversation) (*shopmind.Conversation, error) {
	if c == nil {
		c = &shopmind.Conversation{}
	}
	if c.ID == "" {
		var b [8]byte
		_, _ = rand.Read(b[:])
		c.ID = "c-" + hex.EncodeToString(b[:])
	}
	c.Status, c.State, c.HandoffAt, c.HandoffReason, c.Intent = shopmind.ConversationOpen, nil, nil, "", ""
	if err := c.Validate(); err != nil {
		return nil, err
	}
	err := s.Store.Tx(ctx, func(tx shopmind.Store) error {
		if _, err := tx.Conversation(ctx, c.ID); err == nil {
			return shopmind.Errorf(shopmind.ECONFLICT, "conversation %q already exists", c.ID)
		} else if shopmind.ErrorCode(err) != shopmind.ENOTFOUND {
			return err
		}
		return tx.SaveConversation(ctx, c)
	})
	if err != nil {
		return nil, err
	}
	return c, nil
}

// Send answers a shopper message; see shopmind.Assistant.
func (s *Service) Send(ctx context.Context, id, text string) (*shopmind.Turn, error) {
	if err := shopmind.ValidateID("id", id); err != nil {
		return nil, err
	}
	if err := shopmind.ValidateText("text", text); err != nil {
		return nil, err
	}
	var out *shopmind.Turn
	err := s.Store.Tx(ctx, func(tx shopmind.Store) error {
		// Appending first locks the conversation (stores serialise appends
		// to one conversation), so concurrent turns read each other's state.
		in := &shopmind.Message{Role: shopmind.RoleShopper, Text: text}
		if err := tx.AddMessages(ctx, id, []*shopmind.Message{in}); err != nil {
			return err
		}
		conv, err := tx.Conversation(ctx, id)
		if err != nil {
			return err
		}
		if conv.Status == shopmind.ConversationClosed {
			return shopmind.Errorf(shopmind.ECONFLICT, "conversation %q is closed", id)
		}
		if conv.Status == shopmind.ConversationHandoff {
			// A person answers: the message waits for them.
			out = &shopmind.Turn{ConversationID: id, Intent: conv.Intent, Status: conv.Status,
				Actions: []shopmind.Action{{Type: "waiting_for_agent"}}}
			return tx.SaveConversation(ctx, conv)
		}
		st, err := DecodeState(conv.State)
		if err != nil {
			s.log().Warn("dialogue state unreadable; starting afresh", "conversation", id, "err", err)
			st = &State{}
		}
		e := *s.Engine
		e.Orders = tx // order changes commit with the turn
		e.Personal = tx
		if e.OrderAttempts == nil {
			e.OrderAttempts = s.attemptLog()
		}
		turn, err := e.Respond(ctx, st, conv.UserID, text)
		if err != nil {
			return err
		}
		turn.ConversationID = id
		reply := &shopmind.Message{Role: shopmind.RoleAssistant, Text: turn.Reply, Intent: turn.Intent,
			Confidence: turn.Confidence, Slots: turn.Slots, Actions: turn.Actions}
		if reply.Text == "" {
			reply.Text = "…"
		}
		if err := tx.AddMessages(ctx, id, []*shopmind.Message{reply}); err != nil {
			return err
		}
		conv.State, conv.Intent = st.Encode(), turn.Intent
		if conv.Language == "" {
			conv.Language = st.Lang
		}
		if turn.Status == shopmind.ConversationHandoff {
			now := s.now().UTC()
			conv.Status, conv.HandoffAt = shopmind.ConversationHandoff, &now
			for _, a := range turn.Actions {
				if a.Type == "handoff" {
					conv.HandoffReason = a.Data["reason"]
				}
			}
		}
		out = turn
		return tx.SaveConversation(ctx, conv)
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// attemptLog is the failed-proof log of an Engine that has none.
func (s *Service) attemptLog() *AttemptLog {
	s.attemptsOnce.Do(func() { s.attempts = &AttemptLog{} })
	return s.attempts
}

func (s *Service) log() *slog.Logger {
	if s.Logger != nil {
		return s.Logger
	}
	return slog.Default()
}

// Transcript returns a conversation and all its messages.
func (s *Service) Transcript(ctx context.Context, id string) (*shopmind.Handoff, error) {
	conv, err := s.Store.Conversation(ctx, id)
	if err != nil {
		return nil, err
	}
	msgs, err := allMessages(ctx, s.Store, id)
	if err != nil {
		return nil, err
	}
	conv.State = nil
	return &shopmind.Handoff{Conversation: conv, Transcript: msgs}, nil
}

// Delete removes a conversation and its transcript.
func (s *Service) Delete(ctx context.Context, id string) error {
	if err := shopmind.ValidateID("id", id); err != nil {
		return err
	}
	return s.Store.DeleteConversation(ctx, id)
}

func allMessages(ctx context.Context, store shopmind.ConversationService, id string) ([]*shopmind.Message, error) {
	var out []*shopmind.Message
	after := 0
	for {
		page, err := store.Messages(ctx, id, after, shopmind.MaxLimit)
		if err != nil {
			return nil, fmt.Errorf("transcript %s: %w", id, err)
		}
		out = append(out, page...)
		if len(page) < shopmind.MaxLimit {
			return out, nil
		}
		after = page[len(page)-1].Seq
	}
}

// Reply stores a person's message; resolve gives the conversation back to
// the assistant.
func (s *Service) Reply(ctx context.Context, id, author, text string, resolve bool) (*shopmind.Message, error) {
	if err := shopmind.ValidateText("text", text); err != nil {
		return nil, err
	}
	if len(author) > 100 {
		return nil, shopmind.FieldErrorf("author", "author is longer than 100 bytes")
	}
	m := &shopmind.Message{Role: shopmind.RoleAgent, Author: author, Text: text}
	err := s.Store.Tx(ctx, func(tx shopmind.Store) error {
		conv, err := tx.Conversation(ctx, id)
		if err != nil {
			return err
		}
		if err := tx.AddMessages(ctx, id, []*shopmind.Message{m}); err != nil {
			return err
		}
		if resolve {
			conv.Status, conv.HandoffReason, conv.HandoffAt = shopmind.ConversationOpen, "", nil
			if st, err := DecodeState(conv.State); err == nil {
				st.Failures, st.Form, st.Suspended = 0, nil, nil
				conv.State = st.Encode()
			}
		}
		return tx.SaveConversation(ctx, conv)
	})
	if err != nil {
		return nil, err
	}
	return m, nil
}
