package storetest

import (
	"slices"
	"sync"
	"testing"

	"github.com/shopmind/shopmind"
)

func testModels(t *testing.T, open Opener) {
	t.Run("Versions", func(t *testing.T) {
		s := open(t)
		save := func(name, hash string, data []byte, metrics map[string]float64) *shopmind.Model {
			t.Helper()
			m := &shopmind.Model{Name: name, ConfigHash: hash, Data: data, Metrics: metrics}
			c := startClock()
			must(t, s.SaveModel(ctx(), m))
			c.check(t, "CreatedAt of "+name, m.CreatedAt)
			return m
		}
		a1 := save("recommend/ease", "h1", []byte{1, 2, 3}, map[string]float64{"ndcg@10": 0.31, "recall@20": 0.5})
		b1 := save("forecast/ets", "f1", []byte("ets"), nil)
		a2 := save("recommend/ease", "h2", []byte{4, 5}, map[string]float64{})
		a3 := save("recommend/ease", "h2", []byte{6}, map[string]float64{"ndcg@10": 0.35})
		equal(t, "versions", []int{a1.Version, a2.Version, a3.Version, b1.Version}, []int{1, 2, 3, 1})

		tests := []struct {
			name    string
			version int
			want    *shopmind.Model
		}{
			{"recommend/ease", 0, a3},
			{"recommend/ease", 1, a1},
			{"recommend/ease", 2, a2},
			{"recommend/ease", 3, a3},
			{"forecast/ets", 0, b1},
		}
		for _, tt := range tests {
			got, err := s.Model(ctx(), tt.name, tt.version)
			must(t, err)
			equal(t, tt.name, got, tt.want)
		}
		for _, missing := range []struct {
			name    string
			version int
		}{{"recommend/ease", 4}, {"nope", 0}, {"nope", 1}} {
			_, err := s.Model(ctx(), missing.name, missing.version)
			wantCode(t, err, shopmind.ENOTFOUND, "")
		}

		noData := func(ms ...*shopmind.Model) []*shopmind.Model {
			out := make([]*shopmind.Model, len(ms))
			for i, m := range ms {
				c := *m
				c.Data = nil
				out[i] = &c
			}
			return out
		}
		newest, err := s.Models(ctx(), "")
		must(t, err)
		equal(t, "newest of every model", newest, noData(b1, a3))
		all, err := s.Models(ctx(), "recommend/ease")
		must(t, err)
		equal(t, "versions of one model", all, noData(a1, a2, a3))
		none, err := s.Models(ctx(), "nope")
		must(t, err)
		equal(t, "versions of an unknown model", len(none), 0)
		n, err := s.Counts(ctx())
		must(t, err)
		equal(t, "models stored", n.Models, int64(4))

		wantCode(t, s.SaveModel(ctx(), &shopmind.Model{Name: ""}), shopmind.EINVALID, "name")
	})

	t.Run("ConcurrentSaves", func(t *testing.T) {
		s := open(t)
		const n = 6
		var wg sync.WaitGroup
		versions := make(chan int, n)
		errs := make(chan error, n)
		for i := range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				m := &shopmind.Model{Name: "recommend/bpr", Data: []byte{byte(i)}}
				if err := s.SaveModel(ctx(), m); err != nil {
					errs <- err
					return
				}
				versions <- m.Version
			}()
		}
		wg.Wait()
		close(versions)
		close(errs)
		for err := range errs {
			t.Fatal(err)
		}
		var got []int
		for v := range versions {
			got = append(got, v)
		}
		slices.Sort(got)
		equal(t, "versions of concurrent saves", got, []int{1, 2, 3, 4, 5, 6})
	})
}
