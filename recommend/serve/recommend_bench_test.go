package serve

import (
	"context"
	"testing"

	"github.com/shopmind/shopmind"
)

// BenchmarkRecommendForUserServed measures one request's work in the
// service with the recent events in memory (the tail polled): the time and
// the allocations, which set how often serve's garbage collector runs
// under load.
func BenchmarkRecommendForUserServed(b *testing.B) {
	db, shop := mustShopStore(b)
	ctx := context.Background()
	s := NewService(db, ServiceConfig{Model: "itemknn"})
	m, err := s.Train(ctx, "itemknn", nil)
	if err != nil {
		b.Fatal(err)
	}
	s.Tail = NewTail(db)
	if err := s.Swap(ctx, m); err != nil {
		b.Fatal(err)
	}
	if err := s.Tail.Poll(ctx); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := range b.N {
		if _, err := s.RecommendForUser(ctx, shop.Users[i%len(shop.Users)].ID, shopmind.RecommendOptions{N: 10}); err != nil {
			b.Fatal(err)
		}
	}
}
