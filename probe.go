package shopmind

import "context"

// WriteProber is a store that can tell whether it takes writes right now,
// beyond answering a ping: SQLite's single write lock may be held by
// another process for too long, a PostgreSQL server may be a read-only
// standby. /readyz asks it.
type WriteProber interface {
	// ProbeWrite begins a write transaction and rolls it back. It returns
	// an EUNAVAILABLE error saying why when the store cannot take a write
	// within about a second (or ctx's deadline, if sooner).
	ProbeWrite(ctx context.Context) error
}
