package recommend

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"sort"

	"github.com/shopmind/shopmind"
	"github.com/shopmind/shopmind/numeric"
)

// NeuMFParams are the hyper-parameters of NeuMF.
type NeuMFParams struct {
	Factors      int     // embedding width of each of the four embeddings
	Hidden       []int   // widths of the MLP tower's hidden layers
	NegRatio     int     // sampled negatives per positive
	Epochs       int     // passes over the positives
	BatchSize    int     // examples per Adam step
	LearningRate float32 // Adam learning rate
	WeightDecay  float32 // L2 added to gradients
	Seed         uint64
}

// DefaultNeuMFParams returns 32 factors, hidden [64 32], 4 negatives, 8
// epochs, batch 256, learning rate 0.002.
func DefaultNeuMFParams() NeuMFParams {
	return NeuMFParams{Factors: 32, Hidden: []int{64, 32}, NegRatio: 4, Epochs: 8, BatchSize: 256, LearningRate: 0.002, Seed: 1}
}

func (p NeuMFParams) validate() error {
	switch {
	case p.Factors < 1:
		return shopmind.FieldErrorf("factors", "factors must be >= 1")
	case len(p.Hidden) == 0:
		return shopmind.FieldErrorf("hidden", "hidden needs at least one layer")
	case p.NegRatio < 1 || p.Epochs < 1 || p.BatchSize < 1:
		return shopmind.FieldErrorf("epochs", "neg_ratio, epochs and batch_size must be >= 1")
	case p.LearningRate <= 0:
		return shopmind.FieldErrorf("learning_rate", "learning_rate must be > 0")
	}
	for _, h := range p.Hidden {
		if h < 1 {
			return shopmind.FieldErrorf("hidden", "hidden widths must be >= 1")
		}
	}
	return nil
}

// NeuMF is neural collaborative filtering (He et al. 2017): a generalised
// matrix factorisation branch (user ⊙ item embeddings) and an MLP tower over
// concatenated user and item embeddings, joined by a logistic output layer and
// trained with binary cross-entropy on positives and sampled negatives (Adam,
// package numeric). An unknown user takes the mean embedding of the training
// users who share items with their history.
type NeuMF struct {
	Params NeuMFParams
	net    *neumfNet
	state  neumfState
}

type neumfState struct {
	Params         NeuMFParams
	NUsers, NItems int
	ItemPtr        []int // training matrix by item, for fold-in
	ItemIdx        []int32
	UserMean       []float32 // mean user embeddings (GMF then MLP)
	Weights        []byte    // numeric.WriteParams of the network
}

type neumfNet struct {
	k              int
	ugmf, igmf     *numeric.Embedding
	umlp, imlp     *numeric.Embedding
	layers         []*numeric.Dense
	out            *numeric.Dense
	hiddenOut, inW int
}

func newNeuMFNet(p NeuMFParams, nu, ni int, rng *rand.Rand) *neumfNet {
	k := p.Factors
	n := &neumfNet{k: k,
		ugmf: numeric.NewEmbedding("user.gmf", nu, k, 0.01, rng), igmf: numeric.NewEmbedding("item.gmf", ni, k, 0.01, rng),
		umlp: numeric.NewEmbedding("user.mlp", nu, k, 0.01, rng), imlp: numeric.NewEmbedding("item.mlp", ni, k, 0.01, rng)}
	in := 2 * k
	for l, h := range p.Hidden {
		n.layers = append(n.layers, numeric.NewDense(fmt.Sprintf("mlp%d", l), in, h, rng))
		in = h
	}
	n.hiddenOut = in
	n.out = numeric.NewDense("out", k+in, 1, rng)
	return n
}

func (n *neumfNet) params() []*numeric.Param {
	ps := []*numeric.Param{n.ugmf.Table, n.igmf.Table, n.umlp.Table, n.imlp.Table}
	for _, l := range n.layers {
		ps = append(ps, l.Params()...)
	}
	return append(ps, n.out.Params()...)
}

// batchBuf holds one batch's activations, reused across steps.
type batchBuf struct {
	ug, ig, um, im, g, x0, f, z, dz, df, dg, dx0 []float32
	h, dh                                        [][]float32
}

func (n *neumfNet) newBuf(b int) *batchBuf {
	k := n.k
	buf := &batchBuf{ug: make([]float32, b*k), ig: make([]float32, b*k), um: make([]float32, b*k), im: make([]float32, b*k),
		g: make([]float32, b*k), x0: make([]float32, b*2*k), f: make([]float32, b*(k+n.hiddenOut)), z: make([]float32, b),
		dz: make([]float32, b), df: make([]float32, b*(k+n.hiddenOut)), dg: make([]float32, b*k), dx0: make([]float32, b*2*k)}
	for _, l := range n.layers {
		buf.h = append(buf.h, make([]float32, b*l.Out))
		buf.dh = append(buf.dh, make([]float32, b*l.Out))
	}
	return buf
}

// forward computes logits into buf.z from the four embedding batches already
// in buf.ug, buf.ig, buf.um, buf.im.
func (n *neumfNet) forward(buf *batchBuf, b int) {
	k, w := n.k, k2(n)
	for r := 0; r < b; r++ {
		for c := 0; c < k; c++ {
			buf.g[r*k+c] = buf.ug[r*k+c] * buf.ig[r*k+c]
		}
		copy(buf.x0[r*2*k:], buf.um[r*k:(r+1)*k])
		copy(buf.x0[r*2*k+k:], buf.im[r*k:(r+1)*k])
	}
	in := buf.x0[:b*2*k]
	for l, d := range n.layers {
		h := buf.h[l][:b*d.Out]
		d.Forward(h, in, b)
		numeric.ReLU(h, h)
		in = h
	}
	for r := 0; r < b; r++ {
		copy(buf.f[r*w:], buf.g[r*k:(r+1)*k])
		copy(buf.f[r*w+k:], in[r*n.hiddenOut:(r+1)*n.hiddenOut])
	}
	n.out.Forward(buf.z[:b], buf.f[:b*w], b)
}

func k2(n *neumfNet) int { return n.k + n.hiddenOut }

// backward accumulates gradients for the logits' gradient buf.dz.
func (n *neumfNet) backward(buf *batchBuf, users, items []int) {
	b, k, w := len(users), n.k, k2(n)
	n.out.Backward(buf.df[:b*w], buf.dz[:b], buf.f[:b*w], b)
	last := len(n.layers) - 1
	for r := 0; r < b; r++ {
		copy(buf.dg[r*k:(r+1)*k], buf.df[r*w:r*w+k])
		copy(buf.dh[last][r*n.hiddenOut:(r+1)*n.hiddenOut], buf.df[r*w+k:(r+1)*w])
	}
	for l := last; l >= 0; l-- {
		d := n.layers[l]
		h, dh := buf.h[l][:b*d.Out], buf.dh[l][:b*d.Out]
		numeric.ReLUBackward(dh, dh, h)
		in, din := buf.x0[:b*2*k], buf.dx0[:b*2*k]
		if l > 0 {
			in, din = buf.h[l-1][:b*d.In], buf.dh[l-1][:b*d.In]
		}
		d.Backward(din, dh, in, b)
	}
	// GMF branch: d(u⊙i)/du = i. Reuse ug/ig as gradients after reading them.
	for r := 0; r < b; r++ {
		for c := 0; c < k; c++ {
			g := buf.dg[r*k+c]
			u, i := buf.ug[r*k+c], buf.ig[r*k+c]
			buf.ug[r*k+c], buf.ig[r*k+c] = g*i, g*u
		}
		copy(buf.um[r*k:(r+1)*k], buf.dx0[r*2*k:r*2*k+k])
		copy(buf.im[r*k:(r+1)*k], buf.dx0[r*2*k+k:(r+1)*2*k])
	}
	n.ugmf.Backward(buf.ug[:b*k], users)
	n.igmf.Backward(buf.ig[:b*k], items)
	n.umlp.Backward(buf.um[:b*k], users)
	n.imlp.Backward(buf.im[:b*k], items)
}

// NewNeuMF returns a NeuMF model with default parameters.
func NewNeuMF() *NeuMF { return &NeuMF{Params: DefaultNeuMFParams()} }

// Name implements Model.
func (m *NeuMF) Name() string { return "neumf" }

// Fit implements Model.
func (m *NeuMF) Fit(ctx context.Context, d *Dataset, progress Progress) error {
	p := m.Params
	p.Hidden = append([]int(nil), p.Hidden...)
	if err := p.validate(); err != nil {
		return err
	}
	if d.NNZ() == 0 {
		return errEmpty(m.Name())
	}
	nu, ni := d.NumUsers(), d.NumItems()
	rng := rand.New(rand.NewPCG(p.Seed, 0x85ebca6b))
	net := newNeuMFNet(p, nu, ni, rng)
	opt := numeric.NewAdam(p.LearningRate)
	opt.WeightDecay = p.WeightDecay
	params := net.params()
	b := p.BatchSize
	buf := net.newBuf(b)
	users, items := make([]int, 0, b), make([]int, 0, b)
	labels := make([]float32, 0, b)
	flush := func() {
		if len(users) == 0 {
			return
		}
		n := len(users)
		k := net.k
		net.ugmf.Forward(buf.ug[:n*k], users)
		net.igmf.Forward(buf.ig[:n*k], items)
		net.umlp.Forward(buf.um[:n*k], users)
		net.imlp.Forward(buf.im[:n*k], items)
		net.forward(buf, n)
		numeric.BCEWithLogits(buf.dz[:n], buf.z[:n], labels)
		net.backward(buf, users, items)
		opt.Step(params)
		users, items, labels = users[:0], items[:0], labels[:0]
	}
	add := func(u, i int, y float32) {
		users, items, labels = append(users, u), append(items, i), append(labels, y)
		if len(users) == b {
			flush()
		}
	}
	order := make([]int, d.NNZ())
	owner := make([]int32, d.NNZ())
	for u := 0; u < nu; u++ {
		for n := d.userPtr[u]; n < d.userPtr[u+1]; n++ {
			owner[n] = int32(u)
		}
	}
	for ep := 0; ep < p.Epochs; ep++ {
		for n := range order {
			order[n] = n
		}
		rng.Shuffle(len(order), func(a, c int) { order[a], order[c] = order[c], order[a] })
		for step, n := range order {
			if step%4096 == 0 && ctx.Err() != nil {
				return ctx.Err()
			}
			u := int(owner[n])
			add(u, int(d.userItems[n]), 1)
			seen, _ := d.UserItems(u)
			for s := 0; s < p.NegRatio && len(seen) < ni; s++ {
				j := rng.IntN(ni)
				for pos := searchItem(seen, int32(j)); pos < len(seen) && seen[pos] == int32(j); pos = searchItem(seen, int32(j)) {
					j = rng.IntN(ni)
				}
				add(u, j, 0)
			}
		}
		flush()
		progress.Report("neumf epochs", ep+1, p.Epochs)
	}
	var w bytes.Buffer
	if err := numeric.WriteParams(&w, params); err != nil {
		return err
	}
	m.net = net
	m.state = neumfState{Params: p, NUsers: nu, NItems: ni, ItemPtr: d.itemPtr, ItemIdx: d.itemUsers, Weights: w.Bytes()}
	m.state.UserMean = m.meanUser(nil)
	return nil
}

// meanUser returns the concatenated (GMF, MLP) user embedding averaged over
// users, each weighted by weight(u); nil weights average all users.
func (m *NeuMF) meanUser(weight map[int32]float32) []float32 {
	k := m.net.k
	out := make([]float32, 2*k)
	var total float32
	add := func(u int, w float32) {
		total += w
		for c, v := range m.net.ugmf.Table.Row(u) {
			out[c] += w * v
		}
		for c, v := range m.net.umlp.Table.Row(u) {
			out[k+c] += w * v
		}
	}
	if weight == nil {
		for u := 0; u < m.state.NUsers; u++ {
			add(u, 1)
		}
	} else {
		// Sorted, so that the float sum (and the scores) are reproducible.
		users := make([]int, 0, len(weight))
		for u := range weight {
			users = append(users, int(u))
		}
		sort.Ints(users)
		for _, u := range users {
			add(u, weight[int32(u)])
		}
	}
	if total > 0 {
		for c := range out {
			out[c] /= total
		}
	}
	return out
}

// Score implements Model.
func (m *NeuMF) Score(user int, history []int, dst []float32) {
	n, ni, k := m.net, m.state.NItems, m.net.k
	var uvec []float32
	if user >= 0 && user < m.state.NUsers {
		uvec = append(append([]float32(nil), n.ugmf.Table.Row(user)...), n.umlp.Table.Row(user)...)
	} else {
		w := map[int32]float32{}
		for _, i := range history {
			if i >= 0 && i < ni {
				for _, u := range m.state.ItemIdx[m.state.ItemPtr[i]:m.state.ItemPtr[i+1]] {
					w[u]++
				}
			}
		}
		if len(w) == 0 {
			uvec = m.state.UserMean
		} else {
			uvec = m.meanUser(w)
		}
	}
	buf := n.newBuf(ni)
	for r := 0; r < ni; r++ {
		copy(buf.ug[r*k:(r+1)*k], uvec[:k])
		copy(buf.um[r*k:(r+1)*k], uvec[k:])
	}
	copy(buf.ig, n.igmf.Table.W)
	copy(buf.im, n.imlp.Table.W)
	n.forward(buf, ni)
	copy(dst, buf.z)
}

// Marshal implements Model.
func (m *NeuMF) Marshal(w io.Writer) error { return writeModel(w, m.Name(), &m.state) }

// Unmarshal implements Model.
func (m *NeuMF) Unmarshal(r io.Reader) error {
	var s neumfState
	if err := readModel(r, m.Name(), &s); err != nil {
		return err
	}
	net := newNeuMFNet(s.Params, s.NUsers, s.NItems, rand.New(rand.NewPCG(0, 0)))
	if err := numeric.ReadParams(bytes.NewReader(s.Weights), net.params()); err != nil {
		return shopmind.Errorf(shopmind.EINVALID, "read neumf weights: %v", err)
	}
	m.state, m.net, m.Params = s, net, s.Params
	return nil
}
