package shopmind

import (
	"context"
	"time"
)

// EraseEvents is what erasing a user does with their events and experiment
// exposures.
type EraseEvents string

// The choices of EraseEvents: delete them, or keep them (for the shop's
// statistics and models) under a random pseudonym that nothing links back
// to the user.
const (
	EraseEventsDelete       EraseEvents = "delete"
	EraseEventsPseudonymise EraseEvents = "pseudonymise"
)

// Valid reports whether e is one of the choices.
func (e EraseEvents) Valid() bool { return e == EraseEventsDelete || e == EraseEventsPseudonymise }

// EraseOptions configure ErasureService.EraseUser.
type EraseOptions struct {
	// Events says whether the user's events and exposures are deleted or
	// pseudonymised (EraseEventsDelete when empty).
	Events EraseEvents
	// Pseudonym replaces the user's id in what erasure keeps: orders
	// (which the shop's accounts need) and, when pseudonymising, events and
	// exposures. It must be a valid id that no user has, and random: the
	// store keeps no link between it and the erased id.
	Pseudonym string
}

// Validate checks the options and fills in the default.
func (o *EraseOptions) Validate() error {
	if o.Events == "" {
		o.Events = EraseEventsDelete
	}
	if !o.Events.Valid() {
		return FieldErrorf("events", "events must be \"delete\" or \"pseudonymise\", not %q", o.Events)
	}
	return ValidateID("pseudonym", o.Pseudonym)
}

// Erasure reports what erasing one user removed or anonymised.
type Erasure struct {
	UserID string `json:"user_id"`
	// User and Personal report whether the user record and their personal
	// data were stored (and are now deleted).
	User     bool `json:"user"`
	Personal bool `json:"personal"`
	// Events is how many of the user's events were deleted or, with
	// EventsMode "pseudonymise", moved to the pseudonym; so are Exposures.
	EventsMode EraseEvents `json:"events_mode"`
	Events     int64       `json:"events"`
	Exposures  int64       `json:"exposures"`
	// Orders kept for the shop's accounts, now under the pseudonym.
	Orders int64 `json:"orders"`
	// Reviews kept without an author.
	Reviews int64 `json:"reviews"`
	// Conversations deleted with their Messages.
	Conversations int64 `json:"conversations"`
	Messages      int64 `json:"messages"`
	// Models lists the served or stored models the user's vectors and
	// history were removed from ("recommend/ease v3"); set by the privacy
	// service, not the store.
	Models []string `json:"models"`
	// Compacted reports that the store's files were compacted, so that the
	// deleted bytes are gone from them (SQLite: WAL checkpoint and VACUUM;
	// PostgreSQL: VACUUM).
	Compacted bool      `json:"compacted"`
	ErasedAt  time.Time `json:"erased_at"`
}

// Found reports whether anything was stored under the erased id.
func (e *Erasure) Found() bool {
	return e.User || e.Personal || e.Events > 0 || e.Exposures > 0 || e.Orders > 0 || e.Reviews > 0 || e.Conversations > 0
}

// ConversationExport is a conversation with its messages.
type ConversationExport struct {
	Conversation *Conversation `json:"conversation"`
	Messages     []*Message    `json:"messages"`
}

// UserExport is everything shopmind stores about one user (right of
// access). Lists are empty, never null; User and Personal are null when not
// stored.
type UserExport struct {
	UserID        string                `json:"user_id"`
	User          *User                 `json:"user"`
	Personal      *UserPersonal         `json:"personal"`
	Consent       *Consent              `json:"consent,omitempty"` // absent when the user never set one
	Events        []*Event              `json:"events"`
	Orders        []*Order              `json:"orders"`
	Reviews       []*Review             `json:"reviews"`
	Conversations []*ConversationExport `json:"conversations"`
	Exposures     []*Exposure           `json:"exposures"`
	ExportedAt    time.Time             `json:"exported_at"`
}

// Empty reports whether nothing is stored about the user.
func (x *UserExport) Empty() bool {
	return x.User == nil && x.Personal == nil && x.Consent == nil && len(x.Events) == 0 && len(x.Orders) == 0 &&
		len(x.Reviews) == 0 && len(x.Conversations) == 0 && len(x.Exposures) == 0
}

// ErasureService is the store's part of the right to erasure.
type ErasureService interface {
	// EraseUser removes or anonymises, in one transaction, everything
	// stored under a user id: the user and their personal data, their
	// conversations and messages, their events and exposures (deleted or
	// moved to opt.Pseudonym); their orders move to opt.Pseudonym and their
	// reviews lose their author. When anything is kept under the
	// pseudonym, it becomes a user without attributes (orders and events
	// name stored users). It returns ENOTFOUND when nothing is
	// stored under the id, EINVALID for bad options, and ECONFLICT when
	// a user with the pseudonym's id exists.
	EraseUser(ctx context.Context, userID string, opt EraseOptions) (*Erasure, error)
	// Compact makes deleted rows unrecoverable from the store's files:
	// SQLite checkpoints and truncates its WAL and vacuums the database;
	// PostgreSQL vacuums the tables erasure touches. It must not run
	// inside Tx (EINVALID).
	Compact(ctx context.Context) error
	// DeleteModel deletes one stored version of a model (erasure removes
	// the versions trained on an erased user's data), or returns ENOTFOUND.
	DeleteModel(ctx context.Context, name string, version int) error
}

// Forgetter is an in-memory model that holds per-user state (vectors,
// histories, scores) and can drop one user's at once, without waiting for
// its next training. Forget returns what it removed the user from
// ("recommend/ease v3"), or nothing when it did not know the user.
type Forgetter interface {
	Forget(ctx context.Context, userID string) ([]string, error)
}

// ExportStore is what an export of one user's data reads.
type ExportStore interface {
	User(ctx context.Context, id string) (*User, error)
	UserPersonal(ctx context.Context, userID string) (*UserPersonal, error)
	Consent(ctx context.Context, userID string) (*Consent, error)
	EventLister
	OrderLister
	ReviewLister
	ConversationLister
	Messages(ctx context.Context, conversationID string, after, limit int) ([]*Message, error)
	Experiments(ctx context.Context, f ExperimentFilter) ([]*Experiment, error)
	ExposureLister
}

// PrivacyStore is what the privacy service uses: the store's erasure and
// what an export reads.
type PrivacyStore interface {
	ErasureService
	ExportStore
}

// PrivacyService carries out the rights of shoppers over their data.
type PrivacyService interface {
	// EraseUser erases a user (see ErasureService.EraseUser) in the store
	// and in every served model, then compacts the store. ENOTFOUND when
	// nothing is stored or served about the user.
	EraseUser(ctx context.Context, userID string) (*Erasure, error)
	// ExportUser returns everything stored about a user, or ENOTFOUND.
	ExportUser(ctx context.Context, userID string) (*UserExport, error)
}
