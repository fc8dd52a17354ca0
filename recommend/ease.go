package recommend

import (
	"context"
	"io"

	"github.com/shopmind/shopmind"
)

// EASEParams are the hyper-parameters of EASE.
type EASEParams struct {
	Lambda float64 // L2 regularisation added to the Gram matrix diagonal
	// MaxItems bounds the catalog size: EASE keeps an items x items dense
	// matrix (4*items^2 bytes) and inverts an items x items or users x
	// users one (O(min(users, items)^3) time, 8 bytes per entry).
	MaxItems int
}

// DefaultEASEParams returns Lambda=250, MaxItems=20000.
func DefaultEASEParams() EASEParams { return EASEParams{Lambda: 250, MaxItems: 20000} }

// EASE is the shallow linear autoencoder of Steck (2019): a dense item-item
// weight matrix B with zero diagonal, in closed form
// B = I - P/diag(P), P = (X'X + lambda I)^-1, where X is the binary user-item
// matrix. A user's scores are history · B, so unknown users work too.
//
// Fit inverts exactly (the block sweep operator, ease_sweep.go), on the items x items Gram
// matrix or, when there are fewer users than items, on the users x users one
// through the Woodbury identity (ease_gram.go); both give the same B.
type EASE struct {
	Params EASEParams
	state  easeState
	gram   *gramCache // shared by the fits of one tuning run; may be nil
}

type easeState struct {
	Params EASEParams
	N      int
	B      []float32 // N x N row-major; row i holds item i's contribution to every item
}

// NewEASE returns an EASE model with default parameters.
func NewEASE() *EASE { return &EASE{Params: DefaultEASEParams()} }

// Name implements Model.
func (m *EASE) Name() string { return "ease" }

// Fit implements Model. It returns ETOOLARGE when the catalog exceeds
// Params.MaxItems and EINVALID for a non-positive Lambda.
func (m *EASE) Fit(ctx context.Context, d *Dataset, progress Progress) error {
	p := m.Params
	n := d.NumItems()
	if p.Lambda <= 0 {
		return shopmind.FieldErrorf("lambda", "lambda must be > 0")
	}
	if p.MaxItems > 0 && n > p.MaxItems {
		return shopmind.Errorf(shopmind.ETOOLARGE, "ease: %d items exceed the limit of %d", n, p.MaxItems)
	}
	if d.NNZ() == 0 {
		return errEmpty(m.Name())
	}
	solve := easeItemSide
	if easeSide(d) == userSide {
		solve = easeUserSide
	}
	b, err := solve(ctx, d, p.Lambda, m.gram, progress)
	if err != nil {
		return err
	}
	progress.Report("weights", 3, 3)
	m.state = easeState{Params: p, N: n, B: b}
	return nil
}

// Score implements Model.
func (m *EASE) Score(user int, history []int, dst []float32) {
	clear(dst)
	n := m.state.N
	for _, i := range history {
		if i < 0 || i >= n {
			continue
		}
		row := m.state.B[i*n : (i+1)*n]
		for j, v := range row {
			dst[j] += v
		}
	}
}

// Marshal implements Model.
func (m *EASE) Marshal(w io.Writer) error { return writeModel(w, m.Name(), &m.state) }

// Unmarshal implements Model.
func (m *EASE) Unmarshal(r io.Reader) error {
	if err := readModel(r, m.Name(), &m.state); err != nil {
		return err
	}
	m.Params = m.state.Params
	return nil
}
