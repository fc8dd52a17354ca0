package httpapi

import (
	"net/http"
	"strconv"
	"unicode/utf8"

	"github.com/shopmind/shopmind"
	"github.com/shopmind/shopmind/privacy"
)

// NewConversation is the body of POST /v1/conversations.
type NewConversation struct {
	ID       string `json:"id,omitempty"` // empty: the server picks one
	UserID   string `json:"user_id,omitempty"`
	Language string `json:"language,omitempty"`
}

// MessageIn is the body of POST /v1/conversations/{id}/messages.
type MessageIn struct {
	Text string `json:"text"`
}

// AgentReply is the body of POST /v1/conversations/{id}/replies.
type AgentReply struct {
	Author  string `json:"author,omitempty"`
	Text    string `json:"text"`
	Resolve bool   `json:"resolve,omitempty"` // hand the conversation back to the assistant
}

// HandoffList is the hand-off queue.
type HandoffList struct {
	Handoffs []*shopmind.Handoff `json:"handoffs"`
}

// HandleAssistant registers the customer-service assistant's routes:
// conversations, their messages, and the hand-off queue.
func (s *Server) HandleAssistant(a shopmind.Assistant) {
	h := &assistantHandlers{s: s, a: a}
	for _, r := range []Route{
		{Method: "POST", Pattern: "/v1/conversations", Summary: "Start a conversation with the assistant (a publishable key starts only anonymous ones: no id, no user_id; their shopper proves an order is theirs before hearing about it)", Tag: "assistant",
			Role: shopmind.RoleWrite, Publishable: true, Request: NewConversation{}, Response: shopmind.Conversation{}, Status: http.StatusCreated, Handler: h.start},
		{Method: "GET", Pattern: "/v1/conversations/{id}", Summary: "Get a conversation with its transcript (e-mails, phone numbers and postcodes redacted below the admin role)", Tag: "assistant",
			Role: shopmind.RoleRead, Publishable: true, Response: shopmind.Handoff{}, Handler: h.transcript},
		{Method: "DELETE", Pattern: "/v1/conversations/{id}", Summary: "Delete a conversation and its transcript", Tag: "assistant",
			Role: shopmind.RoleAdmin, Status: http.StatusNoContent, Handler: h.delete,
			Audit: shopmind.AuditTranscriptDelete, AuditTarget: "conversation"},
		{Method: "POST", Pattern: "/v1/conversations/{id}/messages", Summary: "Send a shopper message; returns the reply, intent, confidence, slots and actions (e-mails, phone numbers and postcodes redacted below the admin role)", Tag: "assistant",
			Role: shopmind.RoleWrite, Publishable: true, Request: MessageIn{}, Response: shopmind.Turn{}, Handler: h.send},
		{Method: "POST", Pattern: "/v1/conversations/{id}/replies", Summary: "Reply as a person; resolve hands the conversation back to the assistant (the stored message is returned redacted below the admin role)", Tag: "assistant",
			Role: shopmind.RoleWrite, Request: AgentReply{}, Response: shopmind.Message{}, Status: http.StatusCreated, Handler: h.reply},
		{Method: "GET", Pattern: "/v1/handoffs", Summary: "List conversations waiting for a person, longest waiting first (transcripts redacted below the admin role)", Tag: "assistant",
			Role: shopmind.RoleRead, Response: HandoffList{}, Handler: h.handoffs, Params: []Param{paramLimit}},
	} {
		s.Handle(r)
	}
}

type assistantHandlers struct {
	s *Server
	a shopmind.Assistant
}

// decodeText decodes a JSON body, first rejecting invalid UTF-8, which the
// JSON decoder would otherwise replace silently.
func (h *assistantHandlers) decodeText(w http.ResponseWriter, r *http.Request, v any) error {
	b, err := readBody(w, r, h.s.opts.MaxBodyBytes)
	if err != nil {
		return err
	}
	if !utf8.Valid(b) {
		return shopmind.FieldErrorf("text", "request body is not valid UTF-8")
	}
	if len(b) == 0 {
		return shopmind.Errorf(shopmind.EINVALID, "request body is empty; expected a JSON object")
	}
	return unmarshalStrict(b, v, "")
}

func (h *assistantHandlers) start(w http.ResponseWriter, r *http.Request) {
	var in NewConversation
	if r.ContentLength != 0 {
		if err := h.decodeText(w, r, &in); err != nil {
			h.s.Error(w, r, err)
			return
		}
	}
	if publishable(r) {
		// A web page cannot vouch for who the shopper is: a conversation
		// with a user id would show that customer's orders without proof.
		if in.UserID != "" {
			h.s.Error(w, r, &shopmind.Error{Code: shopmind.EFORBIDDEN, Field: "user_id", Message: "a publishable key starts only anonymous conversations: leave user_id out (the shopper proves an order is theirs in the chat)"})
			return
		}
		if in.ID != "" {
			h.s.Error(w, r, &shopmind.Error{Code: shopmind.EFORBIDDEN, Field: "id", Message: "a publishable key lets the server choose the conversation id: leave id out"})
			return
		}
	}
	c, err := h.a.Start(r.Context(), &shopmind.Conversation{ID: in.ID, UserID: in.UserID, Language: in.Language})
	if err != nil {
		h.s.Error(w, r, err)
		return
	}
	WriteJSON(w, http.StatusCreated, c)
}

// storefrontConversation checks that a publishable key reaches only an
// anonymous conversation (one a publishable key could have started); any
// other is reported as not found.
func (h *assistantHandlers) storefrontConversation(r *http.Request) error {
	if !publishable(r) {
		return nil
	}
	c, err := h.s.conversations.Conversation(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	if c.UserID != "" {
		return shopmind.Errorf(shopmind.ENOTFOUND, "conversation %q not found", c.ID)
	}
	return nil
}

func (h *assistantHandlers) transcript(w http.ResponseWriter, r *http.Request) {
	if err := h.storefrontConversation(r); err != nil {
		h.s.Error(w, r, err)
		return
	}
	t, err := h.a.Transcript(r.Context(), r.PathValue("id"))
	if err != nil {
		h.s.Error(w, r, err)
		return
	}
	if unredacted(r) {
		SetAudit(r, shopmind.AuditTranscriptRead, "conversation/"+r.PathValue("id"), "")
	}
	WriteJSON(w, http.StatusOK, redactFor(r, t))
}

// unredacted reports whether the request's key sees transcripts whole:
// only admin keys do, and their reads are audited.
func unredacted(r *http.Request) bool {
	k := KeyFromContext(r.Context())
	return k != nil && k.Role == shopmind.RoleAdmin
}

// redactFor returns t with personal data in its transcript redacted unless
// the request's key is an admin key.
func redactFor(r *http.Request, t *shopmind.Handoff) *shopmind.Handoff {
	if unredacted(r) {
		return t
	}
	return privacy.RedactHandoff(t)
}

func (h *assistantHandlers) delete(w http.ResponseWriter, r *http.Request) {
	if err := h.a.Delete(r.Context(), r.PathValue("id")); err != nil {
		h.s.Error(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

func (h *assistantHandlers) send(w http.ResponseWriter, r *http.Request) {
	var in MessageIn
	if err := h.decodeText(w, r, &in); err != nil {
		h.s.Error(w, r, err)
		return
	}
	if err := h.storefrontConversation(r); err != nil {
		h.s.Error(w, r, err)
		return
	}
	t, err := h.a.Send(r.Context(), r.PathValue("id"), in.Text)
	if err != nil {
		h.s.Error(w, r, err)
		return
	}
	if !unredacted(r) {
		// The shop's front end relays the reply to the shopper, who knows
		// what they typed; the key's other holders need not see it.
		t = privacy.RedactTurn(t)
	}
	WriteJSON(w, http.StatusOK, t)
}

func (h *assistantHandlers) reply(w http.ResponseWriter, r *http.Request) {
	var in AgentReply
	if err := h.decodeText(w, r, &in); err != nil {
		h.s.Error(w, r, err)
		return
	}
	m, err := h.a.Reply(r.Context(), r.PathValue("id"), in.Author, in.Text, in.Resolve)
	if err != nil {
		h.s.Error(w, r, err)
		return
	}
	if !unredacted(r) {
		m = privacy.RedactMessage(m)
	}
	WriteJSON(w, http.StatusCreated, m)
}

func (h *assistantHandlers) handoffs(w http.ResponseWriter, r *http.Request) {
	q := newQuery(r.URL)
	limit := q.Limit()
	if q.err != nil {
		h.s.Error(w, r, q.err)
		return
	}
	list, err := h.a.Handoffs(r.Context(), limit)
	if err != nil {
		h.s.Error(w, r, err)
		return
	}
	if list == nil {
		list = []*shopmind.Handoff{}
	}
	for i, t := range list {
		list[i] = redactFor(r, t)
	}
	if unredacted(r) && len(list) > 0 {
		SetAudit(r, shopmind.AuditTranscriptList, "", strconv.Itoa(len(list))+" conversations")
	}
	WriteJSON(w, http.StatusOK, HandoffList{Handoffs: list})
}
