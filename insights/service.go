package insights

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"log/slog"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/shopmind/shopmind"
)

var _ shopmind.InsightsService = (*Service)(nil)

// DefaultRetrainEvery is how old the stored churn model may get before
// Refresh trains a new one.
const DefaultRetrainEvery = 24 * time.Hour

// Snapshot is one computation of the insights: immutable once built.
type Snapshot struct {
	History      *History
	Customers    []*shopmind.CustomerInsight // by position (see ComputeRFM)
	Segmentation shopmind.Segmentation
	idx          []int
	byUser       map[string]int
}

// Service implements shopmind.InsightsService over a store. Set the
// exported fields before the first call.
type Service struct {
	Store   shopmind.InsightsStore
	Now     func() time.Time
	Logger  *slog.Logger
	Churn   ChurnOptions
	Cluster ClusterOptions
	Read    LoadOptions
	// Skew is how far after Now data may be dated and still be read
	// (shopmind.DefaultEventSkew from NewService): orders and events dated
	// later have a wrong clock or year, and would move "now" of every
	// score to that date.
	Skew time.Duration
	// RetrainEvery is the age of the stored churn model after which Refresh
	// trains a new version (default DefaultRetrainEvery; negative: never,
	// only when none is stored).
	RetrainEvery time.Duration
	// Recommender, when set, widens item targeting to similar and
	// co-bought items.
	Recommender shopmind.Recommender
	// Leading, when set, tells whether this process trains the churn
	// model: of several serve processes on one store only the elected
	// leader does, and the others score with the stored version, however
	// old, or without a model until the leader saves one. Nil: always.
	Leading func() bool

	snap    atomic.Pointer[Snapshot]
	refresh sync.Mutex
	// forgotten holds users erased while the service ran (Forget), with
	// the count of Forget calls at their erasure (forgets): a refresh that
	// began reading the store before their erasure leaves them out.
	forgotten sync.Map
	forgets   atomic.Int64
}

// NewService returns a Service over store with default options.
func NewService(store shopmind.InsightsStore) *Service {
	return &Service{Store: store, Now: time.Now, Logger: slog.New(slog.DiscardHandler), RetrainEvery: DefaultRetrainEvery,
		Skew: shopmind.DefaultEventSkew}
}

// Load reads the store as Refresh does: with Read, leaving out data dated
// more than Skew after Now.
func (s *Service) Load(ctx context.Context) (*History, error) {
	opt := s.Read
	opt.Latest = s.Now().Add(s.Skew)
	return Load(ctx, s.Store, opt)
}

// Snapshot returns the latest computation, or nil before the first.
func (s *Service) Snapshot() *Snapshot { return s.snap.Load() }

func (s *Service) current() (*Snapshot, error) {
	sn := s.snap.Load()
	if sn == nil {
		return nil, shopmind.Errorf(shopmind.EUNAVAILABLE, "insights are being computed; try again shortly")
	}
	return sn, nil
}

// ConfigHash identifies the model-relevant options of the churn model.
func (s *Service) ConfigHash() string {
	o := s.Churn
	o.defaults()
	sum := sha256.Sum256([]byte(fmt.Sprintf("churn:%d:%d:%g:%s", o.ChurnDays, o.PropensityDays, o.Lambda, strings.Join(FeatureNames, ","))))
	return hex.EncodeToString(sum[:8])
}

// Train trains the churn and propensity models on h and saves them as the
// next version of ModelName, with their metrics.
func (s *Service) Train(ctx context.Context, h *History) (*shopmind.Model, *ChurnModel, error) {
	cm, metrics, err := TrainChurn(ctx, h, s.Churn)
	if err != nil {
		return nil, nil, err
	}
	var buf bytes.Buffer
	if err := cm.Marshal(&buf); err != nil {
		return nil, nil, err
	}
	// The window of orders it learned from, for its model card.
	if len(h.Orders) > 0 {
		metrics["data_from_unix"] = float64(h.Orders[0].Time.Unix())
		metrics["data_to_unix"] = float64(h.End.Unix())
	}
	m := &shopmind.Model{Name: ModelName, ConfigHash: s.ConfigHash(), Data: buf.Bytes(), Metrics: metrics}
	if err := s.Store.SaveModel(ctx, m); err != nil {
		return nil, nil, fmt.Errorf("save churn model: %w", err)
	}
	return m, cm, nil
}

// model returns the stored churn model, training and saving one when none
// is stored, the stored one was trained with other options, or it is older
// than RetrainEvery (only while this process leads, see Leading). Without
// enough history, or without a usable model on a node that does not lead,
// it returns an EINVALID error with the reason.
func (s *Service) model(ctx context.Context, h *History) (*shopmind.Model, *ChurnModel, error) {
	m, err := s.Store.Model(ctx, ModelName, 0)
	switch {
	case shopmind.ErrorCode(err) == shopmind.ENOTFOUND:
	case err != nil:
		return nil, nil, fmt.Errorf("read churn model: %w", err)
	case m.ConfigHash == s.ConfigHash() && (s.RetrainEvery < 0 || s.Now().Sub(m.CreatedAt) < s.retrainEvery() || !s.leading()):
		cm, err := UnmarshalChurnModel(bytes.NewReader(m.Data))
		if err == nil {
			return m, cm, nil
		}
		s.Logger.Warn("stored churn model unreadable; retraining", "version", m.Version, "err", err)
	}
	if !s.leading() {
		return nil, nil, shopmind.Errorf(shopmind.EINVALID, "the leading node trains the churn model")
	}
	return s.Train(ctx, h)
}

// leading reports whether this process trains (see Leading).
func (s *Service) leading() bool { return s.Leading == nil || s.Leading() }

func (s *Service) retrainEvery() time.Duration {
	if s.RetrainEvery == 0 {
		return DefaultRetrainEvery
	}
	return s.RetrainEvery
}

// Refresh implements shopmind.InsightsService: it reads the store,
// recomputes RFM, segments and clusters, scores churn and propensity with
// the stored model (training one when needed) and swaps the snapshot.
func (s *Service) Refresh(ctx context.Context) error {
	s.refresh.Lock()
	defer s.refresh.Unlock()
	gen := s.forgets.Load()
	h, err := s.Load(ctx)
	if err != nil {
		return err
	}
	sn, err := s.Compute(ctx, h)
	if err != nil {
		return err
	}
	// Users forgotten since the read began may be in its data; those
	// forgotten before it are not (unless they came back with new data,
	// which this snapshot may show), so they need no more scrubbing.
	s.forgotten.Range(func(id, g any) bool {
		if g.(int64) <= gen {
			s.forgotten.Delete(id)
		} else if n, ok := sn.without(id.(string)); ok {
			sn = n
		}
		return true
	})
	s.snap.Store(sn)
	return nil
}

// Compute builds a snapshot from h without storing it as current.
func (s *Service) Compute(ctx context.Context, h *History) (*Snapshot, error) {
	cs, idx := ComputeRFM(h, h.End)
	clusters, err := Cluster(ctx, h, h.End, cs, idx, s.Cluster)
	if err != nil {
		return nil, err
	}
	o := s.Churn
	o.defaults()
	seg := shopmind.Segmentation{AsOf: h.End, ComputedAt: s.Now().UTC(), Currency: h.Currency, Customers: len(cs), Clusters: clusters,
		ChurnDays: o.ChurnDays, PropensityDays: o.PropensityDays}
	if len(cs) > 0 {
		m, cm, err := s.model(ctx, h)
		switch {
		case shopmind.ErrorCode(err) == shopmind.EINVALID:
			s.Logger.Info("no churn model", "reason", shopmind.ErrorMessage(err))
		case err != nil:
			return nil, err
		default:
			cm.Score(h, h.End, cs, idx)
			seg.Model = fmt.Sprintf("%s v%d", m.Name, m.Version)
			seg.ModelMetrics = m.Metrics
		}
	}
	seg.Segments = Summarize(cs)
	sn := &Snapshot{History: h, Customers: cs, Segmentation: seg, idx: idx, byUser: make(map[string]int, len(cs))}
	for i, c := range cs {
		sn.byUser[c.UserID] = i
	}
	return sn, nil
}

// Segmentation implements shopmind.InsightsService.
func (s *Service) Segmentation(ctx context.Context) (*shopmind.Segmentation, error) {
	sn, err := s.current()
	if err != nil {
		return nil, err
	}
	seg := sn.Segmentation
	return &seg, nil
}

// Customers implements shopmind.InsightsService.
func (s *Service) Customers(ctx context.Context, f shopmind.CustomerFilter) ([]*shopmind.CustomerInsight, int, error) {
	sn, err := s.current()
	if err != nil {
		return nil, 0, err
	}
	if f.Segment != "" && !validSegment(f.Segment) {
		return nil, 0, shopmind.FieldErrorf("segment", "unknown segment %q", f.Segment)
	}
	var key func(c *shopmind.CustomerInsight) float64
	switch f.Sort {
	case "", "monetary":
		key = func(c *shopmind.CustomerInsight) float64 { return c.Monetary }
	case "churn_risk":
		key = func(c *shopmind.CustomerInsight) float64 { return c.ChurnRisk }
	case "propensity":
		key = func(c *shopmind.CustomerInsight) float64 { return c.Propensity }
	case "recency":
		key = func(c *shopmind.CustomerInsight) float64 { return -c.Recency }
	default:
		return nil, 0, shopmind.FieldErrorf("sort", "sort must be monetary, churn_risk, propensity or recency, not %q", f.Sort)
	}
	if f.Offset < 0 {
		return nil, 0, shopmind.FieldErrorf("offset", "offset must not be negative")
	}
	// Consent is read now, not with the snapshot: a refusal shows at once.
	refusing, err := shopmind.OptedOutSet(ctx, s.Store, shopmind.PurposeMarketing)
	if err != nil {
		return nil, 0, err
	}
	var out []*shopmind.CustomerInsight
	for _, c := range sn.Customers {
		if f.Marketable && refusing[c.UserID] {
			continue
		}
		if (f.Segment == "" || c.Segment == f.Segment) && (f.Cluster == nil || c.Cluster == *f.Cluster) {
			out = append(out, c)
		}
	}
	sort.SliceStable(out, func(a, b int) bool {
		ka, kb := key(out[a]), key(out[b])
		if ka != kb {
			return ka > kb
		}
		return out[a].UserID < out[b].UserID
	})
	total := len(out)
	limit := f.Limit
	if limit <= 0 {
		limit = shopmind.DefaultLimit
	}
	limit = min(limit, shopmind.MaxLimit)
	out = out[min(f.Offset, len(out)):]
	out = out[:min(limit, len(out))]
	res := make([]*shopmind.CustomerInsight, len(out))
	for i, c := range out {
		cc := *c
		cc.NoMarketing = refusing[c.UserID]
		res[i] = &cc
	}
	return res, total, nil
}

func validSegment(name string) bool {
	for _, s := range Segments {
		if s.Name == name {
			return true
		}
	}
	return false
}

// Customer implements shopmind.InsightsService.
func (s *Service) Customer(ctx context.Context, userID string) (*shopmind.CustomerInsight, error) {
	sn, err := s.current()
	if err != nil {
		return nil, err
	}
	k, ok := sn.byUser[userID]
	if !ok {
		return nil, shopmind.Errorf(shopmind.ENOTFOUND, "user %q has no counted orders", userID)
	}
	c := *sn.Customers[k]
	return &c, nil
}

// Cohorts implements shopmind.InsightsService.
func (s *Service) Cohorts(ctx context.Context, q shopmind.CohortQuery) (*shopmind.Cohorts, error) {
	if q.Months < 0 || q.Months > 60 {
		return nil, shopmind.FieldErrorf("months", "months must be from 1 to 60, not %d", q.Months)
	}
	sn, err := s.current()
	if err != nil {
		return nil, err
	}
	c := ComputeCohorts(sn.History, sn.History.End, q.Months)
	return &c, nil
}
