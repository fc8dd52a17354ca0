package nlp

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/shopmind/shopmind"
)

// SentimentModelName is the store name of the shop's sentiment model.
const SentimentModelName = "nlp/sentiment"

// ServiceConfig configures Service. Start from DefaultServiceConfig: every
// field is used as given.
type ServiceConfig struct {
	SyncEvery time.Duration // how often new reviews are analysed
	// Chinese: "auto" loads the segmenter when a stored review has Chinese
	// text, "on" always, "off" never. It only affects aspects learned from
	// Chinese nouns and Chinese tags: sentiment reads Chinese as characters
	// (SentimentFeatures) and seed aspects match either way.
	Chinese     string
	Sentiment   SentimentOptions // how the served sentiment model is trained
	NeutralBand float64          // see Analyzer.NeutralBand
	Learn       LearnOptions     // aspects learned from the shop's reviews
}

// DefaultServiceConfig syncs every 30 s, loads the Chinese segmenter when
// the shop has Chinese reviews, and trains with DefaultSentimentOptions.
func DefaultServiceConfig() ServiceConfig {
	return ServiceConfig{SyncEvery: 30 * time.Second, Chinese: "auto", Sentiment: DefaultSentimentOptions(),
		NeutralBand: DefaultNeutralBand, Learn: DefaultLearnOptions()}
}

// Validate returns an EINVALID error naming the first bad field.
func (c ServiceConfig) Validate() error {
	switch {
	case c.SyncEvery <= 0:
		return shopmind.FieldErrorf("sync_every", "sync_every must be positive, got %s", c.SyncEvery)
	case c.Chinese != "auto" && c.Chinese != "on" && c.Chinese != "off":
		return shopmind.FieldErrorf("chinese", "chinese must be auto, on or off, got %q", c.Chinese)
	case c.NeutralBand < 0 || c.NeutralBand >= 0.5:
		return shopmind.FieldErrorf("neutral_band", "neutral_band must be in [0, 0.5), got %g", c.NeutralBand)
	case c.Learn.MinDocs < 1 || c.Learn.Max < 0:
		return shopmind.FieldErrorf("learn", "learn.min_docs must be at least 1 and learn.max not negative")
	}
	return c.Sentiment.Params.Validate()
}

// Service is review intelligence over a store: it starts with the opinion
// lexicon and seed aspects so it answers at once, then loads (or, when the
// store has none, trains and saves) the shop's sentiment model, learns the
// aspects its reviews talk about and the catalog's entities, and keeps
// every review analysed.
type Service struct {
	*Insights
	Store  shopmind.ReviewStore
	Config ServiceConfig
	Logger *slog.Logger
	// Exclusive, when set, runs Build's loading or training of the
	// sentiment model while no other process sharing the store does the
	// same (shopmind.Coordinator.Exclusive), so that of several serve
	// processes starting together one trains a missing model and the
	// others load it. Nil runs it at once.
	Exclusive func(ctx context.Context, key string, fn func(context.Context) error) error

	zh SharedChinese
}

// NewService returns a service over store; call Run to start it. It
// returns an EINVALID error when cfg is not valid.
func NewService(store shopmind.ReviewStore, cfg ServiceConfig) (*Service, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	a := NewAnalyzer(&Tokenizer{}, nil, SeedAspects())
	a.NeutralBand = cfg.NeutralBand
	return &Service{Insights: NewInsights(store, store, a), Store: store, Config: cfg, Logger: slog.New(slog.DiscardHandler)}, nil
}

// Run builds the full analyzer and then analyses new reviews every
// SyncEvery until ctx is cancelled.
func (s *Service) Run(ctx context.Context) {
	start := time.Now()
	a, err := s.Build(ctx, false)
	if err != nil {
		if ctx.Err() == nil {
			s.Logger.Error("review analysis uses the lexicon", "err", err)
		}
	} else {
		s.SetAnalyzer(a)
		s.Logger.Info("review analyzer ready", "seconds", time.Since(start).Seconds(), "model", a.Sentiment != nil, "aspects", len(a.Aspects.Aspects()))
	}
	s.Insights.Run(ctx, s.Config.SyncEvery, func(err error) { s.Logger.Error("review sync", "err", err) })
}

// reviews returns every stored review.
func (s *Service) reviews(ctx context.Context) ([]*shopmind.Review, error) {
	out, err := shopmind.Collect(ctx, nil, shopmind.ListReviews(s.Store, shopmind.ReviewFilter{}))
	if err != nil {
		return nil, fmt.Errorf("list reviews: %w", err)
	}
	return out, nil
}

func (s *Service) items(ctx context.Context) ([]*shopmind.Item, error) {
	out, err := shopmind.Collect(ctx, nil, shopmind.ListItems(s.Store, shopmind.ItemFilter{}))
	if err != nil {
		return nil, fmt.Errorf("list items: %w", err)
	}
	return out, nil
}

// tokenizer returns the tokenizer for reviews, loading the Chinese
// segmenter when the config and the texts call for it.
func (s *Service) tokenizer(texts []string) (*Tokenizer, error) {
	load := s.Config.Chinese == "on"
	if s.Config.Chinese == "auto" {
		for _, t := range texts {
			if hasHanText(t) {
				load = true
				break
			}
		}
	}
	tok := &Tokenizer{}
	if load {
		zh, err := s.zh.Get()
		if err != nil {
			return nil, err
		}
		tok.Segmenter = zh
	}
	return tok, nil
}

// Build returns an analyzer for the shop: the newest stored sentiment model
// (trained and saved first when there is none or retrain is set), aspects
// learned from the reviews, and a gazetteer of the catalog.
func (s *Service) Build(ctx context.Context, retrain bool) (*Analyzer, error) {
	reviews, err := s.reviews(ctx)
	if err != nil {
		return nil, err
	}
	texts := make([]string, len(reviews))
	for i, r := range reviews {
		texts[i] = r.Title + ". " + r.Text
	}
	tok, err := s.tokenizer(texts)
	if err != nil {
		return nil, err
	}
	items, err := s.items(ctx)
	if err != nil {
		return nil, err
	}
	var nouns NounFinder
	if zh, ok := tok.Segmenter.(*Chinese); ok {
		nouns = zh
	}
	learn := s.Config.Learn
	learn.Nouns = nouns
	a := NewAnalyzer(tok, nil, LearnAspects(SeedAspects(), tok, texts, learn))
	a.NeutralBand = s.Config.NeutralBand
	a.Gazetteer = NewGazetteer(items)
	// Of several nodes building at once, one trains a missing model and
	// the others load it.
	exclusive := s.Exclusive
	if exclusive == nil {
		exclusive = func(ctx context.Context, _ string, fn func(context.Context) error) error { return fn(ctx) }
	}
	err = exclusive(ctx, "model/"+SentimentModelName, func(ctx context.Context) error {
		a.Sentiment, err = s.sentiment(ctx, reviews, retrain)
		return err
	})
	if err != nil {
		return nil, err
	}
	return a, nil
}

// sentiment loads the stored sentiment model trained with the configured
// recipe, or trains and saves one (always with retrain).
func (s *Service) sentiment(ctx context.Context, reviews []*shopmind.Review, retrain bool) (*Classifier, error) {
	hash := s.Config.Sentiment.Hash()
	var (
		m   *shopmind.Model
		err error
	)
	if !retrain {
		m, err = s.Store.Model(ctx, SentimentModelName, 0)
		if err != nil && shopmind.ErrorCode(err) != shopmind.ENOTFOUND {
			return nil, err
		}
	}
	if m != nil && m.ConfigHash == hash {
		c, err := ReadClassifier(bytes.NewReader(m.Data))
		if err != nil {
			return nil, fmt.Errorf("load %s v%d: %w", SentimentModelName, m.Version, err)
		}
		return c, nil
	}
	if m != nil {
		s.Logger.Info("retraining the sentiment model: it was trained with another recipe", "version", m.Version, "config", m.ConfigHash)
	}
	c, metrics, err := TrainSentiment(ctx, reviews, s.Config.Sentiment)
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if err := c.Marshal(&buf); err != nil {
		return nil, err
	}
	if err := s.Store.SaveModel(ctx, &shopmind.Model{Name: SentimentModelName, Data: buf.Bytes(), Metrics: metrics, ConfigHash: hash}); err != nil {
		return nil, fmt.Errorf("save %s: %w", SentimentModelName, err)
	}
	return c, nil
}
