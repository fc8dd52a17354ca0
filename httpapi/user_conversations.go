package httpapi

import (
	"net/http"
	"strconv"

	"github.com/shopmind/shopmind"
	"github.com/shopmind/shopmind/privacy"
)

// UserConversation is one of a customer's conversations with its first
// message, which says what it is about.
type UserConversation struct {
	Conversation *shopmind.Conversation `json:"conversation"`
	// FirstMessage is the conversation's first message (usually the
	// shopper's), redacted below the admin role as transcripts are; absent
	// when it has none.
	FirstMessage *shopmind.Message `json:"first_message,omitempty"`
}

// UserConversationList is a page of a customer's conversations.
type UserConversationList struct {
	Conversations []*UserConversation `json:"conversations"`
	Next          string              `json:"next"`
}

func (s *Server) userConversationRoute() Route {
	return Route{Method: "GET", Pattern: "/v1/users/{id}/conversations",
		Summary: "A customer's conversations with the assistant, in id order, each with its first message (e-mails, phone numbers and postcodes redacted below the admin role, as in transcripts)",
		Tag:     "users", Role: shopmind.RoleRead, Response: UserConversationList{}, Handler: s.handleUserConversations,
		Params: []Param{paramAfter, paramLimit}}
}

// handleUserConversations lists the conversations whose user is the path's
// id. An admin key reads the first messages whole, and that read is
// audited, as for transcripts; other keys get them redacted.
func (s *Server) handleUserConversations(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	q := newQuery(r.URL)
	f := shopmind.ConversationFilter{UserID: id, After: q.String("after"), Limit: q.Limit()}
	if q.err != nil {
		s.Error(w, r, q.err)
		return
	}
	if err := shopmind.ValidateID("id", id); err != nil {
		s.Error(w, r, err)
		return
	}
	convs, next, err := s.conversations.Conversations(r.Context(), f)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	out := UserConversationList{Conversations: make([]*UserConversation, 0, len(convs)), Next: next}
	for _, c := range convs {
		e := &UserConversation{Conversation: c}
		msgs, err := s.conversations.Messages(r.Context(), c.ID, 0, 1)
		if err != nil && shopmind.ErrorCode(err) != shopmind.ENOTFOUND {
			s.Error(w, r, err)
			return
		}
		if len(msgs) > 0 {
			e.FirstMessage = msgs[0]
			if !unredacted(r) {
				e.FirstMessage = privacy.RedactMessage(e.FirstMessage)
			}
		}
		out.Conversations = append(out.Conversations, e)
	}
	if unredacted(r) && len(out.Conversations) > 0 {
		SetAudit(r, shopmind.AuditTranscriptList, "user/"+id, strconv.Itoa(len(out.Conversations))+" conversations")
	}
	WriteJSON(w, http.StatusOK, out)
}
