package sqlite

import "github.com/shopmind/shopmind"

// Synchronous is SQLite's synchronous setting: when a commit reaches the
// disk. The database always runs in WAL mode, where both settings keep the
// file consistent after a crash; they differ in what a power cut or an
// operating-system crash can take back.
type Synchronous string

const (
	// SyncFull syncs the WAL to disk at every commit, before the write is
	// acknowledged: a committed write survives a power cut. It is the
	// default.
	SyncFull Synchronous = "full"
	// SyncNormal syncs only at checkpoints: a crash of the process loses
	// nothing, but a power cut or OS crash can lose the last commits, already
	// acknowledged, since the last checkpoint. It saves one fsync per commit.
	SyncNormal Synchronous = "normal"
)

// Options tune how Open sets up the database. Start from DefaultOptions.
type Options struct {
	// Synchronous is when commits reach the disk (default SyncFull).
	Synchronous Synchronous
}

// DefaultOptions returns the options Open uses: synchronous=FULL.
func DefaultOptions() Options {
	return Options{Synchronous: SyncFull}
}

// pragma returns the value of PRAGMA synchronous for s, or EINVALID naming
// the field "synchronous".
func (s Synchronous) pragma() (string, error) {
	switch s {
	case SyncFull:
		return "FULL", nil
	case SyncNormal:
		return "NORMAL", nil
	}
	return "", shopmind.FieldErrorf("synchronous", "sqlite synchronous %q is not one of full, normal", string(s))
}
