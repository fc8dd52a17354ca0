package assistant

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/shopmind/shopmind"
)

// BenchmarkTurn measures one stored turn (classify, dialogue, catalog or
// order look-up, and the SQLite transaction that saves both messages and
// the state) over a mix of messages, and reports p50 and p99.
func BenchmarkTurn(b *testing.B) {
	svc, _, _ := newTestService(b)
	ctx := context.Background()
	msgs := []string{"where is my order A-1001?", "do you have Nike running shoes under $100 in size 42?", "the second one",
		"how much is it?", "how long does delivery take?", "有100元以下的42码耐克跑鞋吗", "thanks"}
	conv, err := svc.Start(ctx, &shopmind.Conversation{UserID: "u1"})
	if err != nil {
		b.Fatal(err)
	}
	lat := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		start := time.Now()
		if _, err := svc.Send(ctx, conv.ID, msgs[i%len(msgs)]); err != nil {
			b.Fatal(err)
		}
		lat = append(lat, time.Since(start))
	}
	b.StopTimer()
	slices.Sort(lat)
	b.ReportMetric(float64(lat[len(lat)/2].Microseconds()), "p50-µs")
	b.ReportMetric(float64(lat[len(lat)*99/100].Microseconds()), "p99-µs")
}
