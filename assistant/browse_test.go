package assistant

import (
	"context"
	"strings"
	"testing"

	"github.com/shopmind/shopmind"
)

// TestBrowseRequest reads moves within the last search, and leaves alone
// messages that name a price, an order, or ask about colours or sizes.
func TestBrowseRequest(t *testing.T) {
	x := Extractor{}
	for _, tt := range []struct {
		text, want string
		only       bool // says nothing but the move
	}{
		{"anything cheaper?", BrowseCheaper, true},
		{"do you have cheaper ones?", BrowseCheaper, true},
		{"those are too expensive", BrowseCheaper, true},
		{"is there a cheaper shipping option?", BrowseCheaper, false},
		{"cheaper than $50", "", false},
		{"something more expensive?", BrowsePricier, true},
		{"better quality?", BrowsePricier, true},
		{"show me more", BrowseMore, true},
		{"more please", BrowseMore, true},
		{"what else do you have?", BrowseMore, true},
		{"any other options?", BrowseMore, true},
		{"I want more info about shipping", "", false},
		{"tell me more about this product", "", false},
		{"any in other colours?", "", false},
		{"有没有便宜点的", BrowseCheaper, true},
		{"太贵了", BrowseCheaper, true},
		{"运费能便宜点吗", BrowseCheaper, false},
		{"贵一点的", BrowsePricier, true},
		{"好一点的", BrowsePricier, true},
		{"还有吗", BrowseMore, true},
		{"换一批", BrowseMore, true},
		{"其他的呢", BrowseMore, true},
		{"再给我看几个", BrowseMore, true},
		{"多推荐几款", BrowseMore, true},
		{"show me a few more", BrowseMore, true},
		{"有别的颜色吗", "", false},
		{"还有货吗", "", false},
		{"取消订单 A-1001 便宜点", "", false},
	} {
		t.Run(tt.text, func(t *testing.T) {
			found := x.Extract(tt.text)
			if got := found[SlotBrowse]; got != tt.want {
				t.Errorf("browse %q, want %q", got, tt.want)
			}
			if tt.want != "" {
				if got := browseOnly(tt.text, strings.ToLower(tt.text)); got != tt.only {
					t.Errorf("browseOnly %v, want %v", got, tt.only)
				}
			}
		})
	}
}

// TestPriceBand narrows a query and a list to a band, within the query's
// own bounds.
func TestPriceBand(t *testing.T) {
	max := 100.0
	q := (&PriceBand{Below: 49.99}).apply(Query{MaxPrice: &max})
	if q.MaxPrice == nil || *q.MaxPrice != 49.99 || max != 100 {
		t.Errorf("below 49.99 of at most 100: %v (query's bound now %v)", q.MaxPrice, max)
	}
	q = (&PriceBand{Below: 200}).apply(Query{MaxPrice: &max})
	if *q.MaxPrice != 100 {
		t.Errorf("below 200 of at most 100: %v", *q.MaxPrice)
	}
	q = (&PriceBand{Above: 30}).apply(Query{})
	if q.MinPrice == nil || *q.MinPrice != 30 || q.MaxPrice != nil {
		t.Errorf("above 30: %v %v", q.MinPrice, q.MaxPrice)
	}
	var none *PriceBand
	items := []*shopmind.Item{{ID: "a", Price: 10}, {ID: "b", Price: 30}, {ID: "c", Price: 50}}
	if got := none.keep(items); len(got) != 3 {
		t.Errorf("nil band kept %d of 3", len(got))
	}
	if got := (&PriceBand{Above: 20, Below: 40}).keep(items); len(got) != 1 || got[0].ID != "b" {
		t.Errorf("band 20-40 kept %v", got)
	}
}

// TestBrowseOddInput sends odd messages between moves within a search on
// the demo fixture: each gets an answer (or a field error for what Send
// refuses), never a failure, and the search survives them.
func TestBrowseOddInput(t *testing.T) {
	svc, _, _ := newShopService(t, "demo")
	ctx := context.Background()
	conv, err := svc.Start(ctx, &shopmind.Conversation{})
	if err != nil {
		t.Fatal(err)
	}
	for _, text := range []string{
		"show me shoes", "😀", "more 😀", "还有吗🎒", "cheaper 🙏 便宜点", strings.Repeat("more ", 799),
		strings.Repeat("还有吗", 444), "more\u200b", "MORE!!!", "？？？", "更多 more 换一批", "贵一点的 cheaper",
		"cheaper than 0", "between 50 and 10 dollars", "the 99th one", "-1",
	} {
		turn, err := svc.Send(ctx, conv.ID, text)
		if err != nil {
			t.Fatalf("%.40q: %v", text, err)
		}
		if turn.Reply == "" && turn.Status == shopmind.ConversationOpen {
			t.Errorf("%.40q: empty reply", text)
		}
		if turn.Status != shopmind.ConversationOpen {
			// Two misunderstood messages in a row hand off; start again.
			if conv, err = svc.Start(ctx, &shopmind.Conversation{}); err != nil {
				t.Fatal(err)
			}
			if _, err := svc.Send(ctx, conv.ID, "show me shoes"); err != nil {
				t.Fatal(err)
			}
		}
	}
	turn, err := svc.Send(ctx, conv.ID, "show me more")
	if err != nil || turn.Intent != "product_search" || !strings.Contains(turn.Reply, "matching items") {
		t.Errorf("show me more after the odd messages: %v %+v", err, turn)
	}
	for _, text := range []string{"", "   ", strings.Repeat("更多", 700), "\x00more", "\xc3\x28"} {
		if _, err := svc.Send(ctx, conv.ID, text); shopmind.ErrorCode(err) != shopmind.EINVALID && shopmind.ErrorCode(err) != shopmind.ETOOLARGE {
			t.Errorf("%.40q: %v, want a field error", text, err)
		}
	}
}
