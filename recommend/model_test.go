package recommend

import (
	"bytes"
	"context"
	"errors"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/shopmind/shopmind"
)

func TestUserMetrics(t *testing.T) {
	tests := []struct {
		name                         string
		ranked                       []int
		relevant                     []int
		k                            int
		ndcg, recall, precision, hit float64
	}{
		{"AllHit", []int{1, 2}, []int{1, 2}, 2, 1, 1, 1, 1},
		{"None", []int{3, 4}, []int{1}, 2, 0, 0, 0, 0},
		// hit at rank 2 of 1 relevant: DCG 1/log2(3), IDCG 1.
		{"SecondOfOne", []int{5, 1, 6}, []int{1}, 3, 1 / math.Log2(3), 1, 1.0 / 3, 1},
		// hits at ranks 1 and 3, 3 relevant, k=3: DCG 1 + 1/2, IDCG 1 + 1/log2(3) + 1/2.
		{"TwoOfThree", []int{1, 9, 2}, []int{1, 2, 3}, 3, 1.5 / (1 + 1/math.Log2(3) + 0.5), 2.0 / 3, 2.0 / 3, 1},
		// 20 relevant, k=2: recall denominator is min(k, |test|) = 2.
		{"RecallCapped", []int{1, 50}, seq(20), 2, 1 / (1 + 1/math.Log2(3)), 0.5, 0.5, 1},
		// items beyond k do not count.
		{"BeyondK", []int{7, 1}, []int{1}, 1, 0, 0, 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rel := map[int]bool{}
			for _, i := range tt.relevant {
				rel[i] = true
			}
			n, r, p, h := UserMetrics(tt.ranked, rel, tt.k)
			for _, c := range []struct {
				what      string
				got, want float64
			}{{"ndcg", n, tt.ndcg}, {"recall", r, tt.recall}, {"precision", p, tt.precision}, {"hit", h, tt.hit}} {
				if math.Abs(c.got-c.want) > 1e-12 {
					t.Errorf("%s = %.6f, want %.6f", c.what, c.got, c.want)
				}
			}
		})
	}
}

func seq(n int) []int {
	s := make([]int, n)
	for i := range s {
		s[i] = i + 1
	}
	return s
}

func TestTopN(t *testing.T) {
	scores := []float32{0.5, 0.9, 0.9, float32(math.NaN()), 0.1, 0.7}
	tests := []struct {
		name    string
		n       int
		exclude []int
		cand    func(int) bool
		want    []int
	}{
		{"TiesByIndex", 3, nil, nil, []int{1, 2, 5}},
		{"Exclude", 2, []int{1, 5}, nil, []int{2, 0}},
		{"Candidates", 10, nil, func(i int) bool { return i%2 == 0 }, []int{2, 0, 4}},
		{"MoreThanAvailable", 10, nil, nil, []int{1, 2, 5, 0, 4}},
		{"Zero", 0, nil, nil, []int{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := TopN(scores, tt.n, tt.exclude, tt.cand)
			if len(got) != len(tt.want) {
				t.Fatalf("got %v, want items %v", got, tt.want)
			}
			for k := range got {
				if got[k].Item != tt.want[k] {
					t.Fatalf("got %v, want items %v", got, tt.want)
				}
			}
		})
	}
}

func TestDatasetFromEvents(t *testing.T) {
	at := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	ev := []*shopmind.Event{
		{UserID: "a", ItemID: "x", Type: shopmind.EventView, Time: at},
		{UserID: "a", ItemID: "x", Type: shopmind.EventPurchase, Time: at.Add(time.Hour)},
		{UserID: "a", ItemID: "y", Type: shopmind.EventView, Time: at},
		{UserID: "a", ItemID: "y", Type: shopmind.EventDislike, Time: at},
		{UserID: "b", ItemID: "y", Type: shopmind.EventCart, Time: at},
		{UserID: "b", ItemID: "z", Type: shopmind.EventRating, Value: 2, Time: at},
	}
	w := DefaultWeights()
	if !(w.View < w.Cart && w.Cart < w.Purchase && w.Dislike < 0) {
		t.Fatalf("default weights not ordered: %+v", w)
	}
	d := NewDataset(FromEvents(ev, w), nil)
	if d.NumUsers() != 2 || d.NumItems() != 3 || d.NNZ() != 2 {
		t.Fatalf("users %d items %d nnz %d, want 2 3 2", d.NumUsers(), d.NumItems(), d.NNZ())
	}
	a, _ := d.UserIndex("a")
	x, _ := d.ItemIndex("x")
	y, _ := d.ItemIndex("y")
	z, _ := d.ItemIndex("z")
	items, vals := d.UserItems(a)
	if len(items) != 1 || int(items[0]) != x || vals[0] != w.View+w.Purchase {
		t.Fatalf("user a items %v vals %v, want [%d] [%v]", items, vals, x, w.View+w.Purchase)
	}
	if got := d.UserTimes(a)[0]; got != at.Add(time.Hour).Unix() {
		t.Fatalf("time %d, want the latest", got)
	}
	if dis := d.Disliked(a); len(dis) != 1 || int(dis[0]) != y {
		t.Fatalf("disliked %v, want [%d]", dis, y)
	}
	b, _ := d.UserIndex("b")
	if dis := d.Disliked(b); len(dis) != 1 || int(dis[0]) != z {
		t.Fatalf("low rating should be disliked, got %v", dis)
	}
	users, _ := d.ItemUsers(y)
	if len(users) != 1 || int(users[0]) != b {
		t.Fatalf("item y users %v, want [%d]", users, b)
	}
}

func TestFilter(t *testing.T) {
	items := []*shopmind.Item{
		{ID: "a", Category: []string{"Clothing", "Shoes"}, Price: 50, Stock: 2, Active: true},
		{ID: "b", Category: []string{"Clothing", "Shirts"}, Price: 20, Stock: 0, Active: true},
		{ID: "c", Category: []string{"Garden"}, Price: 5, Stock: 9, Active: false},
	}
	d := NewDataset([]Interaction{{User: "u", Item: "unknown", Value: 1}}, items)
	lo, hi := 10.0, 60.0
	tests := []struct {
		name string
		f    Filter
		want string
	}{
		{"None", Filter{}, "a,b,c,unknown"},
		{"Category", Filter{Category: "clothing"}, "a,b"},
		{"SubCategory", Filter{Category: "Clothing/Shoes"}, "a"},
		{"Price", Filter{MinPrice: &lo, MaxPrice: &hi}, "a,b"},
		{"InStock", Filter{InStock: true}, "a,c"},
		{"Active", Filter{Active: true}, "a,b"},
		{"Exclude", Filter{Exclude: []string{"b", "nope"}}, "a,c,unknown"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ok := tt.f.Candidates(d)
			var got []string
			for i := 0; i < d.NumItems(); i++ {
				if ok(i) {
					got = append(got, d.Items[i])
				}
			}
			if s := strings.Join(got, ","); s != tt.want {
				t.Fatalf("got %s, want %s", s, tt.want)
			}
		})
	}
}

func TestReadCSV(t *testing.T) {
	t.Run("OK", func(t *testing.T) {
		in := "timestamp,item,user,extra\n100,x,u1,z\n2026-01-02T00:00:00Z,y,u2,z\n"
		got, err := ReadCSV(strings.NewReader(in))
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 2 || got[0] != (Interaction{"u1", "x", 1, 100, shopmind.EventPurchase}) || got[1].Time != time.Date(2026, 1, 2, 0, 0, 0, 0, time.UTC).Unix() {
			t.Fatalf("got %+v", got)
		}
	})
	for _, tt := range []struct{ name, in, field string }{
		{"ErrHeader", "a,b\n1,2\n", "header"},
		{"ErrValue", "user,item,value\nu,i,abc\n", "line 2"},
		{"ErrMissingItem", "user,item\nu,\n", "line 2"},
		{"ErrTime", "user,item,timestamp\nu,i,yesterday\n", "line 2"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ReadCSV(strings.NewReader(tt.in))
			if shopmind.ErrorCode(err) != shopmind.EINVALID || shopmind.ErrorField(err) != tt.field {
				t.Fatalf("err %v, want EINVALID on %q", err, tt.field)
			}
		})
	}
}

func TestSplitByUser(t *testing.T) {
	inter, _ := loadFixture(t)
	tr1, te1 := SplitByUser(inter, 0.2, 1)
	_, te2 := SplitByUser(inter, 0.2, 1)
	_, te3 := SplitByUser(inter, 0.2, 2)
	if len(tr1)+len(te1) != len(inter) {
		t.Fatalf("split lost interactions: %d + %d != %d", len(tr1), len(te1), len(inter))
	}
	if frac := float64(len(te1)) / float64(len(inter)); frac < 0.18 || frac > 0.22 {
		t.Fatalf("test fraction %.3f, want about 0.2", frac)
	}
	for k := range te1 {
		if te1[k] != te2[k] {
			t.Fatal("the same seed gave a different split")
		}
	}
	same := 0
	for k := range te1 {
		if k < len(te3) && te1[k] == te3[k] {
			same++
		}
	}
	if same == len(te1) {
		t.Fatal("a different seed gave the same split")
	}
	d := NewDataset(tr1, nil)
	h := d.Holdout(te1)
	if len(h) != fixtureUsers {
		t.Fatalf("holdout has %d users, want every user (%d)", len(h), fixtureUsers)
	}
}

// fitFixture fits a default model of each family on the fixture's training
// split.
func fitFixture(t testing.TB, name string) (Model, *Dataset, Holdout) {
	t.Helper()
	inter, catalog := loadFixture(t)
	train, test := SplitByUser(inter, 0.2, 3)
	d := NewDataset(train, catalog)
	m, err := New(name)
	if err != nil {
		t.Fatal(err)
	}
	if err := m.Fit(context.Background(), d, nil); err != nil {
		t.Fatalf("fit %s: %v", name, err)
	}
	return m, d, d.Holdout(test)
}

// TestQualityBands checks every model against NDCG@10 bands on the fixture,
// where users follow category tastes that collaborative models must find.
func TestQualityBands(t *testing.T) {
	bands := map[string][2]float64{ // [min, max]
		"popularity":  {0.05, 0.25},
		"content":     {0.08, 0.5},
		"itemknn":     {0.30, 0.8},
		"userknn":     {0.30, 0.8},
		"ease":        {0.30, 0.8},
		"sparse-ease": {0.30, 0.8},
		"als":         {0.30, 0.8},
		"bpr":         {0.25, 0.8},
		"neumf":       {0.20, 0.8},
		"hybrid":      {0.30, 0.8},
	}
	got := map[string]float64{}
	for _, name := range Names() {
		m, d, h := fitFixture(t, name)
		met, err := Evaluate(context.Background(), m, d, h, DefaultEvalOptions())
		if err != nil {
			t.Fatal(err)
		}
		got[name] = met.NDCG
		t.Logf("%-10s %s", name, met)
		b := bands[name]
		if met.NDCG < b[0] || met.NDCG > b[1] {
			t.Errorf("%s NDCG@10 %.4f outside [%.2f, %.2f]", name, met.NDCG, b[0], b[1])
		}
		if met.Users != fixtureUsers || met.Coverage <= 0 || met.Coverage > 1 {
			t.Errorf("%s: users %d coverage %.3f", name, met.Users, met.Coverage)
		}
	}
	for _, name := range []string{"ease", "sparse-ease", "itemknn", "userknn", "als", "bpr", "neumf", "hybrid"} {
		if got[name] <= got["popularity"]*1.5 {
			t.Errorf("%s NDCG %.4f does not clearly beat popularity %.4f", name, got[name], got["popularity"])
		}
	}
}

func TestMarshalRoundTrip(t *testing.T) {
	for _, name := range Names() {
		t.Run(name, func(t *testing.T) {
			m, d, _ := fitFixture(t, name)
			var buf bytes.Buffer
			if err := m.Marshal(&buf); err != nil {
				t.Fatal(err)
			}
			loaded, _ := New(name)
			if err := loaded.Unmarshal(bytes.NewReader(buf.Bytes())); err != nil {
				t.Fatal(err)
			}
			cases := []struct {
				user int
				hist []int
			}{{0, d.History(0)}, {5, d.History(5)}, {-1, d.History(7)[:3]}, {-1, nil}}
			for _, c := range cases {
				a, b := make([]float32, d.NumItems()), make([]float32, d.NumItems())
				m.Score(c.user, c.hist, a)
				loaded.Score(c.user, c.hist, b)
				for i := range a {
					if a[i] != b[i] && !(math.IsNaN(float64(a[i])) && math.IsNaN(float64(b[i]))) {
						t.Fatalf("user %d item %d: score %v after load, want %v", c.user, i, b[i], a[i])
					}
				}
			}
			other := "ease"
			if name == "ease" {
				other = "als"
			}
			wrong, _ := New(other)
			if err := wrong.Unmarshal(bytes.NewReader(buf.Bytes())); shopmind.ErrorCode(err) != shopmind.EINVALID {
				t.Fatalf("loading %s data into %s: err %v, want EINVALID", name, other, err)
			}
		})
	}
}

func TestFitCancelled(t *testing.T) {
	inter, catalog := loadFixture(t)
	d := NewDataset(inter, catalog)
	for _, name := range Names() {
		t.Run(name, func(t *testing.T) {
			ctx, cancel := context.WithCancel(context.Background())
			cancel()
			m, _ := New(name)
			if err := m.Fit(ctx, d, nil); !errors.Is(err, context.Canceled) {
				t.Fatalf("pre-cancelled fit: err %v, want context.Canceled", err)
			}
		})
	}
	// Iterative models stop mid-way when cancelled from their progress.
	for _, name := range []string{"als", "bpr", "neumf", "ease"} {
		t.Run(name+"/Midway", func(t *testing.T) {
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			m, _ := New(name)
			calls := 0
			err := m.Fit(ctx, d, func(stage string, done, total int) {
				calls++
				cancel()
			})
			if calls == 0 || !errors.Is(err, context.Canceled) {
				t.Fatalf("after %d progress calls: err %v, want context.Canceled", calls, err)
			}
		})
	}
}

func TestColdStart(t *testing.T) {
	m, d, _ := fitFixture(t, "hybrid")
	pop, _, _ := fitFixture(t, "popularity")
	t.Run("UnknownUserNoHistory", func(t *testing.T) {
		got := Recommend(m, d, -1, nil, 5, nil)
		want := Recommend(pop, d, -1, nil, 5, nil)
		for k := range want {
			if got[k].Item != want[k].Item {
				t.Fatalf("got %v, want popularity order %v", got, want)
			}
		}
	})
	t.Run("SessionHistory", func(t *testing.T) {
		// A session in category 2 only: most recommendations stay there.
		var hist []int
		for _, id := range []string{"c2-i00", "c2-i01", "c2-i03"} {
			i, _ := d.ItemIndex(id)
			hist = append(hist, i)
		}
		got := Recommend(m, d, -1, hist, 10, nil)
		in := 0
		for _, s := range got {
			if strings.HasPrefix(d.Items[s.Item], "c2-") {
				in++
			}
			for _, h := range hist {
				if s.Item == h {
					t.Fatalf("history item %d recommended", h)
				}
			}
		}
		if in < 8 {
			t.Fatalf("%d of 10 recommendations in the session's category, want >= 8: %v", in, got)
		}
	})
	t.Run("NewItem", func(t *testing.T) {
		// c3-i20 and c3-i21 have no interactions; content similarity must
		// still rank them for a category-3 session above other categories' cold items.
		ni, _ := d.ItemIndex("c3-i20")
		if users, _ := d.ItemUsers(ni); len(users) != 0 {
			t.Fatal("fixture item c3-i20 should have no interactions")
		}
		var hist []int
		for _, id := range []string{"c3-i00", "c3-i04"} {
			i, _ := d.ItemIndex(id)
			hist = append(hist, i)
		}
		cold := func(i int) bool {
			users, _ := d.ItemUsers(i)
			return len(users) == 0
		}
		got := Recommend(m, d, -1, hist, 2, cold)
		for _, s := range got {
			if !strings.HasPrefix(d.Items[s.Item], "c3-") {
				t.Fatalf("cold recommendations %v, want category 3 items", got)
			}
		}
	})
}

func TestBundle(t *testing.T) {
	m, d, _ := fitFixture(t, "ease")
	var buf bytes.Buffer
	if err := NewBundle(m, d).Save(&buf); err != nil {
		t.Fatal(err)
	}
	b, err := LoadBundle(&buf)
	if err != nil {
		t.Fatal(err)
	}
	user := d.Users[4]
	var hist []string
	for _, i := range d.History(4) {
		hist = append(hist, d.Items[i])
	}
	notC0 := func(id string) bool { return !strings.HasPrefix(id, "c0-") }
	got := b.Recommend(user, hist, 5, notC0)
	want := Recommend(m, d, 4, d.History(4), 5, func(i int) bool { return notC0(d.Items[i]) })
	if len(got) != 5 || len(want) != 5 {
		t.Fatalf("got %d and %d recommendations, want 5", len(got), len(want))
	}
	for k := range want {
		if got[k].ItemID != d.Items[want[k].Item] || got[k].Score != want[k].Score {
			t.Fatalf("bundle recommends %v, model %v", got, want)
		}
	}
	if _, err := LoadBundle(strings.NewReader("not a bundle")); shopmind.ErrorCode(err) != shopmind.EINVALID {
		t.Fatalf("err %v, want EINVALID", err)
	}
}
