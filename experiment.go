package shopmind

import (
	"context"
	"fmt"
	"math"
	"time"
)

// ExperimentStatus is where an experiment is in its life.
type ExperimentStatus string

// Experiment statuses: a draft can be edited and started; a running
// experiment assigns users and logs exposures; a stopped one only reports.
const (
	ExperimentDraft   ExperimentStatus = "draft"
	ExperimentRunning ExperimentStatus = "running"
	ExperimentStopped ExperimentStatus = "stopped"
)

// Valid reports whether s is a known status.
func (s ExperimentStatus) Valid() bool {
	return s == ExperimentDraft || s == ExperimentRunning || s == ExperimentStopped
}

// Defaults of an experiment's analysis settings.
const (
	DefaultAttributionWindow = 24 * time.Hour
	DefaultAlpha             = 0.05
)

// Experiment is an A/B test: users who see results on Surface are split
// between Variants by a hash of their id, and the purchases that follow
// what each variant served are compared.
//
// To guard against peeking, the sample size is fixed up front: Horizon is
// the number of exposed users every variant needs before the significance
// tests are read. Results before then are marked provisional.
type Experiment struct {
	ID          string           `json:"id"`
	Name        string           `json:"name"`
	Description string           `json:"description,omitempty"`
	Surface     string           `json:"surface"` // where results are served, e.g. "home", "item", or one the client serves (experiment.Route)
	Variants    []Variant        `json:"variants"`
	Control     string           `json:"control"` // the variant the others are compared with; default the first
	Status      ExperimentStatus `json:"status"`
	// Horizon is the planned number of exposed users per variant; the
	// tests are final once every variant has reached it.
	Horizon int `json:"horizon"`
	// AttributionHours is how long after an exposure a click or purchase
	// counts for it, in hours; 0 means DefaultAttributionWindow.
	AttributionHours float64 `json:"attribution_hours,omitempty"`
	// Alpha is the significance level of the tests (two-sided), before the
	// Bonferroni correction for several variants; 0 means DefaultAlpha.
	Alpha     float64    `json:"alpha,omitempty"`
	StartedAt *time.Time `json:"started_at,omitempty"`
	EndedAt   *time.Time `json:"ended_at,omitempty"`
	CreatedAt time.Time  `json:"created_at"`
	UpdatedAt time.Time  `json:"updated_at"`
}

// Variant is one arm of an experiment.
type Variant struct {
	Name  string  `json:"name"`
	Share float64 `json:"share"` // fraction of users, in (0, 1]; an experiment's shares sum to 1
	// Config tells the serving side what to do for this variant, e.g.
	// {"model": "ease"} or {"model": "none"}.
	Config map[string]string `json:"config,omitempty"`
}

// shareTolerance is how far the sum of shares may be from 1.
const shareTolerance = 1e-6

// Validate checks the experiment and fills in defaults (Status draft,
// Control the first variant). It returns an EINVALID error naming the field
// at fault: shares that do not sum to 1, duplicate or unknown variant names,
// a control that is not a variant.
func (e *Experiment) Validate() error {
	if err := ValidateID("id", e.ID); err != nil {
		return err
	}
	if e.Name == "" {
		e.Name = e.ID
	}
	if err := validateText("name", e.Name, MaxTitleLength); err != nil {
		return err
	}
	if err := validateText("description", e.Description, MaxTextLength); err != nil {
		return err
	}
	if err := ValidateID("surface", e.Surface); err != nil {
		return err
	}
	if e.Status == "" {
		e.Status = ExperimentDraft
	}
	if !e.Status.Valid() {
		return FieldErrorf("status", "status %q is not one of draft, running, stopped", e.Status)
	}
	if len(e.Variants) < 2 {
		return FieldErrorf("variants", "an experiment needs at least 2 variants, got %d", len(e.Variants))
	}
	seen := map[string]bool{}
	var sum float64
	for i, v := range e.Variants {
		f := fmt.Sprintf("variants[%d]", i)
		if err := ValidateID(f+".name", v.Name); err != nil {
			return err
		}
		if seen[v.Name] {
			return FieldErrorf(f+".name", "variant %q is named twice", v.Name)
		}
		if err := validateAttributes(f+".config", v.Config); err != nil {
			return err
		}
		seen[v.Name] = true
		if math.IsNaN(v.Share) || v.Share <= 0 || v.Share > 1 {
			return FieldErrorf(f+".share", "share must be in (0, 1], got %g", v.Share)
		}
		sum += v.Share
	}
	if math.Abs(sum-1) > shareTolerance {
		return FieldErrorf("variants", "variant shares must sum to 1, they sum to %g", sum)
	}
	if e.Control == "" {
		e.Control = e.Variants[0].Name
	}
	if !seen[e.Control] {
		return FieldErrorf("control", "control %q is not one of the variants", e.Control)
	}
	if e.Horizon < 0 {
		return FieldErrorf("horizon", "horizon must be >= 0 users per variant")
	}
	if math.IsNaN(e.AttributionHours) || e.AttributionHours < 0 || e.AttributionHours > 24*90 {
		return FieldErrorf("attribution_hours", "attribution_hours must be between 0 and 2160 (90 days)")
	}
	if math.IsNaN(e.Alpha) || e.Alpha < 0 || e.Alpha >= 0.5 {
		return FieldErrorf("alpha", "alpha must be in (0, 0.5), or 0 for %g", DefaultAlpha)
	}
	return nil
}

// Variant returns the variant with the given name, or false.
func (e *Experiment) Variant(name string) (Variant, bool) {
	for _, v := range e.Variants {
		if v.Name == name {
			return v, true
		}
	}
	return Variant{}, false
}

// Window returns the attribution window.
func (e *Experiment) Window() time.Duration {
	if e.AttributionHours == 0 {
		return DefaultAttributionWindow
	}
	return time.Duration(e.AttributionHours * float64(time.Hour))
}

// Significance returns the significance level, DefaultAlpha when unset.
func (e *Experiment) Significance() float64 {
	if e.Alpha == 0 {
		return DefaultAlpha
	}
	return e.Alpha
}

// Exposure records that a user was served a variant's result: one
// recommendation, identified by RecommendationID, which later events carry
// (Event.RecommendationID) so purchases can be attributed to it.
type Exposure struct {
	RecommendationID string    `json:"recommendation_id"` // unique; logging it again is a no-op
	ExperimentID     string    `json:"experiment_id"`
	Variant          string    `json:"variant"`
	UserID           string    `json:"user_id"`
	ItemIDs          []string  `json:"item_ids,omitempty"` // what was shown, best first
	Time             time.Time `json:"time"`
}

// Validate checks the exposure and returns an EINVALID error naming the field.
func (x *Exposure) Validate() error {
	for _, f := range []struct{ name, v string }{{"recommendation_id", x.RecommendationID},
		{"experiment_id", x.ExperimentID}, {"variant", x.Variant}, {"user_id", x.UserID}} {
		if err := ValidateID(f.name, f.v); err != nil {
			return err
		}
	}
	for i, id := range x.ItemIDs {
		if err := ValidateID(fmt.Sprintf("item_ids[%d]", i), id); err != nil {
			return err
		}
	}
	if x.Time.IsZero() {
		return FieldErrorf("time", "time is required")
	}
	return nil
}

// ExperimentFilter selects experiments, listed in ascending id order.
type ExperimentFilter struct {
	Status  ExperimentStatus // "" for any
	Surface string           // "" for any
}

// ExposureFilter selects one experiment's exposures, in ascending
// (time, recommendation id) order.
type ExposureFilter struct {
	ExperimentID string // required
	UserID       string // "" for any
	After        string // cursor from a previous page
	Limit        int    // 0 means DefaultLimit
}

// ExperimentService keeps experiments and their exposures.
type ExperimentService interface {
	// CreateExperiment stores a new, valid experiment, stamping CreatedAt
	// and UpdatedAt; ECONFLICT if the id exists.
	CreateExperiment(ctx context.Context, e *Experiment) error
	// Experiment returns an experiment, or ENOTFOUND.
	Experiment(ctx context.Context, id string) (*Experiment, error)
	// Experiments lists experiments matching f in id order.
	Experiments(ctx context.Context, f ExperimentFilter) ([]*Experiment, error)
	// UpdateExperiment replaces a stored experiment (ENOTFOUND if absent),
	// keeping CreatedAt and stamping UpdatedAt.
	UpdateExperiment(ctx context.Context, e *Experiment) error
	// DeleteExperiment removes an experiment and its exposures, or returns
	// ENOTFOUND.
	DeleteExperiment(ctx context.Context, id string) error
	// AddExposures stores valid exposures not stored yet (by
	// RecommendationID) and returns how many were new; ENOTFOUND when an
	// exposure's experiment does not exist.
	AddExposures(ctx context.Context, xs []*Exposure) (int, error)
	// Exposures returns exposures matching f and the next cursor.
	Exposures(ctx context.Context, f ExposureFilter) ([]*Exposure, string, error)
}

// ExperimentStore is what the experiment service uses: experiments and
// their exposures (changed in transactions), the click and purchase events
// it attributes, and item prices.
type ExperimentStore interface {
	ExperimentService
	EventLister
	Item(ctx context.Context, id string) (*Item, error)
	Transactor
}

// SimulationStore is what experiment/simulate uses: an experiment service's
// store (ExperimentStore) for the simulated test, plus the writes of the
// demo shop's items and of the simulated shoppers' events.
type SimulationStore interface {
	ExperimentStore
	UpsertItems(ctx context.Context, items []*Item) error
	AddEvents(ctx context.Context, events []*Event) (int, error)
}

// Assignment is the variant a user gets on a surface.
type Assignment struct {
	ExperimentID string            `json:"experiment_id"`
	Variant      string            `json:"variant"`
	Config       map[string]string `json:"config,omitempty"`
}

// Estimate is a value with its confidence interval.
type Estimate struct {
	Value float64 `json:"value"`
	Low   float64 `json:"low"`
	High  float64 `json:"high"`
}

// VariantResult is what one variant's exposed users did.
type VariantResult struct {
	Variant    string  `json:"variant"`
	Users      int     `json:"users"`      // distinct exposed users
	Exposures  int     `json:"exposures"`  // results served
	Clicks     int     `json:"clicks"`     // exposures with an attributed click
	Converters int     `json:"converters"` // users with an attributed purchase
	Purchases  int     `json:"purchases"`  // attributed purchase events
	Revenue    float64 `json:"revenue"`    // attributed revenue: quantity × item price
	// CTR is Clicks / Exposures, Conversion is Converters / Users (both with
	// Wilson score intervals) and RevenuePerUser is Revenue / Users (with a
	// Student's t interval).
	CTR            Estimate `json:"ctr"`
	Conversion     Estimate `json:"conversion"`
	RevenuePerUser Estimate `json:"revenue_per_user"`
}

// Lift compares a metric of a variant with the control's.
type Lift struct {
	Difference Estimate `json:"difference"` // variant minus control, with its interval
	Relative   float64  `json:"relative"`   // difference / control value; NaN-free: 0 when the control is 0
	PValue     float64  `json:"p_value"`    // two-sided
	Test       string   `json:"test"`       // which test gave PValue
}

// Comparison is one variant against the control.
type Comparison struct {
	Variant        string `json:"variant"`
	Conversion     Lift   `json:"conversion"`
	RevenuePerUser Lift   `json:"revenue_per_user"`
	// Significant is set only once the results are final: a p-value below
	// the corrected alpha on conversion or revenue per user.
	Significant bool `json:"significant"`
}

// ExperimentResults is an experiment's report.
type ExperimentResults struct {
	Experiment  *Experiment     `json:"experiment"`
	Variants    []VariantResult `json:"variants"`
	Comparisons []Comparison    `json:"comparisons"`
	// Alpha is the per-comparison significance level (Bonferroni-corrected)
	// and Confidence the level of every interval (1 - Alpha).
	Alpha      float64 `json:"alpha"`
	Confidence float64 `json:"confidence"`
	// Final reports whether every variant reached the horizon; before
	// then p-values are provisional and Significant stays false.
	Final  bool      `json:"final"`
	Status string    `json:"status"` // a sentence for people on how to read the results
	AsOf   time.Time `json:"as_of"`
}

// Experiments runs A/B tests on top of an ExperimentService: it checks
// definitions, assigns users, logs exposures and reports results.
type Experiments interface {
	// Create validates and stores a draft (or running) experiment. Bad
	// definitions are EINVALID with the field; a running experiment on a
	// surface that has one already is ECONFLICT (field "surface").
	Create(ctx context.Context, e *Experiment) error
	// Start moves a draft to running (ECONFLICT when another experiment
	// runs on its surface); Stop moves a running one to stopped.
	Start(ctx context.Context, id string) (*Experiment, error)
	Stop(ctx context.Context, id string) (*Experiment, error)
	// Assign returns the variant userID gets from the experiment running on
	// surface, or nil when none runs there. The same user always gets the
	// same variant of an experiment.
	Assign(ctx context.Context, surface, userID string) (*Assignment, error)
	// LogExposure records that x was served; EINVALID (field "variant") for
	// a variant the experiment does not have, or an experiment that is not
	// running.
	LogExposure(ctx context.Context, x *Exposure) error
	// Results computes the report of an experiment.
	Results(ctx context.Context, id string) (*ExperimentResults, error)
}
