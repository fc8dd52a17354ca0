package ingest

import (
	"fmt"
	"strings"
	"time"

	"github.com/shopmind/shopmind"
)

// Entity is the kind of record a file holds.
type Entity string

// The entities ingest can import.
const (
	EntityItems    Entity = "items"
	EntityUsers    Entity = "users"
	EntityPersonal Entity = "personal" // shopmind.UserPersonal, one per user
	EntityEvents   Entity = "events"
	EntityOrders   Entity = "orders"
	EntityReviews  Entity = "reviews"
	// EntityPromotions is the shop's calendar (shopmind.Promotion): sales
	// and holidays that forecasting treats as events.
	EntityPromotions Entity = "promotions"
	// EntityConsents are users' consent flags (shopmind.Consent), one per
	// user: no_personalisation, no_marketing.
	EntityConsents Entity = "consents"
)

// Entities lists every Entity in the order an import writes them, so that
// users and items exist before the records that refer to them.
var Entities = []Entity{EntityUsers, EntityItems, EntityPersonal, EntityConsents, EntityOrders, EntityReviews, EntityEvents, EntityPromotions}

// ParseEntity parses an entity name; singular forms ("item") and
// "user_personal" are accepted too. It returns an error listing the valid
// names.
func ParseEntity(s string) (Entity, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "items", "item", "products", "product":
		return EntityItems, nil
	case "users", "user":
		return EntityUsers, nil
	case "personal", "user_personal", "users_personal", "personal_data":
		return EntityPersonal, nil
	case "events", "event":
		return EntityEvents, nil
	case "orders", "order":
		return EntityOrders, nil
	case "reviews", "review":
		return EntityReviews, nil
	case "promotions", "promotion", "calendar", "holidays":
		return EntityPromotions, nil
	case "consents", "consent", "user_consents":
		return EntityConsents, nil
	}
	return "", fmt.Errorf("unknown entity %q; one of: items, users, personal, consents, events, orders, reviews, promotions", s)
}

// Format is the syntax of an input file.
type Format string

// The formats ingest reads. FormatAuto detects the format from the file name
// (see DetectFormat).
const (
	FormatAuto      Format = ""
	FormatCSV       Format = "csv"       // comma-separated with a header row
	FormatTSV       Format = "tsv"       // tab-separated with a header row
	FormatJSONL     Format = "jsonl"     // one JSON object per line
	FormatMovieLens Format = "movielens" // a MovieLens file, its kind told by its name
)

// ParseFormat parses a format name ("" and "auto" mean FormatAuto).
func ParseFormat(s string) (Format, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "", "auto":
		return FormatAuto, nil
	case "csv":
		return FormatCSV, nil
	case "tsv", "tab":
		return FormatTSV, nil
	case "jsonl", "ndjson", "json":
		return FormatJSONL, nil
	case "movielens", "ml", "ml-100k", "ml-latest":
		return FormatMovieLens, nil
	}
	return "", fmt.Errorf("unknown format %q; one of: auto, csv, tsv, jsonl, movielens", s)
}

// ErrorPolicy says what an import does with a bad row.
type ErrorPolicy int

const (
	// Abort stops at the first bad row and rolls the whole import back.
	Abort ErrorPolicy = iota
	// Skip imports the good rows and reports the bad ones.
	Skip
)

// ParseErrorPolicy parses "abort" or "skip".
func ParseErrorPolicy(s string) (ErrorPolicy, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "", "abort":
		return Abort, nil
	case "skip":
		return Skip, nil
	}
	return Abort, fmt.Errorf("unknown error policy %q; one of: abort, skip", s)
}

// String returns "abort" or "skip".
func (p ErrorPolicy) String() string {
	if p == Skip {
		return "skip"
	}
	return "abort"
}

// Defaults for Options.
const (
	DefaultBatchSize = 5000
	DefaultMaxErrors = 100
)

// Options control an import. The zero value is usable: formats and entities
// are detected from file names, a bad row aborts the import, and nothing
// reports progress.
type Options struct {
	// Format forces the syntax of every file; FormatAuto detects it.
	Format Format
	// Entity forces what every file holds; "" detects it from the file
	// name (MovieLens files, or a base name such as "items.csv").
	Entity Entity
	// OnError is what to do with a bad row.
	OnError ErrorPolicy
	// MaxErrors caps Report.Errors under Skip (DefaultMaxErrors when 0);
	// further bad rows are still skipped and counted in Report.Skipped.
	MaxErrors int
	// BatchSize is how many records go to the store per call, and in a
	// journaled import (see ImportFiles) per transaction. When 0, batches
	// start at DefaultBatchSize and a journaled import then sizes them to
	// hold the store for about 2 s each (5,000 to 200,000 records).
	BatchSize int
	// Progress, when set, is told how far the import has come after every
	// batch written and once at the end. It is called from the goroutine
	// that called Import.
	Progress Progress
	// Now tells the time an import starts (time.Now when nil); EventSkew
	// is how far after it an event may be dated (shopmind.DefaultEventSkew
	// when 0). A later event is a bad row naming the column time, as the
	// API refuses it.
	Now       func() time.Time
	EventSkew time.Duration
	// Variants is how a hosted shop's products with variants become items
	// (VariantsAsAttributes when ""); see platform.go.
	Variants VariantMode
}

// eventCheck returns the validation of one event row: Event.ValidateAt
// with the import's start time and skew.
func (o Options) eventCheck() func(e *shopmind.Event) error {
	now := time.Now
	if o.Now != nil {
		now = o.Now
	}
	start, skew := now(), o.EventSkew
	if skew <= 0 {
		skew = shopmind.DefaultEventSkew
	}
	return func(e *shopmind.Event) error { return e.ValidateAt(start, skew) }
}

func (o Options) batchSize() int {
	if o.BatchSize > 0 {
		return o.BatchSize
	}
	return DefaultBatchSize
}

func (o Options) maxErrors() int {
	if o.MaxErrors > 0 {
		return o.MaxErrors
	}
	return DefaultMaxErrors
}

// Status is a snapshot of an import's progress.
type Status struct {
	File       string // the file being read
	BytesRead  int64  // bytes read from disk so far, all files (compressed bytes for .gz)
	BytesTotal int64  // total size on disk of all files; 0 when unknown
	Rows       int64  // data rows written to the store so far, bad rows included
	Bad        int64  // bad rows skipped so far
	Done       bool   // the last call of an import
}

// Fraction is BytesRead/BytesTotal in [0, 1], or -1 when the total is unknown.
func (s Status) Fraction() float64 {
	if s.BytesTotal <= 0 {
		return -1
	}
	f := float64(s.BytesRead) / float64(s.BytesTotal)
	return min(max(f, 0), 1)
}

// Progress receives an import's progress.
type Progress interface {
	Update(s Status)
}

// ProgressFunc adapts a function to Progress.
type ProgressFunc func(s Status)

// Update calls f(s).
func (f ProgressFunc) Update(s Status) { f(s) }
