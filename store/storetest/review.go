package storetest

import (
	"fmt"
	"testing"

	"github.com/shopmind/shopmind"
)

func testReviews(t *testing.T, open Opener) {
	t.Run("RoundTrip", func(t *testing.T) {
		s := open(t)
		in := []*shopmind.Review{
			{ID: "r1", ItemID: "i1", UserID: "u1", Rating: 5, Title: "Great", Text: "Fits well. 很好", Language: "en", CreatedAt: base},
			{ID: "r2", ItemID: "i1", Text: "anonymous, no rating", CreatedAt: base},
		}
		must(t, s.UpsertReviews(ctx(), in))
		for _, r := range in {
			got, err := s.Review(ctx(), r.ID)
			must(t, err)
			want := *r
			want.CreatedAt = stored(r.CreatedAt)
			equal(t, "review "+r.ID, got, &want)
		}
	})

	t.Run("ReplaceAndNoOp", func(t *testing.T) {
		s := open(t)
		c := startClock()
		must(t, s.UpsertReviews(ctx(), []*shopmind.Review{{ID: "r", ItemID: "i", Rating: 2, Text: "meh"}}))
		first, err := s.Review(ctx(), "r")
		must(t, err)
		c.check(t, "CreatedAt", first.CreatedAt)
		pause()
		must(t, s.UpsertReviews(ctx(), []*shopmind.Review{{ID: "r", ItemID: "i", Rating: 2, Text: "meh"}}))
		again, err := s.Review(ctx(), "r")
		must(t, err)
		equal(t, "review after equal upsert", again, first)
		must(t, s.UpsertReviews(ctx(), []*shopmind.Review{{ID: "r", ItemID: "i", Rating: 4, Text: "better"}}))
		got, err := s.Review(ctx(), "r")
		must(t, err)
		equal(t, "replaced review", got, &shopmind.Review{ID: "r", ItemID: "i", Rating: 4, Text: "better", CreatedAt: first.CreatedAt})
	})

	t.Run("Errors", func(t *testing.T) {
		s := open(t)
		_, err := s.Review(ctx(), "missing")
		wantCode(t, err, shopmind.ENOTFOUND, "")
		wantCode(t, s.DeleteReview(ctx(), "missing"), shopmind.ENOTFOUND, "")
		wantCode(t, s.UpsertReviews(ctx(), []*shopmind.Review{{ID: "a", ItemID: "i", Text: "x"}, {ID: "b", ItemID: "i", Rating: 6, Text: "x"}}),
			shopmind.EINVALID, "reviews[1].rating")
		_, err = s.Review(ctx(), "a")
		wantCode(t, err, shopmind.ENOTFOUND, "")
		must(t, s.UpsertReviews(ctx(), []*shopmind.Review{{ID: "a", ItemID: "i", Text: "x"}}))
		must(t, s.DeleteReview(ctx(), "a"))
		wantCode(t, s.DeleteReview(ctx(), "a"), shopmind.ENOTFOUND, "")
		_, _, err = s.Reviews(ctx(), shopmind.ReviewFilter{After: "not base64!"})
		wantCode(t, err, shopmind.EINVALID, "after")
	})

	t.Run("Filters", func(t *testing.T) {
		s := open(t)
		var reviews []*shopmind.Review
		for i := range 25 {
			reviews = append(reviews, &shopmind.Review{ID: fmt.Sprintf("r%02d", (i*3)%25), ItemID: fmt.Sprint("i", i%3),
				UserID: []string{"", "u1", "u2"}[(i/2)%3], Text: "t"})
		}
		must(t, s.UpsertReviews(ctx(), reviews))
		tests := []struct {
			name string
			f    shopmind.ReviewFilter
			keep func(*shopmind.Review) bool
		}{
			{"All", shopmind.ReviewFilter{}, func(*shopmind.Review) bool { return true }},
			{"Item", shopmind.ReviewFilter{ItemID: "i1"}, func(r *shopmind.Review) bool { return r.ItemID == "i1" }},
			{"User", shopmind.ReviewFilter{UserID: "u1"}, func(r *shopmind.Review) bool { return r.UserID == "u1" }},
			{"Both", shopmind.ReviewFilter{ItemID: "i1", UserID: "u1"}, func(r *shopmind.Review) bool { return r.ItemID == "i1" && r.UserID == "u1" }},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				want := []string{}
				for i := range 25 {
					for _, r := range reviews {
						if r.ID == fmt.Sprintf("r%02d", i) && tt.keep(r) {
							want = append(want, r.ID)
						}
					}
				}
				got := collect(t, 3, func(after string, limit int) ([]*shopmind.Review, string, error) {
					f := tt.f
					f.After, f.Limit = after, limit
					return s.Reviews(ctx(), f)
				})
				equal(t, "review ids", ids(got), want)
			})
		}
	})
}
