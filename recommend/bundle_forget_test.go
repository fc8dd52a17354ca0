package recommend

import (
	"context"
	"slices"
	"testing"
)

// TestBundleWithoutUserKNN checks that a user-kNN bundle without a user
// has no trace of them: no id, not a neighbour of anyone, not in any item's
// column of the training matrix.
func TestBundleWithoutUserKNN(t *testing.T) {
	inter, catalog := loadFixture(t)
	d := NewDataset(inter, catalog)
	m := NewUserKNN()
	if err := m.Fit(context.Background(), d, nil); err != nil {
		t.Fatal(err)
	}
	b := NewBundle(m, d)
	u := 0
	if !slices.Contains(m.state.N.Idx, int32(u)) || !slices.Contains(m.state.ItemIdx, int32(u)) {
		t.Fatal("user 0 is nobody's neighbour before: the test cannot tell")
	}
	nb, err := b.without(u)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := nb.UserIndex(d.Users[u]); ok {
		t.Error("the bundle still knows the user's id")
	}
	k := nb.Model.(*UserKNN)
	if slices.Contains(k.state.N.Idx, int32(u)) || slices.Contains(k.state.ItemIdx, int32(u)) {
		t.Error("the forgotten user is still a neighbour or in an item's column")
	}
	if !slices.Contains(m.state.N.Idx, int32(u)) {
		t.Error("without changed the served model in place")
	}
}
