package mock

import (
	"context"

	"github.com/shopmind/shopmind"
)

// Erasure holds the function fields of shopmind.ErasureService; Store
// embeds it.
type Erasure struct {
	EraseUserFn   func(ctx context.Context, userID string, opt shopmind.EraseOptions) (*shopmind.Erasure, error)
	CompactFn     func(ctx context.Context) error
	DeleteModelFn func(ctx context.Context, name string, version int) error
}

// EraseUser calls EraseUserFn.
func (s *Erasure) EraseUser(ctx context.Context, userID string, opt shopmind.EraseOptions) (*shopmind.Erasure, error) {
	if s.EraseUserFn == nil {
		missing("EraseUser")
	}
	return s.EraseUserFn(ctx, userID, opt)
}

// Compact calls CompactFn.
func (s *Erasure) Compact(ctx context.Context) error {
	if s.CompactFn == nil {
		missing("Compact")
	}
	return s.CompactFn(ctx)
}

// DeleteModel calls DeleteModelFn.
func (s *Erasure) DeleteModel(ctx context.Context, name string, version int) error {
	if s.DeleteModelFn == nil {
		missing("DeleteModel")
	}
	return s.DeleteModelFn(ctx, name, version)
}
