package assistant

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/shopmind/shopmind"
)

func TestPostcodes(t *testing.T) {
	for _, tt := range []struct {
		name, address, typed string
		match                bool
	}{
		{"UK", "12 Rose Lane, London SW1A 2AA", "sw1a 2aa", true},
		{"UKNoSpace", "12 Rose Lane, London SW1A 2AA", "my postcode is SW1A2AA", true},
		{"UKOutwardOnly", "12 Rose Lane, London SW1A 2AA", "SW1A", false},
		{"HouseNumberIsNoPostcode", "1234 Main Street, Springfield 62704", "1234", false},
		{"US", "1234 Main Street, Springfield IL 62704", "62704", true},
		{"Dutch", "Damrak 1, 1012 LG Amsterdam", "1012lg", true},
		{"Chinese", "上海市浦东新区世纪大道100号，200120", "邮编200120", true},
		{"ChineseWrong", "上海市浦东新区世纪大道100号，200120", "200121", false},
		{"OneLine", "200120 上海市浦东新区", "200120", true},
		{"NoAddress", "", "200120", false},
		{"ManyTriedAtOnce", "12 Rose Lane, Springfield 62704", "62704 62705 62706 62707", false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			match := 0
			for _, got := range messagePostcodes(tt.typed) {
				for _, want := range addressPostcodes(tt.address) {
					match |= equalSecret(got, want)
				}
			}
			if (match == 1) != tt.match {
				t.Errorf("%q against %q: match %v, want %v (typed %v, address %v)", tt.typed, tt.address, match == 1, tt.match,
					messagePostcodes(tt.typed), addressPostcodes(tt.address))
			}
		})
	}
	if equalSecret("", "") != 0 || equalSecret("a", "") != 0 || equalSecret("ana@example.com", normEmail(" Ana@Example.com ")) != 1 {
		t.Error("equalSecret: an empty value matched, or a normalised e-mail did not")
	}
}

// TestProofLockout fails proofs until the conversation and the order lock,
// then moves the clock past the lock-out.
func TestProofLockout(t *testing.T) {
	svc, db, _ := newTestService(t)
	now := testNow
	svc.Now = func() time.Time { return now }
	svc.Engine.Now = svc.Now
	ctx := context.Background()
	send := func(conv, text string) *shopmind.Turn {
		t.Helper()
		turn, err := svc.Send(ctx, conv, text)
		if err != nil {
			t.Fatal(err)
		}
		return turn
	}
	start := func() string {
		c, err := svc.Start(ctx, &shopmind.Conversation{})
		if err != nil {
			t.Fatal(err)
		}
		return c.ID
	}
	c := start()
	send(c, "cancel order A-1005")
	for i := 1; i <= 5; i++ {
		turn := send(c, "wrong"+itoa(i)+"@example.com")
		locked := strings.Contains(turn.Reply, "too many attempts")
		if locked != (i == 5) {
			t.Fatalf("wrong proof %d: %q", i, turn.Reply)
		}
	}
	if turn := send(c, "ana.lopez@example.com"); !strings.Contains(turn.Reply, "too many attempts") {
		t.Errorf("right e-mail while locked: %q", turn.Reply)
	}
	// The conversation is locked for every order, and the order for
	// every conversation.
	if turn := send(c, "where is my order A-1002"); !strings.Contains(turn.Reply, "too many attempts") {
		t.Errorf("another order in the locked conversation: %q", turn.Reply)
	}
	c2 := start()
	send(c2, "cancel order A-1005")
	if turn := send(c2, "ana.lopez@example.com"); !strings.Contains(turn.Reply, "too many attempts") {
		t.Errorf("the locked order in a new conversation: %q", turn.Reply)
	}
	if o, _ := db.Order(ctx, "A-1005"); o.Status != shopmind.OrderPending {
		t.Fatalf("A-1005 is %s", o.Status)
	}
	now = now.Add(DefaultProofLimit().Lockout + time.Minute)
	send(c2, "cancel order A-1005")
	if turn := send(c2, "ana.lopez@example.com"); !strings.Contains(turn.Reply, "Do you want me to cancel order A-1005") {
		t.Fatalf("right e-mail after the lock-out: %q", turn.Reply)
	}
	send(c2, "yes")
	if o, _ := db.Order(ctx, "A-1005"); o.Status != shopmind.OrderCancelled {
		t.Errorf("A-1005 is %s after its proven owner confirmed, want cancelled", o.Status)
	}
}
