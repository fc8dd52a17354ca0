package serve

import (
	"context"
	"fmt"

	"github.com/shopmind/shopmind"
	"github.com/shopmind/shopmind/recommend"
)

var _ shopmind.Forgetter = (*Service)(nil)

// Forget implements shopmind.Forgetter. At once, it serves a copy of the
// current version without the user: their trained history, their factors
// or embeddings and their row of a user-kNN matrix are gone, so their
// lists are cold-start (popular) lists and nobody else's lists come from
// their history. Then every stored version of the service's model that
// knows the user is deleted, the newest after saving its copy without the
// user as a new version, so no reload or restart brings the user back.
// Item-level aggregates (popularity, co-purchases, item-item weights) keep
// the user's share until the next training. It returns the versions the
// user was removed from.
func (s *Service) Forget(ctx context.Context, userID string) ([]string, error) {
	if err := shopmind.ValidateID("id", userID); err != nil {
		return nil, err
	}
	if s.Tail != nil {
		s.Tail.Forget(userID)
	}
	seq, err := s.Store.EventSeq(ctx)
	if err != nil {
		return nil, fmt.Errorf("forget %s: %w", userID, err)
	}
	s.forgotten.Store(userID, seq)
	var out []string
	for {
		cur := s.cur.Load()
		if cur == nil {
			break
		}
		sv, ok := cur.Without(userID)
		if !ok {
			break
		}
		if s.cur.CompareAndSwap(cur, sv) {
			out = append(out, fmt.Sprintf("%s v%d (served)", cur.Meta().Name, cur.Meta().Version))
			break
		}
	}
	stored, err := s.forgetStored(ctx, ModelPrefix+s.Config.Model, userID)
	return append(out, stored...), err
}

// forgottenAt returns the users forgotten after the store's events up to
// seq were read: a model trained from those events may still know them. A
// user erased before a training read the store is not in its data, unless
// they came back with new events, which that training may use.
func (s *Service) forgottenAt(seq int64) []string {
	var ids []string
	s.forgotten.Range(func(id, at any) bool {
		if seq <= at.(int64) {
			ids = append(ids, id.(string))
		}
		return true
	})
	return ids
}

// scrubTrained removes from a model just trained on events read up to seq
// the users forgotten since: a training that read the store before an
// erasure does not bring the user back when it is saved.
func (s *Service) scrubTrained(art *recommend.Artifact, m recommend.Model, d *recommend.Dataset, seq int64) error {
	return recommend.ScrubUsers(art, m, d, s.forgottenAt(seq))
}

// forgetStored removes the user from the stored versions of name.
func (s *Service) forgetStored(ctx context.Context, name, userID string) ([]string, error) {
	list, err := s.Store.Models(ctx, name)
	if err != nil {
		return nil, fmt.Errorf("forget %s in stored models: %w", userID, err)
	}
	newest := 0
	for _, m := range list {
		newest = max(newest, m.Version)
	}
	var out []string
	for _, meta := range list {
		m, err := s.Store.Model(ctx, name, meta.Version)
		if err != nil {
			return out, fmt.Errorf("forget %s in %s v%d: %w", userID, name, meta.Version, err)
		}
		if known, err := recommend.StoredKnows(m, userID); err == nil && !known {
			continue // without building the model
		}
		art, b, err := recommend.DecodeArtifact(m)
		if err != nil {
			s.Logger.Warn("stored model unreadable; left as is", "model", name, "version", m.Version, "error", err)
			continue
		}
		u, ok := b.UserIndex(userID)
		if !ok {
			continue
		}
		if m.Version == newest {
			data, err := recommend.EncodeWithout(art, b, u)
			if err != nil {
				return out, fmt.Errorf("forget %s in %s v%d: %w", userID, name, m.Version, err)
			}
			scrubbed := &shopmind.Model{Name: name, ConfigHash: m.ConfigHash, Data: data, Metrics: m.Metrics}
			if err := s.Store.SaveModel(ctx, scrubbed); err != nil {
				return out, fmt.Errorf("forget %s in %s: save: %w", userID, name, err)
			}
			out = append(out, fmt.Sprintf("%s v%d (stored as v%d)", name, m.Version, scrubbed.Version))
		} else {
			out = append(out, fmt.Sprintf("%s v%d (stored, deleted)", name, m.Version))
		}
		if err := s.Store.DeleteModel(ctx, name, m.Version); err != nil {
			return out, fmt.Errorf("forget %s in %s v%d: %w", userID, name, m.Version, err)
		}
	}
	return out, nil
}
