package recommend

import (
	"context"
	"fmt"
	"io"

	"github.com/shopmind/shopmind"
	"gonum.org/v1/gonum/mat"
)

// EASEParams are the hyper-parameters of EASE.
type EASEParams struct {
	Lambda float64 // L2 regularisation added to the Gram matrix diagonal
	// MaxItems bounds the catalog size: EASE keeps an items x items dense
	// matrix and inverts it (O(items^3) time, 4*items^2 bytes).
	MaxItems int
}

// DefaultEASEParams returns Lambda=250, MaxItems=20000.
func DefaultEASEParams() EASEParams { return EASEParams{Lambda: 250, MaxItems: 20000} }

// EASE is the shallow linear autoencoder of Steck (2019): a dense item-item
// weight matrix B with zero diagonal, in closed form
// B = I - P/diag(P), P = (X'X + lambda I)^-1, where X is the binary user-item
// matrix. A user's scores are history · B, so unknown users work too.
type EASE struct {
	Params EASEParams
	state  easeState
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
	g := mat.NewSymDense(n, nil)
	raw := g.RawSymmetric()
	// Row i of X'X counts, for every j, the users who have both i and j.
	err := parallel(ctx, n, func(lo, hi int) {
		for i := lo; i < hi; i++ {
			row := raw.Data[i*raw.Stride : i*raw.Stride+n]
			users, _ := d.ItemUsers(i)
			for _, u := range users {
				items, _ := d.UserItems(int(u))
				for _, j := range items {
					row[j]++
				}
			}
			row[i] += p.Lambda
		}
	})
	if err != nil {
		return err
	}
	progress.report("gram", 1, 3)
	var chol mat.Cholesky
	if ok := chol.Factorize(g); !ok {
		return fmt.Errorf("ease: gram matrix is not positive definite")
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	var inv mat.SymDense
	if err := chol.InverseTo(&inv); err != nil {
		return fmt.Errorf("ease: invert: %w", err)
	}
	progress.report("inverse", 2, 3)
	b := make([]float32, n*n)
	err = parallel(ctx, n, func(lo, hi int) {
		for i := lo; i < hi; i++ {
			for j := 0; j < n; j++ {
				if i != j {
					b[i*n+j] = float32(-inv.At(i, j) / inv.At(j, j))
				}
			}
		}
	})
	if err != nil {
		return err
	}
	progress.report("weights", 3, 3)
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
