package shopmind

import (
	"context"
	"strings"
	"time"
	"unicode/utf8"
)

// Limits of the customer-service assistant's input.
const (
	MaxMessageLength = 4000 // bytes of one shopper or agent message
)

// ConversationStatus is who answers a conversation.
type ConversationStatus string

// Conversation statuses: the assistant answers an open conversation; a
// conversation in hand-off waits in the queue for a person, who answers
// until they resolve it (back to open) or close it.
const (
	ConversationOpen    ConversationStatus = "open"
	ConversationHandoff ConversationStatus = "handoff"
	ConversationClosed  ConversationStatus = "closed"
)

// Valid reports whether s is a known status.
func (s ConversationStatus) Valid() bool {
	return s == ConversationOpen || s == ConversationHandoff || s == ConversationClosed
}

// Message roles.
const (
	RoleShopper   = "user"      // the shopper
	RoleAssistant = "assistant" // the automatic assistant
	RoleAgent     = "agent"     // a person of the shop
)

// Conversation is one shopper's chat with the shop.
type Conversation struct {
	ID       string             `json:"id"`
	UserID   string             `json:"user_id,omitempty"`  // the shopper, when known
	Language string             `json:"language,omitempty"` // "en" or "zh"; detected from the first message when empty
	Status   ConversationStatus `json:"status"`
	// Intent is the last detected intent, and HandoffReason why the
	// conversation was passed to a person ("complaint", "asked_for_person",
	// "low_confidence", "repeated_failure").
	Intent        string     `json:"intent,omitempty"`
	HandoffReason string     `json:"handoff_reason,omitempty"`
	HandoffAt     *time.Time `json:"handoff_at,omitempty"`
	// State is the assistant's dialogue state (slots, open form, items in
	// context) as JSON; stores keep it opaque.
	State     []byte    `json:"-"`
	Messages  int       `json:"messages"` // how many messages it holds; set by the store
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

// Validate checks the conversation and fills in the default status (open).
func (c *Conversation) Validate() error {
	if err := ValidateID("id", c.ID); err != nil {
		return err
	}
	if c.UserID != "" {
		if err := ValidateID("user_id", c.UserID); err != nil {
			return err
		}
	}
	if c.Language != "" && c.Language != "en" && c.Language != "zh" {
		return FieldErrorf("language", "language must be \"en\" or \"zh\", not %q", c.Language)
	}
	if c.Status == "" {
		c.Status = ConversationOpen
	}
	if !c.Status.Valid() {
		return FieldErrorf("status", "status %q is not one of open, handoff, closed", c.Status)
	}
	return nil
}

// Action is something a turn asks the client to do or show besides its
// text: "show_items" (ItemIDs), "order_status" (OrderID), "handoff",
// "ask" (the slot asked for in Data["slot"]), "faq" (Data["question"]).
type Action struct {
	Type    string            `json:"type"`
	ItemIDs []string          `json:"item_ids,omitempty"`
	OrderID string            `json:"order_id,omitempty"`
	Data    map[string]string `json:"data,omitempty"`
}

// Message is one utterance of a conversation. Assistant messages carry what
// the assistant understood from the shopper message they answer.
type Message struct {
	ConversationID string            `json:"conversation_id"`
	Seq            int               `json:"seq"` // 1, 2, ... within the conversation; set by the store
	Role           string            `json:"role"`
	Author         string            `json:"author,omitempty"` // the agent's name for agent messages
	Text           string            `json:"text"`
	Intent         string            `json:"intent,omitempty"`
	Confidence     float64           `json:"confidence,omitempty"`
	Slots          map[string]string `json:"slots,omitempty"`
	Actions        []Action          `json:"actions,omitempty"`
	CreatedAt      time.Time         `json:"created_at"`
}

// ValidateText checks a message text: not blank, valid UTF-8, at most
// MaxMessageLength bytes (ETOOLARGE beyond).
func ValidateText(field, text string) error {
	if !utf8.ValidString(text) {
		return FieldErrorf(field, "%s is not valid UTF-8", field)
	}
	if len(text) > MaxMessageLength {
		return &Error{Code: ETOOLARGE, Field: field, Message: "message is longer than 4000 bytes"}
	}
	if strings.IndexByte(text, 0) >= 0 {
		return FieldErrorf(field, "%s contains a NUL character", field)
	}
	for _, r := range text {
		if r != ' ' && r != '\t' && r != '\n' && r != '\r' && r != '\u3000' {
			return nil
		}
	}
	return FieldErrorf(field, "%s is empty", field)
}

// Validate checks the message's role and text.
func (m *Message) Validate() error {
	if m.Role != RoleShopper && m.Role != RoleAssistant && m.Role != RoleAgent {
		return FieldErrorf("role", "role %q is not one of user, assistant, agent", m.Role)
	}
	return ValidateText("text", m.Text)
}

// Turn is the assistant's answer to one shopper message.
type Turn struct {
	ConversationID string             `json:"conversation_id"`
	Reply          string             `json:"reply"`
	Intent         string             `json:"intent"`
	Confidence     float64            `json:"confidence"`
	Slots          map[string]string  `json:"slots,omitempty"` // the conversation's slots after this turn
	Actions        []Action           `json:"actions,omitempty"`
	Status         ConversationStatus `json:"status"`
}

// Handoff is an entry of the hand-off queue: a conversation waiting for a
// person, with its transcript.
type Handoff struct {
	Conversation *Conversation `json:"conversation"`
	Transcript   []*Message    `json:"transcript"`
}

// ConversationFilter selects conversations in ascending id order.
type ConversationFilter struct {
	Status ConversationStatus
	UserID string

	After string
	Limit int
}

// ConversationService keeps conversations and their messages.
type ConversationService interface {
	// Conversation returns a conversation with its State, or ENOTFOUND.
	Conversation(ctx context.Context, id string) (*Conversation, error)
	// Conversations returns conversations matching f (without State) and
	// the next cursor.
	Conversations(ctx context.Context, f ConversationFilter) ([]*Conversation, string, error)
	// SaveConversation inserts or replaces a conversation by id (its
	// messages are kept). A zero CreatedAt keeps the stored one (now, on
	// insert); UpdatedAt becomes now.
	SaveConversation(ctx context.Context, c *Conversation) error
	// AddMessages appends messages to a conversation, setting their Seq and
	// (when zero) CreatedAt, or returns ENOTFOUND for an unknown one.
	AddMessages(ctx context.Context, conversationID string, msgs []*Message) error
	// Messages returns a conversation's messages with Seq > after, oldest
	// first, at most limit (0 means DefaultLimit), or ENOTFOUND.
	Messages(ctx context.Context, conversationID string, after, limit int) ([]*Message, error)
	// DeleteConversation removes a conversation and its messages, or
	// returns ENOTFOUND.
	DeleteConversation(ctx context.Context, id string) error
}

// AssistantStore is what the assistant service keeps conversations in:
// a conversation, its messages and dialogue state change together, in one
// transaction.
type AssistantStore interface {
	ConversationService
	Transactor
}

// AssistantShopStore is what a built assistant (assistant.Build) reads
// and keeps: its conversations, the catalog and orders it answers from (an
// order flow may change an order), the personal data an anonymous shopper
// proves an order with, and its intent model.
type AssistantShopStore interface {
	AssistantStore
	ItemLister
	CatalogVersioner
	OrderService
	UserPersonal(ctx context.Context, userID string) (*UserPersonal, error)
	ModelService
}

// Assistant is the customer-service assistant.
type Assistant interface {
	// Start creates a conversation (Validate rules; an empty ID gets a
	// random one).
	Start(ctx context.Context, c *Conversation) (*Conversation, error)
	// Send answers a shopper message. The message and the reply are stored
	// with the new dialogue state in one transaction. A conversation in
	// hand-off stores the message without an automatic reply. Unknown
	// conversations are ENOTFOUND; blank, oversized or invalid UTF-8 text
	// is EINVALID or ETOOLARGE and changes nothing.
	Send(ctx context.Context, conversationID, text string) (*Turn, error)
	// Transcript returns a conversation and its messages.
	Transcript(ctx context.Context, conversationID string) (*Handoff, error)
	// Handoffs lists the conversations waiting for a person, oldest first.
	Handoffs(ctx context.Context, limit int) ([]*Handoff, error)
	// Reply stores a person's message; resolve hands the conversation back
	// to the assistant.
	Reply(ctx context.Context, conversationID, author, text string, resolve bool) (*Message, error)
	// Delete removes a conversation and its transcript, or returns
	// ENOTFOUND.
	Delete(ctx context.Context, conversationID string) error
}
