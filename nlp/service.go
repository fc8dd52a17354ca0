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

// ServiceConfig configures Service.
type ServiceConfig struct {
	SyncEvery time.Duration // how often new reviews are analysed (default 30s)
	// Chinese: "auto" loads the segmenter when a review has Chinese text,
	// "on" always, "off" never (Chinese is then cut into characters).
	Chinese string
	Params  FastTextParams // of the sentiment model
}

// Service is review intelligence over a store: it starts with the opinion
// lexicon and seed aspects so it answers at once, then loads (or, when the
// store has none, trains and saves) the shop's sentiment model, learns the
// aspects its reviews talk about and the catalog's entities, and keeps
// every review analysed.
type Service struct {
	*Insights
	Store  shopmind.Store
	Config ServiceConfig
	Logger *slog.Logger

	zh SharedChinese
}

// NewService returns a service over store; call Run to start it.
func NewService(store shopmind.Store, cfg ServiceConfig) *Service {
	if cfg.SyncEvery <= 0 {
		cfg.SyncEvery = 30 * time.Second
	}
	if cfg.Chinese == "" {
		cfg.Chinese = "auto"
	}
	a := &Analyzer{Tokenizer: &Tokenizer{}, Aspects: SeedAspects()}
	return &Service{Insights: NewInsights(store, store, a), Store: store, Config: cfg, Logger: slog.New(slog.DiscardHandler)}
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
	var out []*shopmind.Review
	after := ""
	for {
		page, next, err := s.Store.Reviews(ctx, shopmind.ReviewFilter{After: after, Limit: shopmind.MaxLimit})
		if err != nil {
			return nil, fmt.Errorf("list reviews: %w", err)
		}
		out = append(out, page...)
		if next == "" || len(page) == 0 {
			return out, nil
		}
		after = next
	}
}

func (s *Service) items(ctx context.Context) ([]*shopmind.Item, error) {
	var out []*shopmind.Item
	after := ""
	for {
		page, next, err := s.Store.Items(ctx, shopmind.ItemFilter{After: after, Limit: shopmind.MaxLimit})
		if err != nil {
			return nil, fmt.Errorf("list items: %w", err)
		}
		out = append(out, page...)
		if next == "" || len(page) == 0 {
			return out, nil
		}
		after = next
	}
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
	a := &Analyzer{Tokenizer: tok, Gazetteer: NewGazetteer(items),
		Aspects: LearnAspects(SeedAspects(), tok, texts, LearnOptions{Nouns: nouns})}
	var m *shopmind.Model
	if !retrain {
		m, err = s.Store.Model(ctx, SentimentModelName, 0)
		if err != nil && shopmind.ErrorCode(err) != shopmind.ENOTFOUND {
			return nil, err
		}
	}
	if m != nil {
		c, err := ReadClassifier(bytes.NewReader(m.Data))
		if err != nil {
			return nil, fmt.Errorf("load %s v%d: %w", SentimentModelName, m.Version, err)
		}
		a.Sentiment = c
		return a, nil
	}
	c, metrics, err := s.trainSentiment(ctx, tok, reviews)
	if shopmind.ErrorCode(err) == shopmind.EINVALID {
		s.Logger.Info("sentiment uses the lexicon until there are more rated reviews", "reason", shopmind.ErrorMessage(err))
		return a, nil
	} else if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if err := c.Marshal(&buf); err != nil {
		return nil, err
	}
	if err := s.Store.SaveModel(ctx, &shopmind.Model{Name: SentimentModelName, Data: buf.Bytes(), Metrics: metrics,
		ConfigHash: fmt.Sprintf("fasttext-%d-%d-%g-chinese-%v", s.Config.Params.Dim, s.Config.Params.Epochs, s.Config.Params.LR, tok.Segmenter != nil)}); err != nil {
		return nil, fmt.Errorf("save %s: %w", SentimentModelName, err)
	}
	a.Sentiment = c
	return a, nil
}

// trainSentiment evaluates on a seeded 20% of the rated reviews, then
// trains on all of them.
func (s *Service) trainSentiment(ctx context.Context, tok *Tokenizer, reviews []*shopmind.Review) (*Classifier, map[string]float64, error) {
	var rated []*shopmind.Review
	var labels []string
	for _, r := range reviews {
		if l := RatingLabel(r.Rating); l != "" {
			rated = append(rated, r)
			labels = append(labels, l)
		}
	}
	metrics := map[string]float64{"reviews": float64(len(rated))}
	tr, te := SplitExamples(labels, 0.2, 1)
	if len(te) > 0 && len(tr) > 0 {
		train := make([]*shopmind.Review, len(tr))
		for k, i := range tr {
			train[k] = rated[i]
		}
		if c, err := TrainSentiment(ctx, tok, train, s.Config.Params); err == nil {
			docs, gold := make([][]string, len(te)), make([]string, len(te))
			for k, i := range te {
				docs[k], gold[k] = tok.Words(rated[i].Title+". "+rated[i].Text), labels[i]
			}
			sc := Evaluate(c, docs, gold)
			metrics["accuracy"], metrics["macro_f1"], metrics["ece"] = sc.Accuracy, sc.MacroF1, sc.ECE
		}
	}
	c, err := TrainSentiment(ctx, tok, rated, s.Config.Params)
	return c, metrics, err
}
