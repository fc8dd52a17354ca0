package httpapi

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/shopmind/shopmind"
	"github.com/shopmind/shopmind/mock"
)

// newAssistantServer serves a mock assistant that knows conversation "c1"
// and validates text as the real one does.
func newAssistantServer(t *testing.T, calls *int) http.Handler {
	t.Helper()
	known := func(id string) error {
		if id != "c1" {
			return shopmind.Errorf(shopmind.ENOTFOUND, "conversation %q not found", id)
		}
		return nil
	}
	a := &mock.Assistant{
		StartFn: func(_ context.Context, c *shopmind.Conversation) (*shopmind.Conversation, error) {
			if c.ID == "" {
				c.ID = "c-new"
			}
			return c, c.Validate()
		},
		SendFn: func(_ context.Context, id, text string) (*shopmind.Turn, error) {
			*calls++
			if err := shopmind.ValidateText("text", text); err != nil {
				return nil, err
			}
			if err := known(id); err != nil {
				return nil, err
			}
			return &shopmind.Turn{ConversationID: id, Reply: "Order A-1001 has shipped.", Intent: "order_status", Confidence: 0.97,
				Slots: map[string]string{"order_id": "A-1001"}, Actions: []shopmind.Action{{Type: "order_status", OrderID: "A-1001"}},
				Status: shopmind.ConversationOpen}, nil
		},
		TranscriptFn: func(_ context.Context, id string) (*shopmind.Handoff, error) {
			if err := known(id); err != nil {
				return nil, err
			}
			return &shopmind.Handoff{Conversation: &shopmind.Conversation{ID: id, Status: shopmind.ConversationOpen},
				Transcript: []*shopmind.Message{{Seq: 1, Role: "user", Text: "hi"}}}, nil
		},
		HandoffsFn: func(_ context.Context, limit int) ([]*shopmind.Handoff, error) {
			if limit != 5 {
				t.Errorf("limit %d, want 5", limit)
			}
			return nil, nil
		},
		ReplyFn: func(_ context.Context, id, author, text string, resolve bool) (*shopmind.Message, error) {
			if err := known(id); err != nil {
				return nil, err
			}
			if !resolve || author != "ana" {
				t.Errorf("reply author %q resolve %v", author, resolve)
			}
			return &shopmind.Message{ConversationID: id, Seq: 3, Role: shopmind.RoleAgent, Author: author, Text: text}, nil
		},
	}
	srv := newTestServer(t, newMockStore())
	srv.HandleAssistant(a)
	return srv.Handler()
}

func TestAssistantRoutes(t *testing.T) {
	calls := 0
	h := newAssistantServer(t, &calls)
	t.Run("Start", func(t *testing.T) {
		rec := request{method: "POST", path: "/v1/conversations", key: writeKey, body: NewConversation{UserID: "u1"}}.do(t, h)
		var c shopmind.Conversation
		decodeBody(t, rec, &c)
		if rec.Code != http.StatusCreated || c.ID != "c-new" || c.UserID != "u1" {
			t.Fatalf("status %d body %s", rec.Code, rec.Body)
		}
	})
	t.Run("StartNoBody", func(t *testing.T) {
		rec := request{method: "POST", path: "/v1/conversations", key: writeKey}.do(t, h)
		if rec.Code != http.StatusCreated {
			t.Fatalf("status %d body %s", rec.Code, rec.Body)
		}
	})
	t.Run("Send", func(t *testing.T) {
		rec := request{method: "POST", path: "/v1/conversations/c1/messages", key: writeKey, body: MessageIn{Text: "where is A-1001?"}}.do(t, h)
		var turn shopmind.Turn
		decodeBody(t, rec, &turn)
		if rec.Code != http.StatusOK || turn.Intent != "order_status" || turn.Confidence != 0.97 || turn.Slots["order_id"] != "A-1001" ||
			len(turn.Actions) != 1 || turn.Actions[0].OrderID != "A-1001" || turn.Reply == "" {
			t.Fatalf("status %d body %s", rec.Code, rec.Body)
		}
	})
	t.Run("Transcript", func(t *testing.T) {
		rec := request{method: "GET", path: "/v1/conversations/c1", key: readKey}.do(t, h)
		var tr shopmind.Handoff
		decodeBody(t, rec, &tr)
		if rec.Code != http.StatusOK || tr.Conversation.ID != "c1" || len(tr.Transcript) != 1 {
			t.Fatalf("status %d body %s", rec.Code, rec.Body)
		}
	})
	t.Run("Handoffs", func(t *testing.T) {
		rec := request{method: "GET", path: "/v1/handoffs?limit=5", key: readKey}.do(t, h)
		if rec.Code != http.StatusOK || strings.TrimSpace(rec.Body.String()) != `{"handoffs":[]}` {
			t.Fatalf("status %d body %s", rec.Code, rec.Body)
		}
	})
	t.Run("Reply", func(t *testing.T) {
		rec := request{method: "POST", path: "/v1/conversations/c1/replies", key: writeKey, body: AgentReply{Author: "ana", Text: "Hi, Ana here.", Resolve: true}}.do(t, h)
		var m shopmind.Message
		decodeBody(t, rec, &m)
		if rec.Code != http.StatusCreated || m.Role != "agent" || m.Seq != 3 {
			t.Fatalf("status %d body %s", rec.Code, rec.Body)
		}
	})

	big := `{"text":"` + strings.Repeat("a", 100<<10) + `"}`
	for _, tt := range []struct {
		name, method, path, key string
		body                    any
		status                  int
		code, field             string
		reachesAssistant        bool
	}{
		{"ErrEmptyMessage", "POST", "/v1/conversations/c1/messages", writeKey, `{"text":"  "}`, 400, shopmind.EINVALID, "text", true},
		{"ErrMissingText", "POST", "/v1/conversations/c1/messages", writeKey, `{}`, 400, shopmind.EINVALID, "text", true},
		{"ErrHugeMessage", "POST", "/v1/conversations/c1/messages", writeKey, big, 413, shopmind.ETOOLARGE, "text", true},
		{"ErrInvalidUTF8", "POST", "/v1/conversations/c1/messages", writeKey, []byte("{\"text\":\"caf\xe9\"}"), 400, shopmind.EINVALID, "text", false},
		{"ErrUnknownConversation", "POST", "/v1/conversations/nope/messages", writeKey, MessageIn{Text: "hi"}, 404, shopmind.ENOTFOUND, "", true},
		{"ErrUnknownField", "POST", "/v1/conversations/c1/messages", writeKey, `{"txt":"hi"}`, 400, shopmind.EINVALID, "txt", false},
		{"ErrEmptyBody", "POST", "/v1/conversations/c1/messages", writeKey, ``, 400, shopmind.EINVALID, "", false},
		{"ErrReadKeyCannotSend", "POST", "/v1/conversations/c1/messages", readKey, MessageIn{Text: "hi"}, 403, shopmind.EFORBIDDEN, "", false},
		{"ErrNoKey", "POST", "/v1/conversations/c1/messages", "", MessageIn{Text: "hi"}, 401, shopmind.EUNAUTHORIZED, "", false},
		{"ErrUnknownTranscript", "GET", "/v1/conversations/nope", readKey, nil, 404, shopmind.ENOTFOUND, "", false},
		{"ErrBadLanguage", "POST", "/v1/conversations", writeKey, NewConversation{Language: "fr"}, 400, shopmind.EINVALID, "language", false},
		{"ErrBadLimit", "GET", "/v1/handoffs?limit=0", readKey, nil, 400, shopmind.EINVALID, "limit", false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			before := calls
			rec := request{method: tt.method, path: tt.path, key: tt.key, body: tt.body}.do(t, h)
			if rec.Code != tt.status {
				t.Fatalf("status %d, want %d: %s", rec.Code, tt.status, rec.Body)
			}
			e := decodeError(t, rec)
			if e.Code != tt.code || tt.field != "" && e.Field != tt.field {
				t.Fatalf("error %+v, want code %s field %s", e, tt.code, tt.field)
			}
			if reached := calls > before; reached != tt.reachesAssistant && tt.method == "POST" && strings.HasSuffix(tt.path, "/messages") {
				t.Fatalf("assistant reached = %v, want %v", reached, tt.reachesAssistant)
			}
		})
	}
}
