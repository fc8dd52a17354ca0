package insights

import (
	"context"

	"github.com/shopmind/shopmind"
)

// Segments returns every customer's RFM segment (user id -> segment): from
// the latest computation, or, before the first, computed from the store
// (RFMSegments). The recommendation holdout evaluation reports quality by
// these groups.
func (s *Service) Segments(ctx context.Context) (map[string]string, error) {
	seg, err := segments(ctx, s)
	if shopmind.ErrorCode(err) != shopmind.EUNAVAILABLE {
		return seg, err
	}
	return s.RFMSegments(ctx)
}

// RFMSegments computes every customer's RFM segment from the store as
// Refresh does, without the churn model (segments do not need it).
func (s *Service) RFMSegments(ctx context.Context) (map[string]string, error) {
	h, err := s.Load(ctx)
	if err != nil {
		return nil, err
	}
	cs, _ := ComputeRFM(h, h.End)
	out := make(map[string]string, len(cs))
	for _, c := range cs {
		out[c.UserID] = c.Segment
	}
	return out, nil
}

// segments reads every customer's segment from ins.
func segments(ctx context.Context, ins shopmind.InsightsService) (map[string]string, error) {
	out := map[string]string{}
	f := shopmind.CustomerFilter{Limit: shopmind.MaxLimit}
	for {
		page, total, err := ins.Customers(ctx, f)
		if err != nil {
			return nil, err
		}
		for _, c := range page {
			out[c.UserID] = c.Segment
		}
		f.Offset += len(page)
		if len(page) == 0 || f.Offset >= total {
			return out, nil
		}
	}
}
