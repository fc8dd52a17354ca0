package ingest

import (
	"context"
	"fmt"

	"github.com/shopmind/shopmind"
)

// refCache answers the user and item look-ups of CheckReferences from the
// import's transaction, remembering the ids found (nothing is deleted
// during an import), so that a file of many orders of the same users and
// items asks the store once per id.
type refCache struct {
	st    shopmind.Store
	known map[string]bool // "u\x00id" and "i\x00id" found
}

func (c *refCache) User(ctx context.Context, id string) (*shopmind.User, error) {
	if c.known["u\x00"+id] {
		return &shopmind.User{ID: id}, nil
	}
	u, err := c.st.User(ctx, id)
	if err == nil {
		c.known["u\x00"+id] = true
	}
	return u, err
}

func (c *refCache) Item(ctx context.Context, id string) (*shopmind.Item, error) {
	if c.known["i\x00"+id] {
		return &shopmind.Item{ID: id}, nil
	}
	it, err := c.st.Item(ctx, id)
	if err == nil {
		c.known["i\x00"+id] = true
	}
	return it, err
}

// keepReferenced returns the records whose users and items exist; each other
// one is a bad row (located by locate), which stops the import under Abort.
// A store error is returned as is.
func keepReferenced[T interface {
	CheckReferences(context.Context, shopmind.Referents) error
}](ctx context.Context, w *writer, file string, xs []T, locate func(i int, err error) *RowError) ([]T, error) {
	out := xs[:0:0]
	for i, x := range xs {
		err := x.CheckReferences(ctx, w.refs)
		switch {
		case err == nil:
			out = append(out, x)
		case shopmind.ErrorCode(err) == shopmind.EINVALID:
			if err := w.bad(locate(i, err)); err != nil {
				return nil, err
			}
		default:
			return nil, fmt.Errorf("%s: check users and items: %w", file, err)
		}
	}
	return out, nil
}
