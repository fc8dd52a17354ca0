package mock

import (
	"context"

	"github.com/shopmind/shopmind"
)

var (
	_ shopmind.ConversationService = (*ConversationService)(nil)
	_ shopmind.Assistant           = (*Assistant)(nil)
)

// ConversationService is a mock shopmind.ConversationService. Store embeds
// it, so a mock Store's conversation methods are set here
// (store.ConversationFn).
type ConversationService struct {
	ConversationFn       func(ctx context.Context, id string) (*shopmind.Conversation, error)
	ConversationsFn      func(ctx context.Context, f shopmind.ConversationFilter) ([]*shopmind.Conversation, string, error)
	SaveConversationFn   func(ctx context.Context, c *shopmind.Conversation) error
	AddMessagesFn        func(ctx context.Context, id string, msgs []*shopmind.Message) error
	MessagesFn           func(ctx context.Context, id string, after, limit int) ([]*shopmind.Message, error)
	DeleteConversationFn func(ctx context.Context, id string) error
}

// Conversation calls ConversationFn.
func (s *ConversationService) Conversation(ctx context.Context, id string) (*shopmind.Conversation, error) {
	if s.ConversationFn == nil {
		missing("Conversation")
	}
	return s.ConversationFn(ctx, id)
}

// Conversations calls ConversationsFn.
func (s *ConversationService) Conversations(ctx context.Context, f shopmind.ConversationFilter) ([]*shopmind.Conversation, string, error) {
	if s.ConversationsFn == nil {
		missing("Conversations")
	}
	return s.ConversationsFn(ctx, f)
}

// SaveConversation calls SaveConversationFn.
func (s *ConversationService) SaveConversation(ctx context.Context, c *shopmind.Conversation) error {
	if s.SaveConversationFn == nil {
		missing("SaveConversation")
	}
	return s.SaveConversationFn(ctx, c)
}

// AddMessages calls AddMessagesFn.
func (s *ConversationService) AddMessages(ctx context.Context, id string, msgs []*shopmind.Message) error {
	if s.AddMessagesFn == nil {
		missing("AddMessages")
	}
	return s.AddMessagesFn(ctx, id, msgs)
}

// Messages calls MessagesFn.
func (s *ConversationService) Messages(ctx context.Context, id string, after, limit int) ([]*shopmind.Message, error) {
	if s.MessagesFn == nil {
		missing("Messages")
	}
	return s.MessagesFn(ctx, id, after, limit)
}

// DeleteConversation calls DeleteConversationFn.
func (s *ConversationService) DeleteConversation(ctx context.Context, id string) error {
	if s.DeleteConversationFn == nil {
		missing("DeleteConversation")
	}
	return s.DeleteConversationFn(ctx, id)
}

// Assistant is a mock shopmind.Assistant.
type Assistant struct {
	StartFn      func(ctx context.Context, c *shopmind.Conversation) (*shopmind.Conversation, error)
	SendFn       func(ctx context.Context, id, text string) (*shopmind.Turn, error)
	TranscriptFn func(ctx context.Context, id string) (*shopmind.Handoff, error)
	HandoffsFn   func(ctx context.Context, limit int) ([]*shopmind.Handoff, error)
	ReplyFn      func(ctx context.Context, id, author, text string, resolve bool) (*shopmind.Message, error)
	DeleteFn     func(ctx context.Context, id string) error
}

// Start calls StartFn.
func (a *Assistant) Start(ctx context.Context, c *shopmind.Conversation) (*shopmind.Conversation, error) {
	if a.StartFn == nil {
		panic("mock: Assistant.Start called but StartFn is nil")
	}
	return a.StartFn(ctx, c)
}

// Send calls SendFn.
func (a *Assistant) Send(ctx context.Context, id, text string) (*shopmind.Turn, error) {
	if a.SendFn == nil {
		panic("mock: Assistant.Send called but SendFn is nil")
	}
	return a.SendFn(ctx, id, text)
}

// Transcript calls TranscriptFn.
func (a *Assistant) Transcript(ctx context.Context, id string) (*shopmind.Handoff, error) {
	if a.TranscriptFn == nil {
		panic("mock: Assistant.Transcript called but TranscriptFn is nil")
	}
	return a.TranscriptFn(ctx, id)
}

// Handoffs calls HandoffsFn.
func (a *Assistant) Handoffs(ctx context.Context, limit int) ([]*shopmind.Handoff, error) {
	if a.HandoffsFn == nil {
		panic("mock: Assistant.Handoffs called but HandoffsFn is nil")
	}
	return a.HandoffsFn(ctx, limit)
}

// Reply calls ReplyFn.
func (a *Assistant) Reply(ctx context.Context, id, author, text string, resolve bool) (*shopmind.Message, error) {
	if a.ReplyFn == nil {
		panic("mock: Assistant.Reply called but ReplyFn is nil")
	}
	return a.ReplyFn(ctx, id, author, text, resolve)
}

// Delete calls DeleteFn.
func (a *Assistant) Delete(ctx context.Context, id string) error {
	if a.DeleteFn == nil {
		panic("mock: Assistant.Delete called but DeleteFn is nil")
	}
	return a.DeleteFn(ctx, id)
}
