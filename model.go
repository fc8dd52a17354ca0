package shopmind

import (
	"context"
	"time"
)

// Model is a versioned, trained model artifact.
type Model struct {
	Name       string             `json:"name"`        // e.g. "recommend/ease"
	Version    int                `json:"version"`     // 1, 2, ... per name, assigned by the store
	ConfigHash string             `json:"config_hash"` // hash of the model-relevant config it was trained with
	Data       []byte             `json:"-"`           // the serialised model
	Metrics    map[string]float64 `json:"metrics,omitempty"`
	CreatedAt  time.Time          `json:"created_at"`
}

// ModelService keeps model artifacts.
type ModelService interface {
	// SaveModel stores m as the next version of m.Name and sets m.Version and
	// m.CreatedAt.
	SaveModel(ctx context.Context, m *Model) error
	// Model returns one version of a model, or ENOTFOUND; version 0 means the
	// newest.
	Model(ctx context.Context, name string, version int) (*Model, error)
	// Models lists the newest version of every model, or every version of
	// name when it is not empty, without their Data.
	Models(ctx context.Context, name string) ([]*Model, error)
}
