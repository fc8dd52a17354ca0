package insights

import (
	"context"
	"maps"

	"github.com/shopmind/shopmind"
)

var _ shopmind.Forgetter = (*Service)(nil)

// Forget implements shopmind.Forgetter: at once, the current snapshot no
// longer lists the user among customers (segments, clusters, churn and
// propensity scores, campaign targets) and no longer knows their id. Their
// orders and activity stay in the snapshot's aggregates (cohorts, funnels)
// without an id until the next refresh, which reads the store as erasure
// left it.
func (s *Service) Forget(ctx context.Context, userID string) ([]string, error) {
	s.forgotten.Store(userID, s.forgets.Add(1))
	for {
		sn := s.snap.Load()
		if sn == nil {
			return nil, nil
		}
		n, ok := sn.without(userID)
		if !ok {
			return nil, nil
		}
		if s.snap.CompareAndSwap(sn, n) {
			return []string{"insights snapshot of " + sn.Segmentation.ComputedAt.Format("2006-01-02 15:04:05") + " UTC"}, nil
		}
	}
}

// without returns a copy of sn without userID, and false when sn does not
// know them.
func (sn *Snapshot) without(userID string) (*Snapshot, bool) {
	u, known := -1, false
	if sn.History != nil {
		if i, ok := sn.History.userIdx[userID]; ok {
			u, known = int(i), true
		}
	}
	k, customer := sn.byUser[userID]
	if !known && !customer {
		return nil, false
	}
	n := *sn
	if known {
		h := *sn.History
		h.Users = append([]string(nil), sn.History.Users...)
		h.Users[u] = ""
		h.userIdx = maps.Clone(sn.History.userIdx)
		delete(h.userIdx, userID)
		n.History = &h
	}
	if customer {
		n.Customers = append(append(make([]*shopmind.CustomerInsight, 0, len(sn.Customers)-1), sn.Customers[:k]...), sn.Customers[k+1:]...)
		n.byUser = make(map[string]int, len(n.Customers))
		for i, c := range n.Customers {
			n.byUser[c.UserID] = i
		}
		n.idx = append([]int(nil), sn.idx...)
		for i, pos := range n.idx {
			switch {
			case pos == k:
				n.idx[i] = -1
			case pos > k:
				n.idx[i] = pos - 1
			}
		}
		n.Segmentation.Customers = len(n.Customers)
	}
	return &n, true
}
