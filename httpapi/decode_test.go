package httpapi

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/shopmind/shopmind"
)

func TestDecodeErrors(t *testing.T) {
	store := newMockStore()
	store.AddEventsFn = func(_ context.Context, ev []*shopmind.Event) (int, error) { return len(ev), nil }
	store.UpsertItemsFn = func(context.Context, []*shopmind.Item) error { return nil }
	s := NewServer(store, Options{MaxBodyBytes: 4096, Now: func() time.Time { return testNow }, Registry: prometheus.NewRegistry()})
	h := s.Handler()

	ev := func(typ string) string {
		return fmt.Sprintf(`{"user_id":"u","item_id":"i","type":%q,"time":"2026-11-01T10:00:00Z"}`, typ)
	}
	fourEvents := `{"events":[` + ev("view") + "," + ev("cart") + "," + ev("view") + "," + ev("teleport") + `]}`

	tests := []struct {
		name      string
		method    string
		path      string
		body      string
		status    int
		code      string
		field     string
		msgSubstr string
	}{
		{"Oversized", "POST", "/v1/events", `{"events":[` + strings.Repeat(ev("view")+",", 100) + ev("view") + `]}`, 413, shopmind.ETOOLARGE, "", "4096"},
		{"Empty", "POST", "/v1/events", "", 400, shopmind.EINVALID, "", "empty"},
		{"Malformed", "POST", "/v1/events", "{\"events\":\n [{\"user_id\": }]}", 400, shopmind.EINVALID, "", "line 2"},
		{"Truncated", "PUT", "/v1/items/a", `{"id":"a","title":`, 400, shopmind.EINVALID, "", "unexpected end"},
		{"UnknownTopField", "POST", "/v1/events", `{"events":[],"evnts":[]}`, 400, shopmind.EINVALID, "evnts", "unknown field"},
		{"UnknownElementField", "POST", "/v1/events", `{"events":[` + ev("view") + `,{"user":"u"}]}`, 400, shopmind.EINVALID, "events[1].user", "unknown field"},
		{"UnknownItemField", "PUT", "/v1/items/a", `{"title":"A","colour":"red"}`, 400, shopmind.EINVALID, "colour", "unknown field"},
		{"WrongType", "PUT", "/v1/items/a", `{"title":"A","price":"cheap"}`, 400, shopmind.EINVALID, "price", "number"},
		{"WrongTypeInBatch", "POST", "/v1/events", `{"events":[` + ev("view") + `,{"user_id":7}]}`, 400, shopmind.EINVALID, "events[1].user_id", "string"},
		{"BadTime", "POST", "/v1/events", `{"events":[{"user_id":"u","item_id":"i","type":"view","time":"yesterday"}]}`, 400, shopmind.EINVALID, "events[0]", "yesterday"},
		{"InvalidInBatch", "POST", "/v1/events", fourEvents, 400, shopmind.EINVALID, "events[3].type", "teleport"},
		{"NotAnArray", "POST", "/v1/events", `{"events":{}}`, 400, shopmind.EINVALID, "events", "array"},
		{"Missing", "POST", "/v1/events", `{}`, 400, shopmind.EINVALID, "events", "required"},
		{"NotAnObject", "POST", "/v1/events", `[1,2]`, 400, shopmind.EINVALID, "", "object"},
		{"ElementNotObject", "POST", "/v1/items", `{"items":[42]}`, 400, shopmind.EINVALID, "items[0]", "object"},
		{"TrailingData", "PUT", "/v1/items/a", `{"title":"A"} {"title":"B"}`, 400, shopmind.EINVALID, "", "after the value"},
		{"IDMismatch", "PUT", "/v1/items/a", `{"id":"b","title":"B"}`, 400, shopmind.EINVALID, "id", "does not match"},
		{"ValidationField", "PUT", "/v1/items/a", `{"title":"A","price":-1}`, 400, shopmind.EINVALID, "price", ">= 0"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := request{method: tt.method, path: tt.path, key: writeKey, body: tt.body}.do(t, h)
			e := decodeError(t, rec)
			if rec.Code != tt.status || e.Code != tt.code || e.Field != tt.field || !strings.Contains(e.Message, tt.msgSubstr) {
				t.Fatalf("got %d %+v; want %d code %q field %q message containing %q", rec.Code, e, tt.status, tt.code, tt.field, tt.msgSubstr)
			}
		})
	}
}

func TestEventBatchLimit(t *testing.T) {
	store := newMockStore()
	s := NewServer(store, Options{MaxBodyBytes: 8 << 20, Registry: prometheus.NewRegistry()})
	var b strings.Builder
	b.WriteString(`{"events":[`)
	for i := range maxEventBatch + 1 {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, `{"user_id":"u%d","item_id":"i","type":"view","time":"2026-11-01T10:00:00Z"}`, i)
	}
	b.WriteString(`]}`)
	rec := request{method: "POST", path: "/v1/events", key: writeKey, body: b.String()}.do(t, s.Handler())
	if e := decodeError(t, rec); rec.Code != 413 || e.Field != "events" {
		t.Fatalf("got %d %+v; want 413 on events", rec.Code, e)
	}
}
