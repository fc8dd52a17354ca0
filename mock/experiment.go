package mock

import (
	"context"

	"github.com/shopmind/shopmind"
)

var (
	_ shopmind.ExperimentService = (*ExperimentService)(nil)
	_ shopmind.Experiments       = (*Experiments)(nil)
)

// ExperimentService is a mock shopmind.ExperimentService. Store embeds it,
// so a mock Store's experiment methods are set here (store.CreateExperimentFn).
type ExperimentService struct {
	CreateExperimentFn func(ctx context.Context, e *shopmind.Experiment) error
	ExperimentFn       func(ctx context.Context, id string) (*shopmind.Experiment, error)
	ExperimentsFn      func(ctx context.Context, f shopmind.ExperimentFilter) ([]*shopmind.Experiment, error)
	UpdateExperimentFn func(ctx context.Context, e *shopmind.Experiment) error
	DeleteExperimentFn func(ctx context.Context, id string) error
	AddExposuresFn     func(ctx context.Context, xs []*shopmind.Exposure) (int, error)
	ExposuresFn        func(ctx context.Context, f shopmind.ExposureFilter) ([]*shopmind.Exposure, string, error)
}

// CreateExperiment calls CreateExperimentFn.
func (s *ExperimentService) CreateExperiment(ctx context.Context, e *shopmind.Experiment) error {
	if s.CreateExperimentFn == nil {
		missing("CreateExperiment")
	}
	return s.CreateExperimentFn(ctx, e)
}

// Experiment calls ExperimentFn.
func (s *ExperimentService) Experiment(ctx context.Context, id string) (*shopmind.Experiment, error) {
	if s.ExperimentFn == nil {
		missing("Experiment")
	}
	return s.ExperimentFn(ctx, id)
}

// Experiments calls ExperimentsFn.
func (s *ExperimentService) Experiments(ctx context.Context, f shopmind.ExperimentFilter) ([]*shopmind.Experiment, error) {
	if s.ExperimentsFn == nil {
		missing("Experiments")
	}
	return s.ExperimentsFn(ctx, f)
}

// UpdateExperiment calls UpdateExperimentFn.
func (s *ExperimentService) UpdateExperiment(ctx context.Context, e *shopmind.Experiment) error {
	if s.UpdateExperimentFn == nil {
		missing("UpdateExperiment")
	}
	return s.UpdateExperimentFn(ctx, e)
}

// DeleteExperiment calls DeleteExperimentFn.
func (s *ExperimentService) DeleteExperiment(ctx context.Context, id string) error {
	if s.DeleteExperimentFn == nil {
		missing("DeleteExperiment")
	}
	return s.DeleteExperimentFn(ctx, id)
}

// AddExposures calls AddExposuresFn.
func (s *ExperimentService) AddExposures(ctx context.Context, xs []*shopmind.Exposure) (int, error) {
	if s.AddExposuresFn == nil {
		missing("AddExposures")
	}
	return s.AddExposuresFn(ctx, xs)
}

// Exposures calls ExposuresFn.
func (s *ExperimentService) Exposures(ctx context.Context, f shopmind.ExposureFilter) ([]*shopmind.Exposure, string, error) {
	if s.ExposuresFn == nil {
		missing("Exposures")
	}
	return s.ExposuresFn(ctx, f)
}

// Experiments is a mock shopmind.Experiments (the A/B testing service).
// A nil function field panics when called.
type Experiments struct {
	CreateFn      func(ctx context.Context, e *shopmind.Experiment) error
	StartFn       func(ctx context.Context, id string) (*shopmind.Experiment, error)
	StopFn        func(ctx context.Context, id string) (*shopmind.Experiment, error)
	AssignFn      func(ctx context.Context, surface, userID string) (*shopmind.Assignment, error)
	LogExposureFn func(ctx context.Context, x *shopmind.Exposure) error
	ResultsFn     func(ctx context.Context, id string) (*shopmind.ExperimentResults, error)
}

func missingExp(method string) {
	panic("mock: Experiments." + method + " called but " + method + "Fn is nil")
}

// Create calls CreateFn.
func (m *Experiments) Create(ctx context.Context, e *shopmind.Experiment) error {
	if m.CreateFn == nil {
		missingExp("Create")
	}
	return m.CreateFn(ctx, e)
}

// Start calls StartFn.
func (m *Experiments) Start(ctx context.Context, id string) (*shopmind.Experiment, error) {
	if m.StartFn == nil {
		missingExp("Start")
	}
	return m.StartFn(ctx, id)
}

// Stop calls StopFn.
func (m *Experiments) Stop(ctx context.Context, id string) (*shopmind.Experiment, error) {
	if m.StopFn == nil {
		missingExp("Stop")
	}
	return m.StopFn(ctx, id)
}

// Assign calls AssignFn.
func (m *Experiments) Assign(ctx context.Context, surface, userID string) (*shopmind.Assignment, error) {
	if m.AssignFn == nil {
		missingExp("Assign")
	}
	return m.AssignFn(ctx, surface, userID)
}

// LogExposure calls LogExposureFn.
func (m *Experiments) LogExposure(ctx context.Context, x *shopmind.Exposure) error {
	if m.LogExposureFn == nil {
		missingExp("LogExposure")
	}
	return m.LogExposureFn(ctx, x)
}

// Results calls ResultsFn.
func (m *Experiments) Results(ctx context.Context, id string) (*shopmind.ExperimentResults, error) {
	if m.ResultsFn == nil {
		missingExp("Results")
	}
	return m.ResultsFn(ctx, id)
}
