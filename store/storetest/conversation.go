package storetest

import (
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/shopmind/shopmind"
)

func testConversations(t *testing.T, open Opener) {
	t.Run("SaveAndGet", func(t *testing.T) {
		s := open(t)
		c := &shopmind.Conversation{ID: "c1", UserID: "u1", Language: "en", State: []byte(`{"slots":{"order_id":"A1"}}`)}
		clk := startClock()
		must(t, s.SaveConversation(ctx(), c))
		clk.check(t, "CreatedAt", c.CreatedAt)
		equal(t, "status default", c.Status, shopmind.ConversationOpen)
		got, err := s.Conversation(ctx(), "c1")
		must(t, err)
		equal(t, "state", string(got.State), `{"slots":{"order_id":"A1"}}`)
		equal(t, "user", got.UserID, "u1")
		equal(t, "created", got.CreatedAt, c.CreatedAt)
		equal(t, "handoff_at", got.HandoffAt, (*time.Time)(nil))

		pause()
		at := base
		c.Status, c.Intent, c.HandoffReason, c.HandoffAt, c.State = shopmind.ConversationHandoff, "complaint", "complaint", &at, []byte(`{}`)
		c.CreatedAt = time.Time{} // keeps the stored one
		must(t, s.SaveConversation(ctx(), c))
		got, err = s.Conversation(ctx(), "c1")
		must(t, err)
		equal(t, "status", got.Status, shopmind.ConversationHandoff)
		equal(t, "reason", got.HandoffReason, "complaint")
		equal(t, "intent", got.Intent, "complaint")
		equal(t, "handoff_at", *got.HandoffAt, stored(base))
		equal(t, "created kept", got.CreatedAt, c.CreatedAt)
		if !got.UpdatedAt.After(got.CreatedAt) {
			t.Errorf("UpdatedAt %v not after CreatedAt %v", got.UpdatedAt, got.CreatedAt)
		}
	})
	t.Run("Invalid", func(t *testing.T) {
		s := open(t)
		tests := []struct {
			name  string
			c     *shopmind.Conversation
			field string
		}{
			{"ErrIDRequired", &shopmind.Conversation{}, "id"},
			{"ErrLanguage", &shopmind.Conversation{ID: "c", Language: "fr"}, "language"},
			{"ErrStatus", &shopmind.Conversation{ID: "c", Status: "waiting"}, "status"},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				wantCode(t, s.SaveConversation(ctx(), tt.c), shopmind.EINVALID, tt.field)
			})
		}
		_, err := s.Conversation(ctx(), "nope")
		wantCode(t, err, shopmind.ENOTFOUND, "")
		wantCode(t, s.DeleteConversation(ctx(), "nope"), shopmind.ENOTFOUND, "")
		_, err = s.Messages(ctx(), "nope", 0, 0)
		wantCode(t, err, shopmind.ENOTFOUND, "")
		wantCode(t, s.AddMessages(ctx(), "nope", []*shopmind.Message{{Role: "user", Text: "hi"}}), shopmind.ENOTFOUND, "")
	})
	t.Run("Messages", func(t *testing.T) {
		s := open(t)
		must(t, s.SaveConversation(ctx(), &shopmind.Conversation{ID: "c1"}))
		in := []*shopmind.Message{
			{Role: shopmind.RoleShopper, Text: "where is order A-1001?"},
			{Role: shopmind.RoleAssistant, Text: "It has shipped.", Intent: "order_status", Confidence: 0.93,
				Slots: map[string]string{"order_id": "A-1001"}, Actions: []shopmind.Action{{Type: "order_status", OrderID: "A-1001"}}},
		}
		clk := startClock()
		must(t, s.AddMessages(ctx(), "c1", in))
		equal(t, "seqs", []int{in[0].Seq, in[1].Seq}, []int{1, 2})
		clk.check(t, "message CreatedAt", in[0].CreatedAt)
		must(t, s.AddMessages(ctx(), "c1", []*shopmind.Message{{Role: shopmind.RoleAgent, Author: "ana", Text: "你好", CreatedAt: base}}))
		got, err := s.Messages(ctx(), "c1", 0, 0)
		must(t, err)
		if len(got) != 3 {
			t.Fatalf("got %d messages, want 3", len(got))
		}
		equal(t, "second", got[1], in[1])
		equal(t, "third author", got[2].Author, "ana")
		equal(t, "third time", got[2].CreatedAt, stored(base))
		equal(t, "third seq", got[2].Seq, 3)
		after, err := s.Messages(ctx(), "c1", 1, 1)
		must(t, err)
		if len(after) != 1 || after[0].Seq != 2 {
			t.Errorf("Messages after 1 limit 1 = %s, want seq 2", dump(after))
		}
		conv, err := s.Conversation(ctx(), "c1")
		must(t, err)
		equal(t, "message count", conv.Messages, 3)

		bad := []struct {
			name  string
			m     *shopmind.Message
			code  string
			field string
		}{
			{"ErrEmpty", &shopmind.Message{Role: "user", Text: "  "}, shopmind.EINVALID, "messages[0].text"},
			{"ErrRole", &shopmind.Message{Role: "bot", Text: "hi"}, shopmind.EINVALID, "messages[0].role"},
			{"ErrUTF8", &shopmind.Message{Role: "user", Text: "a\xffb"}, shopmind.EINVALID, "messages[0].text"},
			{"ErrTooLarge", &shopmind.Message{Role: "user", Text: string(make([]byte, shopmind.MaxMessageLength+1))}, shopmind.ETOOLARGE, "messages[0].text"},
		}
		for _, tt := range bad {
			t.Run(tt.name, func(t *testing.T) {
				wantCode(t, s.AddMessages(ctx(), "c1", []*shopmind.Message{tt.m}), tt.code, tt.field)
			})
		}
		got, err = s.Messages(ctx(), "c1", 0, 0)
		must(t, err)
		equal(t, "messages after bad input", len(got), 3)
	})
	t.Run("Concurrent", func(t *testing.T) {
		s := open(t)
		must(t, s.SaveConversation(ctx(), &shopmind.Conversation{ID: "c1"}))
		var wg sync.WaitGroup
		errs := make(chan error, 8)
		for i := range 8 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				errs <- s.AddMessages(ctx(), "c1", []*shopmind.Message{{Role: "user", Text: fmt.Sprint("m", i)}, {Role: "assistant", Text: "ok"}})
			}()
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			must(t, err)
		}
		got, err := s.Messages(ctx(), "c1", 0, 100)
		must(t, err)
		if len(got) != 16 {
			t.Fatalf("got %d messages, want 16", len(got))
		}
		for i, m := range got {
			if m.Seq != i+1 {
				t.Fatalf("message %d has seq %d", i, m.Seq)
			}
			if i%2 == 1 && m.Text != "ok" {
				t.Errorf("message %d = %q: a batch was interleaved", i, m.Text)
			}
		}
	})
	t.Run("ListAndDelete", func(t *testing.T) {
		s := open(t)
		for _, c := range []*shopmind.Conversation{
			{ID: "a", UserID: "u1"}, {ID: "b", Status: shopmind.ConversationHandoff}, {ID: "c", UserID: "u1", Status: shopmind.ConversationHandoff}, {ID: "d"},
		} {
			must(t, s.SaveConversation(ctx(), c))
		}
		must(t, s.AddMessages(ctx(), "c", []*shopmind.Message{{Role: "user", Text: "hi"}}))
		ids := func(f shopmind.ConversationFilter) []string {
			t.Helper()
			var out []string
			for {
				cs, next, err := s.Conversations(ctx(), f)
				must(t, err)
				for _, c := range cs {
					if c.State != nil {
						t.Errorf("listed conversation %s has State", c.ID)
					}
					out = append(out, c.ID)
				}
				if next == "" {
					return out
				}
				f.After = next
			}
		}
		equal(t, "all by 3", ids(shopmind.ConversationFilter{Limit: 3}), []string{"a", "b", "c", "d"})
		equal(t, "handoff", ids(shopmind.ConversationFilter{Status: shopmind.ConversationHandoff, Limit: 1}), []string{"b", "c"})
		equal(t, "user", ids(shopmind.ConversationFilter{UserID: "u1"}), []string{"a", "c"})
		// A customer's conversations page by page (GET /v1/users/{id}/conversations).
		equal(t, "user by 1", ids(shopmind.ConversationFilter{UserID: "u1", Limit: 1}), []string{"a", "c"})
		equal(t, "user without any", ids(shopmind.ConversationFilter{UserID: "u9"}), []string(nil))
		must(t, s.AddMessages(ctx(), "c", []*shopmind.Message{{Role: "assistant", Text: "hello"}}))
		first, err := s.Messages(ctx(), "c", 0, 1)
		must(t, err)
		if len(first) != 1 || first[0].Seq != 1 || first[0].Text != "hi" {
			t.Errorf("first message of c: %+v, want seq 1 \"hi\"", first)
		}
		_, _, err = s.Conversations(ctx(), shopmind.ConversationFilter{After: "garbage!"})
		wantCode(t, err, shopmind.EINVALID, "")
		must(t, s.DeleteConversation(ctx(), "c"))
		_, err = s.Messages(ctx(), "c", 0, 0)
		wantCode(t, err, shopmind.ENOTFOUND, "")
		equal(t, "after delete", ids(shopmind.ConversationFilter{}), []string{"a", "b", "d"})
		_, err = s.Conversation(ctx(), "c")
		wantCode(t, err, shopmind.ENOTFOUND, "")
		wantCode(t, s.DeleteConversation(ctx(), "c"), shopmind.ENOTFOUND, "")
		// The transcript went with it: a new conversation under the same id
		// starts empty (deleted shopper messages never come back).
		must(t, s.SaveConversation(ctx(), &shopmind.Conversation{ID: "c"}))
		msgs, err := s.Messages(ctx(), "c", 0, 0)
		must(t, err)
		if len(msgs) != 0 {
			t.Errorf("recreated conversation has %d messages of the deleted one: %+v", len(msgs), msgs[0])
		}
	})
	t.Run("TxRollback", func(t *testing.T) {
		s := open(t)
		must(t, s.SaveConversation(ctx(), &shopmind.Conversation{ID: "c1", State: []byte("v1")}))
		err := s.Tx(ctx(), func(tx shopmind.Store) error {
			if err := tx.SaveConversation(ctx(), &shopmind.Conversation{ID: "c1", State: []byte("v2")}); err != nil {
				return err
			}
			if err := tx.AddMessages(ctx(), "c1", []*shopmind.Message{{Role: "user", Text: "ok"}}); err != nil {
				return err
			}
			return tx.AddMessages(ctx(), "c1", []*shopmind.Message{{Role: "user", Text: ""}})
		})
		wantCode(t, err, shopmind.EINVALID, "messages[0].text")
		got, err := s.Conversation(ctx(), "c1")
		must(t, err)
		equal(t, "state kept", string(got.State), "v1")
		equal(t, "messages", got.Messages, 0)
	})
}
