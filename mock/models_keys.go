package mock

import (
	"context"
	"time"

	"github.com/shopmind/shopmind"
)

// SaveModel calls SaveModelFn.
func (s *Store) SaveModel(ctx context.Context, m *shopmind.Model) error {
	if s.SaveModelFn == nil {
		missing("SaveModel")
	}
	return s.SaveModelFn(ctx, m)
}

// Model calls ModelFn.
func (s *Store) Model(ctx context.Context, name string, version int) (*shopmind.Model, error) {
	if s.ModelFn == nil {
		missing("Model")
	}
	return s.ModelFn(ctx, name, version)
}

// Models calls ModelsFn.
func (s *Store) Models(ctx context.Context, name string) ([]*shopmind.Model, error) {
	if s.ModelsFn == nil {
		missing("Models")
	}
	return s.ModelsFn(ctx, name)
}

// CreateKey calls CreateKeyFn.
func (s *Store) CreateKey(ctx context.Context, k *shopmind.APIKey) error {
	if s.CreateKeyFn == nil {
		missing("CreateKey")
	}
	return s.CreateKeyFn(ctx, k)
}

// KeyByHash calls KeyByHashFn.
func (s *Store) KeyByHash(ctx context.Context, hash string) (*shopmind.APIKey, error) {
	if s.KeyByHashFn == nil {
		missing("KeyByHash")
	}
	return s.KeyByHashFn(ctx, hash)
}

// Keys calls KeysFn.
func (s *Store) Keys(ctx context.Context) ([]*shopmind.APIKey, error) {
	if s.KeysFn == nil {
		missing("Keys")
	}
	return s.KeysFn(ctx)
}

// DeleteKey calls DeleteKeyFn.
func (s *Store) DeleteKey(ctx context.Context, id string) error {
	if s.DeleteKeyFn == nil {
		missing("DeleteKey")
	}
	return s.DeleteKeyFn(ctx, id)
}

// TouchKey calls TouchKeyFn.
func (s *Store) TouchKey(ctx context.Context, id string, t time.Time) error {
	if s.TouchKeyFn == nil {
		missing("TouchKey")
	}
	return s.TouchKeyFn(ctx, id, t)
}
