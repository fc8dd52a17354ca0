package vision

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"

	"github.com/shopmind/shopmind/numeric"
)

// Dataset is a labelled set of N images, H x W x C channels-last, values
// in [0, 1].
type Dataset struct {
	N, H, W, C int
	X          []float32 // N*H*W*C values
	Labels     []int     // N labels in [0, classes)
}

// Image returns the pixels of image i.
func (d *Dataset) Image(i int) []float32 {
	k := d.H * d.W * d.C
	return d.X[i*k : (i+1)*k]
}

// Subset returns the images at idx (copied).
func (d *Dataset) Subset(idx []int) *Dataset {
	k := d.H * d.W * d.C
	s := &Dataset{N: len(idx), H: d.H, W: d.W, C: d.C, X: make([]float32, len(idx)*k), Labels: make([]int, len(idx))}
	for j, i := range idx {
		copy(s.X[j*k:(j+1)*k], d.Image(i))
		s.Labels[j] = d.Labels[i]
	}
	return s
}

// Config is the CNN's architecture: conv(Conv1 KxK) - ReLU - maxpool 2 -
// conv(Conv2 KxK) - ReLU - maxpool 2 - dense(Hidden) - ReLU - dropout -
// dense(len(Classes)). The convolutions are unpadded ("valid").
type Config struct {
	Height, Width, Channels int
	Conv1, Conv2, Kernel    int
	Hidden                  int
	Dropout                 float32
	Classes                 []string
}

// DefaultConfig is the Fashion-MNIST network: 28x28 grayscale input,
// conv 32 3x3, pool, conv 64 3x3, pool, dense 64, dense 10.
func DefaultConfig() Config {
	return Config{Height: 28, Width: 28, Channels: 1, Conv1: 32, Conv2: 64, Kernel: 3, Hidden: 64,
		Classes: FashionMNISTClasses()}
}

func (c Config) validate() error {
	switch {
	case c.Height < 8 || c.Width < 8 || c.Height > 512 || c.Width > 512:
		return fmt.Errorf("cnn config: input %dx%d out of range", c.Height, c.Width)
	case c.Channels != 1 && c.Channels != 3:
		return fmt.Errorf("cnn config: %d channels, want 1 or 3", c.Channels)
	case c.Conv1 < 1 || c.Conv2 < 1 || c.Hidden < 1 || c.Kernel < 1:
		return fmt.Errorf("cnn config: layer sizes must be positive")
	case len(c.Classes) < 2:
		return fmt.Errorf("cnn config: need at least 2 classes")
	case c.Dropout < 0 || c.Dropout >= 1:
		return fmt.Errorf("cnn config: dropout %v not in [0, 1)", c.Dropout)
	}
	return nil
}

// CNN is a small convolutional image classifier. Its methods are not safe
// for concurrent use (the layers reuse scratch buffers).
type CNN struct {
	Config Config
	conv1  *numeric.Conv2D
	conv2  *numeric.Conv2D
	pool   numeric.MaxPool2D
	fc1    *numeric.Dense
	fc2    *numeric.Dense
	ws     workspace
}

// workspace holds one batch's activations and gradients.
type workspace struct {
	x, a1, p1, a2, p2  numeric.Tensor
	da1, dp1, da2, dp2 numeric.Tensor
	h, mask, logits    []float32
	dh, dlogits, dflat []float32
}

// NewCNN returns a CNN with weights initialised from seed.
func NewCNN(cfg Config, seed uint64) (*CNN, error) {
	if err := cfg.validate(); err != nil {
		return nil, err
	}
	rng := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	m := &CNN{Config: cfg, pool: numeric.MaxPool2D{Size: 2}}
	m.conv1 = numeric.NewConv2D("conv1", cfg.Channels, cfg.Conv1, cfg.Kernel, 0, rng)
	m.conv2 = numeric.NewConv2D("conv2", cfg.Conv1, cfg.Conv2, cfg.Kernel, 0, rng)
	fh, fw := m.flatSize()
	if fh < 1 || fw < 1 {
		return nil, fmt.Errorf("cnn config: input %dx%d too small for the network", cfg.Height, cfg.Width)
	}
	m.fc1 = numeric.NewDense("fc1", fh*fw*cfg.Conv2, cfg.Hidden, rng)
	m.fc2 = numeric.NewDense("fc2", cfg.Hidden, len(cfg.Classes), rng)
	return m, nil
}

// flatSize returns the spatial size after the second pooling.
func (m *CNN) flatSize() (int, int) {
	h, w := m.conv1.OutSize(m.Config.Height, m.Config.Width)
	h, w = m.pool.OutSize(h, w)
	h, w = m.conv2.OutSize(h, w)
	return m.pool.OutSize(h, w)
}

// Params returns the trainable parameters.
func (m *CNN) Params() []*numeric.Param {
	var ps []*numeric.Param
	ps = append(ps, m.conv1.Params()...)
	ps = append(ps, m.conv2.Params()...)
	ps = append(ps, m.fc1.Params()...)
	return append(ps, m.fc2.Params()...)
}

// EmbeddingDim returns the width of the penultimate layer.
func (m *CNN) EmbeddingDim() int { return m.Config.Hidden }

// forward runs the network on n images in x (n*H*W*C values); with rng set
// it applies dropout (training). It returns the logits (n x classes) and
// the penultimate activations (n x Hidden), both owned by the workspace.
func (m *CNN) forward(x []float32, n int, rng *rand.Rand) (logits, hidden []float32) {
	c, ws := m.Config, &m.ws
	ws.x = numeric.Tensor{N: n, H: c.Height, W: c.Width, C: c.Channels, Data: x}
	m.conv1.Forward(&ws.a1, &ws.x)
	numeric.ReLU(ws.a1.Data, ws.a1.Data)
	m.pool.Forward(&ws.p1, &ws.a1)
	m.conv2.Forward(&ws.a2, &ws.p1)
	numeric.ReLU(ws.a2.Data, ws.a2.Data)
	m.pool.Forward(&ws.p2, &ws.a2)
	ws.h = resize(ws.h, n*c.Hidden)
	m.fc1.Forward(ws.h, ws.p2.Data, n)
	numeric.ReLU(ws.h, ws.h)
	hidden = ws.h
	if rng != nil && c.Dropout > 0 {
		ws.mask = resize(ws.mask, len(ws.h))
		numeric.Dropout{Rate: c.Dropout}.Forward(ws.h, ws.h, ws.mask, rng)
	}
	ws.logits = resize(ws.logits, n*len(c.Classes))
	m.fc2.Forward(ws.logits, ws.h, n)
	return ws.logits, hidden
}

// backward back-propagates dlogits through the last forward (training).
func (m *CNN) backward(dlogits []float32, n int) {
	c, ws := m.Config, &m.ws
	ws.dh = resize(ws.dh, n*c.Hidden)
	m.fc2.Backward(ws.dh, dlogits, ws.h, n)
	if c.Dropout > 0 {
		numeric.Dropout{Rate: c.Dropout}.Backward(ws.dh, ws.dh, ws.mask)
	}
	numeric.ReLUBackward(ws.dh, ws.dh, ws.h)
	ws.dp2.Reshape(ws.p2.N, ws.p2.H, ws.p2.W, ws.p2.C)
	m.fc1.Backward(ws.dp2.Data, ws.dh, ws.p2.Data, n)
	m.pool.Backward(&ws.da2, &ws.dp2, &ws.a2)
	numeric.ReLUBackward(ws.da2.Data, ws.da2.Data, ws.a2.Data)
	m.conv2.Backward(&ws.dp1, &ws.da2, &ws.p1)
	m.pool.Backward(&ws.da1, &ws.dp1, &ws.a1)
	numeric.ReLUBackward(ws.da1.Data, ws.da1.Data, ws.a1.Data)
	m.conv1.Backward(nil, &ws.da1, &ws.x)
}

// Predict returns the class probabilities (n x classes) of n images.
func (m *CNN) Predict(x []float32, n int) []float32 {
	logits, _ := m.forward(x, n, nil)
	p := make([]float32, len(logits))
	numeric.Softmax(p, logits, len(m.Config.Classes))
	return p
}

// PredictEmbed returns the class probabilities (n x classes) and the
// penultimate-layer embeddings (n x Hidden) of n images.
func (m *CNN) PredictEmbed(x []float32, n int) (probs, emb []float32) {
	logits, hidden := m.forward(x, n, nil)
	emb = append([]float32(nil), hidden...)
	probs = make([]float32, len(logits))
	numeric.Softmax(probs, logits, len(m.Config.Classes))
	return probs, emb
}

const modelMagic = "SMCNN1"

// MarshalBinary serialises the architecture and the weights.
func (m *CNN) MarshalBinary() ([]byte, error) {
	var buf bytes.Buffer
	buf.WriteString(modelMagic)
	hdr, err := json.Marshal(m.Config)
	if err != nil {
		return nil, fmt.Errorf("marshal cnn: %w", err)
	}
	binary.Write(&buf, binary.LittleEndian, uint32(len(hdr)))
	buf.Write(hdr)
	if err := numeric.WriteParams(&buf, m.Params()); err != nil {
		return nil, fmt.Errorf("marshal cnn: %w", err)
	}
	return buf.Bytes(), nil
}

// UnmarshalCNN reads a model written by MarshalBinary.
func UnmarshalCNN(data []byte) (*CNN, error) {
	r := bytes.NewReader(data)
	magic := make([]byte, len(modelMagic))
	if _, err := io.ReadFull(r, magic); err != nil || string(magic) != modelMagic {
		return nil, fmt.Errorf("unmarshal cnn: not a vision model")
	}
	var n uint32
	if err := binary.Read(r, binary.LittleEndian, &n); err != nil || n > 1<<20 {
		return nil, fmt.Errorf("unmarshal cnn: bad header")
	}
	hdr := make([]byte, n)
	if _, err := io.ReadFull(r, hdr); err != nil {
		return nil, fmt.Errorf("unmarshal cnn: %w", err)
	}
	var cfg Config
	if err := json.Unmarshal(hdr, &cfg); err != nil {
		return nil, fmt.Errorf("unmarshal cnn: %w", err)
	}
	m, err := NewCNN(cfg, 0)
	if err != nil {
		return nil, fmt.Errorf("unmarshal cnn: %w", err)
	}
	if err := numeric.ReadParams(r, m.Params()); err != nil {
		return nil, fmt.Errorf("unmarshal cnn: %w", err)
	}
	return m, nil
}

func resize(buf []float32, n int) []float32 {
	if cap(buf) < n {
		return make([]float32, n)
	}
	return buf[:n]
}
