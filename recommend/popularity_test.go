package recommend

import (
	"context"
	"testing"

	"github.com/shopmind/shopmind"
)

func TestPopularity(t *testing.T) {
	const day = 86400
	// "old" has three users a year ago; "new" has two users today; "shoe"
	// one user today, in the category the test user likes.
	inter := []Interaction{
		{User: "u1", Item: "old", Value: 1, Time: 1}, {User: "u2", Item: "old", Value: 1, Time: 1}, {User: "u3", Item: "old", Value: 1, Time: 1},
		{User: "u4", Item: "new", Value: 1, Time: 365 * day}, {User: "u5", Item: "new", Value: 1, Time: 365 * day},
		{User: "u6", Item: "shoe", Value: 1, Time: 365 * day},
	}
	catalog := []*shopmind.Item{
		{ID: "old", Category: []string{"Books"}}, {ID: "new", Category: []string{"Books"}},
		{ID: "shoe", Category: []string{"Shoes"}}, {ID: "boot", Category: []string{"Shoes"}},
	}
	d := NewDataset(inter, catalog)
	shoe, _ := d.ItemIndex("shoe")
	boot, _ := d.ItemIndex("boot")
	tests := []struct {
		name    string
		params  PopularityParams
		history []int
		want    []string
	}{
		{"Count", PopularityParams{}, nil, []string{"old", "new", "shoe"}},
		{"TimeDecay", PopularityParams{HalfLife: 30 * day}, nil, []string{"new", "shoe", "old"}},
		{"CategoryAffinity", PopularityParams{CategoryAffinity: 5}, []int{boot}, []string{"shoe", "old", "new"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := &Popularity{Params: tt.params}
			if err := m.Fit(context.Background(), d, nil); err != nil {
				t.Fatal(err)
			}
			got := Recommend(m, d, -1, tt.history, 3, nil)
			if len(got) != 3 {
				t.Fatalf("got %v", got)
			}
			for k, s := range got {
				if d.Items[s.Item] != tt.want[k] {
					t.Fatalf("rank %d is %s, want order %v (scores %v)", k, d.Items[s.Item], tt.want, got)
				}
			}
		})
	}
	t.Run("PerCategory", func(t *testing.T) {
		m := NewPopularity()
		if err := m.Fit(context.Background(), d, nil); err != nil {
			t.Fatal(err)
		}
		got := Recommend(m, d, -1, nil, 5, Filter{Category: "Shoes"}.Candidates(d))
		if len(got) != 2 || got[0].Item != shoe || got[1].Item != boot {
			t.Fatalf("got %v, want shoe then boot", got)
		}
	})
	t.Run("ErrEmpty", func(t *testing.T) {
		err := NewPopularity().Fit(context.Background(), NewDataset(nil, catalog), nil)
		if shopmind.ErrorCode(err) != shopmind.EINVALID {
			t.Fatalf("err %v, want EINVALID", err)
		}
	})
}
