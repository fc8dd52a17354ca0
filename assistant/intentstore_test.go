package assistant

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/shopmind/shopmind/store/sqlite"
)

// smallIntents is a CSV of three intents, enough to train in a moment.
func smallIntents() []byte {
	var b strings.Builder
	b.WriteString("text,intent\n")
	for i := range 20 {
		fmt.Fprintf(&b, "where is my order %d,order_status\ntrack parcel number %d,order_status\n", i, i)
		fmt.Fprintf(&b, "cancel order %d please,cancel_order\ni want to cancel purchase %d,cancel_order\n", i, i)
		fmt.Fprintf(&b, "tell me joke %d,out_of_scope\nwhat is the weather on day %d,out_of_scope\n", i, i)
	}
	return []byte(b.String())
}

// TestLoadIntents checks the intent model's lifecycle on a store: trained
// and stored when missing, loaded when stored with the same examples and
// settings, trained again as a new version when they change.
func TestLoadIntents(t *testing.T) {
	ctx := context.Background()
	db, err := sqlite.Open(ctx, ":memory:")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	tok, err := NewTokenizer("chars")
	if err != nil {
		t.Fatal(err)
	}
	s := Setup{Intents: smallIntents(), IntentsName: "small.csv", Model: ModelLogReg, Segmenter: "chars"}
	versions := func() int {
		ms, err := db.Models(ctx, IntentModelName)
		if err != nil {
			t.Fatal(err)
		}
		return len(ms)
	}
	cl, err := LoadIntents(ctx, db, s, tok)
	if err != nil {
		t.Fatal(err)
	}
	if got, _ := cl.Classify("where is my order 7"); got != "order_status" {
		t.Errorf("trained model: %q, want order_status", got)
	}
	if n := versions(); n != 1 {
		t.Fatalf("%d stored versions after the first load, want 1", n)
	}
	m, err := db.Model(ctx, IntentModelName, 0)
	if err != nil || m.Metrics["folds"] != IntentFolds || m.Metrics["examples"] != 120 {
		t.Fatalf("stored model %+v, %v", m, err)
	}

	// Same examples and settings: the stored version is served.
	if _, err := LoadIntents(ctx, db, s, tok); err != nil {
		t.Fatal(err)
	}
	if n := versions(); n != 1 {
		t.Errorf("%d stored versions after loading again, want 1", n)
	}
	// Another classifier kind: trained and stored again.
	s.Model = ModelFastText
	if _, err := LoadIntents(ctx, db, s, tok); err != nil {
		t.Fatal(err)
	}
	if n := versions(); n != 2 {
		t.Errorf("%d stored versions after changing the model, want 2", n)
	}
	// Exclusive wraps the load.
	var keys []string
	s.Exclusive = func(ctx context.Context, key string, fn func(context.Context) error) error {
		keys = append(keys, key)
		return fn(ctx)
	}
	if _, err := LoadIntents(ctx, db, s, tok); err != nil {
		t.Fatal(err)
	}
	if len(keys) != 1 || keys[0] != "model/"+IntentModelName {
		t.Errorf("exclusive keys %q", keys)
	}
	// Bad examples name their source.
	s.Intents = []byte("words,label\nhi,there\n")
	if _, err := LoadIntents(ctx, db, s, tok); err == nil || !strings.Contains(err.Error(), "small.csv") {
		t.Errorf("bad examples: %v", err)
	}
}
