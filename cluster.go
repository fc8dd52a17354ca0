package shopmind

import (
	"context"
	"time"
)

// Coordinator lets the serve processes (nodes) that share one store divide
// their background work: one node at a time leads and trains models, and
// every node hears at once of the model versions any of them saves, so it
// can serve them. store/postgres implements it with an advisory lock held
// by a session and LISTEN/NOTIFY; store/sqlite, which serves one node, is
// always the leader and announces nothing.
type Coordinator interface {
	// Lead campaigns for the leadership and blocks until this node leads,
	// or until ctx is cancelled (returning ctx's error). The returned
	// context ends when the leadership does: when ctx is cancelled (which
	// resigns it) or when the node lost its hold on it (its connection to
	// the store broke, so another node may lead now). Call Lead again to
	// campaign again.
	Lead(ctx context.Context) (context.Context, error)
	// WatchModels delivers the model versions saved through the store, by
	// any node or command, until ctx is cancelled; then the channel closes.
	// A ModelSaved with an empty Name means announcements may have been
	// missed (the connection was re-established): look at every model.
	WatchModels(ctx context.Context) (<-chan ModelSaved, error)
	// Exclusive runs fn while no other node runs an Exclusive of the same
	// key, waiting its turn: one-off work such as training a model that is
	// missing, which the next node then finds done.
	Exclusive(ctx context.Context, key string, fn func(context.Context) error) error
}

// ModelSaved announces a saved model version.
type ModelSaved struct {
	Name    string `json:"name"`
	Version int    `json:"version"`
}

// NodeStatus is what a serve process reports of its place among the nodes
// sharing its store (in /readyz).
type NodeStatus struct {
	// Node names this process: its host name and process id, plus a few
	// random characters.
	Node string `json:"node"`
	// Leader is whether this node runs the background training.
	Leader bool `json:"leader"`
	// LeaderSince is when it became the leader.
	LeaderSince *time.Time `json:"leader_since,omitempty"`
}
