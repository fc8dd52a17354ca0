package storetest

import (
	"fmt"
	"testing"
	"time"

	"github.com/shopmind/shopmind"
)

// nov returns the UTC midnight of 2025-11-d (d may run past November).
func nov(d int) time.Time { return time.Date(2025, 11, d, 0, 0, 0, 0, time.UTC) }

func testPromotions(t *testing.T, open Opener) {
	t.Run("CRUD", func(t *testing.T) {
		s := open(t)
		bf := &shopmind.Promotion{ID: "bf-2025", Name: "Black Friday", Kind: shopmind.KindHoliday,
			Start: nov(24).Add(15 * time.Hour).In(time.FixedZone("CET", 3600)), End: nov(30)}
		shoes := &shopmind.Promotion{ID: "shoes-spring", Start: nov(2), End: nov(6),
			Categories: []string{"Clothing › Shoes"}, ItemIDs: []string{"i1", "i2"}}
		c := startClock()
		must(t, s.UpsertPromotions(ctx(), []*shopmind.Promotion{bf, shoes}))
		got, err := s.Promotion(ctx(), "bf-2025")
		must(t, err)
		c.check(t, "CreatedAt", got.CreatedAt)
		equal(t, "created = updated on insert", got.UpdatedAt, got.CreatedAt)
		equal(t, "start cut to its UTC day", got.Start, nov(24))
		equal(t, "end", got.End, nov(30))
		equal(t, "name", got.Name, "Black Friday")
		equal(t, "kind", got.Kind, shopmind.KindHoliday)
		if got.ItemIDs != nil || got.Categories != nil {
			t.Errorf("whole-shop promotion came back with items %v categories %v", got.ItemIDs, got.Categories)
		}
		sh, err := s.Promotion(ctx(), "shoes-spring")
		must(t, err)
		equal(t, "defaults", []any{sh.Name, sh.Kind}, []any{"shoes-spring", shopmind.KindPromotion})
		equal(t, "items", sh.ItemIDs, []string{"i1", "i2"})
		equal(t, "categories", sh.Categories, []string{"Clothing/Shoes"})

		// The same content again changes nothing; a change stamps UpdatedAt
		// and keeps CreatedAt.
		pause()
		must(t, s.UpsertPromotions(ctx(), []*shopmind.Promotion{{ID: "bf-2025", Name: "Black Friday", Kind: shopmind.KindHoliday, Start: nov(24), End: nov(30)}}))
		again, err := s.Promotion(ctx(), "bf-2025")
		must(t, err)
		equal(t, "unchanged", again, got)
		pause()
		must(t, s.UpsertPromotions(ctx(), []*shopmind.Promotion{{ID: "bf-2025", Name: "Black Friday week", Kind: shopmind.KindHoliday, Start: nov(24), End: nov(31)}}))
		changed, err := s.Promotion(ctx(), "bf-2025")
		must(t, err)
		equal(t, "created kept", changed.CreatedAt, got.CreatedAt)
		equal(t, "new end", changed.End, time.Date(2025, 12, 1, 0, 0, 0, 0, time.UTC))
		if !changed.UpdatedAt.After(got.UpdatedAt) {
			t.Errorf("UpdatedAt %v not after %v", changed.UpdatedAt, got.UpdatedAt)
		}

		must(t, s.UpsertPromotions(ctx(), []*shopmind.Promotion{{ID: "xmas", Kind: shopmind.KindHoliday, Start: time.Date(2025, 12, 24, 0, 0, 0, 0, time.UTC), End: time.Date(2025, 12, 26, 0, 0, 0, 0, time.UTC)}}))
		tests := []struct {
			name string
			f    shopmind.PromotionFilter
			want []string
		}{
			{"All", shopmind.PromotionFilter{}, []string{"bf-2025", "shoes-spring", "xmas"}},
			{"Kind", shopmind.PromotionFilter{Kind: shopmind.KindHoliday}, []string{"bf-2025", "xmas"}},
			{"OverlapsEnd", shopmind.PromotionFilter{From: nov(6), To: nov(6)}, []string{"shoes-spring"}},
			{"OverlapsStart", shopmind.PromotionFilter{From: nov(20), To: nov(24).Add(23 * time.Hour)}, []string{"bf-2025"}},
			{"From", shopmind.PromotionFilter{From: time.Date(2025, 12, 1, 12, 0, 0, 0, time.UTC)}, []string{"bf-2025", "xmas"}},
			{"To", shopmind.PromotionFilter{To: nov(1)}, []string{}},
			{"Gap", shopmind.PromotionFilter{From: nov(7), To: nov(23)}, []string{}},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				list, _, err := s.Promotions(ctx(), tt.f)
				must(t, err)
				equal(t, "ids", ids(list), tt.want)
			})
		}

		must(t, s.DeletePromotion(ctx(), "xmas"))
		wantCode(t, s.DeletePromotion(ctx(), "xmas"), shopmind.ENOTFOUND, "")
		_, err = s.Promotion(ctx(), "xmas")
		wantCode(t, err, shopmind.ENOTFOUND, "")
	})

	t.Run("Pages", func(t *testing.T) {
		s := open(t)
		var ps []*shopmind.Promotion
		var want []string
		for i := range 7 {
			id := fmt.Sprintf("p%02d", i)
			ps = append(ps, &shopmind.Promotion{ID: id, Start: nov(i + 1), End: nov(i + 2)})
			want = append(want, id)
		}
		must(t, s.UpsertPromotions(ctx(), ps))
		got := collect(t, 3, func(after string, limit int) ([]*shopmind.Promotion, string, error) {
			return s.Promotions(ctx(), shopmind.PromotionFilter{After: after, Limit: limit})
		})
		equal(t, "ids", ids(got), want)
		_, _, err := s.Promotions(ctx(), shopmind.PromotionFilter{After: "not a cursor"})
		wantCode(t, err, shopmind.EINVALID, "after")
	})

	t.Run("Invalid", func(t *testing.T) {
		s := open(t)
		tests := []struct {
			name  string
			p     *shopmind.Promotion
			field string
		}{
			{"ErrIDRequired", &shopmind.Promotion{Start: nov(1), End: nov(2)}, "promotions[1].id"},
			{"ErrStartRequired", &shopmind.Promotion{ID: "x", End: nov(2)}, "promotions[1].start"},
			{"ErrEndRequired", &shopmind.Promotion{ID: "x", Start: nov(2)}, "promotions[1].end"},
			{"ErrEndBeforeStart", &shopmind.Promotion{ID: "x", Start: nov(5), End: nov(4)}, "promotions[1].end"},
			{"ErrTooLong", &shopmind.Promotion{ID: "x", Start: nov(1), End: nov(1).AddDate(1, 0, 0)}, "promotions[1].end"},
			{"ErrKind", &shopmind.Promotion{ID: "x", Kind: "sale", Start: nov(1), End: nov(2)}, "promotions[1].kind"},
			{"ErrItemID", &shopmind.Promotion{ID: "x", Start: nov(1), End: nov(2), ItemIDs: []string{"a", " b"}}, "promotions[1].item_ids[1]"},
			{"ErrItemTwice", &shopmind.Promotion{ID: "x", Start: nov(1), End: nov(2), ItemIDs: []string{"a", "a"}}, "promotions[1].item_ids[1]"},
			{"ErrCategory", &shopmind.Promotion{ID: "x", Start: nov(1), End: nov(2), Categories: []string{" / "}}, "promotions[1].categories[0]"},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				ok := &shopmind.Promotion{ID: "ok", Start: nov(1), End: nov(1)}
				wantCode(t, s.UpsertPromotions(ctx(), []*shopmind.Promotion{ok, tt.p}), shopmind.EINVALID, tt.field)
			})
		}
		wantCode(t, s.UpsertPromotions(ctx(), []*shopmind.Promotion{nil}), shopmind.EINVALID, "promotions[0]")
		_, err := s.Promotion(ctx(), "ok")
		wantCode(t, err, shopmind.ENOTFOUND, "") // nothing written by a failed batch
	})

	t.Run("Tx", func(t *testing.T) {
		s := open(t)
		err := s.Tx(ctx(), func(tx shopmind.Store) error {
			must(t, tx.UpsertPromotions(ctx(), []*shopmind.Promotion{{ID: "gone", Start: nov(1), End: nov(1)}}))
			if _, err := tx.Promotion(ctx(), "gone"); err != nil {
				t.Errorf("inside the transaction: %v", err)
			}
			return shopmind.Errorf(shopmind.EINVALID, "roll back")
		})
		wantCode(t, err, shopmind.EINVALID, "")
		_, err = s.Promotion(ctx(), "gone")
		wantCode(t, err, shopmind.ENOTFOUND, "")
	})
}
