package assistant

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/shopmind/shopmind"
)

// TestSendBadInput checks that bad messages get a clear error and leave the
// conversation (its messages and dialogue state) as it was.
func TestSendBadInput(t *testing.T) {
	svc, db, _ := newTestService(t)
	ctx := context.Background()
	conv, err := svc.Start(ctx, &shopmind.Conversation{ID: "c1", UserID: "u1"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := svc.Send(ctx, "c1", "where is my order"); err != nil { // opens the order form
		t.Fatal(err)
	}
	before, err := db.Conversation(ctx, conv.ID)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, id, text, code, field string
	}{
		{"ErrEmpty", "c1", "", shopmind.EINVALID, "text"},
		{"ErrBlank", "c1", " \n\t　", shopmind.EINVALID, "text"},
		{"ErrTooLarge", "c1", strings.Repeat("a", 100<<10), shopmind.ETOOLARGE, "text"},
		{"ErrInvalidUTF8", "c1", "where is \xff\xfe order", shopmind.EINVALID, "text"},
		{"ErrUnknownConversation", "nope", "hi", shopmind.ENOTFOUND, ""},
		{"ErrBadID", "", "hi", shopmind.EINVALID, "id"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := svc.Send(ctx, tt.id, tt.text)
			if shopmind.ErrorCode(err) != tt.code || shopmind.ErrorField(err) != tt.field {
				t.Fatalf("error %v (code %s, field %s), want %s %s", err, shopmind.ErrorCode(err), shopmind.ErrorField(err), tt.code, tt.field)
			}
		})
	}
	after, err := db.Conversation(ctx, conv.ID)
	if err != nil {
		t.Fatal(err)
	}
	if after.Messages != before.Messages || string(after.State) != string(before.State) {
		t.Fatalf("bad input changed the conversation: %d messages / %s, was %d / %s", after.Messages, after.State, before.Messages, before.State)
	}
	// The form is still open: the order number answers it.
	turn, err := svc.Send(ctx, "c1", "A-1001")
	if err != nil || turn.Intent != "order_status" || !strings.Contains(turn.Reply, "shipped") {
		t.Fatalf("after bad input: %+v, %v", turn, err)
	}
	if _, err := svc.Start(ctx, &shopmind.Conversation{ID: "c1"}); shopmind.ErrorCode(err) != shopmind.ECONFLICT {
		t.Errorf("starting an existing conversation: %v, want conflict", err)
	}
}

// TestHandoffQueue hands two conversations off, lists them oldest first,
// answers one as a person and hands it back.
func TestHandoffQueue(t *testing.T) {
	svc, db, _ := newTestService(t)
	ctx := context.Background()
	for _, id := range []string{"z-first", "a-second"} {
		if _, err := svc.Start(ctx, &shopmind.Conversation{ID: id}); err != nil {
			t.Fatal(err)
		}
	}
	tick := testNow
	svc.Now = func() time.Time { return tick }
	if _, err := svc.Send(ctx, "z-first", "I want to talk to a human"); err != nil {
		t.Fatal(err)
	}
	tick = tick.Add(time.Second)
	if _, err := svc.Send(ctx, "a-second", "this is terrible service, I want to complain"); err != nil {
		t.Fatal(err)
	}
	q, err := svc.Handoffs(ctx, 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(q) != 2 || q[0].Conversation.ID != "z-first" || q[0].Conversation.HandoffReason != ReasonAskedForPerson ||
		q[1].Conversation.HandoffReason != ReasonComplaint || len(q[0].Transcript) != 2 {
		t.Fatalf("queue %+v", q)
	}
	// While waiting, shopper messages are kept without an automatic reply.
	turn, err := svc.Send(ctx, "z-first", "hello? anyone?")
	if err != nil || turn.Reply != "" || turn.Status != shopmind.ConversationHandoff {
		t.Fatalf("waiting turn %+v, %v", turn, err)
	}
	if _, err := svc.Reply(ctx, "z-first", "ana", "Hi, Ana here.", true); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.Reply(ctx, "z-first", "ana", "", false); shopmind.ErrorCode(err) != shopmind.EINVALID {
		t.Errorf("empty reply: %v", err)
	}
	if _, err := svc.Reply(ctx, "nope", "ana", "hi", false); shopmind.ErrorCode(err) != shopmind.ENOTFOUND {
		t.Errorf("reply to unknown conversation: %v", err)
	}
	q, err = svc.Handoffs(ctx, 10)
	if err != nil || len(q) != 1 || q[0].Conversation.ID != "a-second" {
		t.Fatalf("queue after resolving: %+v, %v", q, err)
	}
	tr, err := svc.Transcript(ctx, "z-first")
	if err != nil {
		t.Fatal(err)
	}
	last := tr.Transcript[len(tr.Transcript)-1]
	if len(tr.Transcript) != 4 || last.Role != shopmind.RoleAgent || last.Author != "ana" || tr.Conversation.Status != shopmind.ConversationOpen {
		t.Fatalf("transcript %+v", tr)
	}
	// Handed back, the assistant answers again.
	turn, err = svc.Send(ctx, "z-first", "how much is shipping?")
	if err != nil || turn.Intent != "delivery" || turn.Status != shopmind.ConversationOpen {
		t.Fatalf("after hand-back: %+v, %v", turn, err)
	}
	if c, _ := db.Conversation(ctx, "z-first"); c.HandoffAt != nil {
		t.Errorf("resolved conversation keeps HandoffAt %v", c.HandoffAt)
	}
}

// TestConcurrentSends sends to one conversation from several goroutines:
// every turn is stored whole, each reply right after its message.
func TestConcurrentSends(t *testing.T) {
	svc, db, _ := newTestService(t)
	ctx := context.Background()
	if _, err := svc.Start(ctx, &shopmind.Conversation{ID: "c1"}); err != nil {
		t.Fatal(err)
	}
	errs := make(chan error, 6)
	for range 6 {
		go func() {
			_, err := svc.Send(ctx, "c1", "how much is shipping?")
			errs <- err
		}()
	}
	for range 6 {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
	}
	msgs, err := db.Messages(ctx, "c1", 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(msgs) != 12 {
		t.Fatalf("%d messages, want 12", len(msgs))
	}
	for i, m := range msgs {
		want := shopmind.RoleShopper
		if i%2 == 1 {
			want = shopmind.RoleAssistant
		}
		if m.Role != want {
			t.Fatalf("message %d is %s, want %s", i+1, m.Role, want)
		}
	}
}
