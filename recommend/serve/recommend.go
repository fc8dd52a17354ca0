package serve

import "github.com/shopmind/shopmind/recommend"

// The names of package recommend the service files use, as they were
// named when the service lived in it.
type (
	Weights     = recommend.Weights
	Exclusion   = recommend.Exclusion
	Interaction = recommend.Interaction
	Model       = recommend.Model
	Dataset     = recommend.Dataset
	Progress    = recommend.Progress
	Scored      = recommend.Scored
	Holdout     = recommend.Holdout
	EvalOptions = recommend.EvalOptions
	Metrics     = recommend.Metrics

	serving     = recommend.Serving
	artifact    = recommend.Artifact
	pairKey     = recommend.PairKey
	pairAgg     = recommend.PairAgg
	userHistory = recommend.UserHistory
	explanation = recommend.Explanation
)

const DefaultTrendWindow = recommend.DefaultTrendWindow

var (
	DefaultExclusion    = recommend.DefaultExclusion
	DefaultWeights      = recommend.DefaultWeights
	Evaluate            = recommend.Evaluate
	EvaluateGroups      = recommend.EvaluateGroups
	FromEvents          = recommend.FromEvents
	Grid                = recommend.Grid
	LoadBundle          = recommend.LoadBundle
	Names               = recommend.Names
	New                 = recommend.New
	NewBundle           = recommend.NewBundle
	NewDataset          = recommend.NewDataset
	SplitByUser         = recommend.SplitByUser
	TopN                = recommend.TopN
	Tune                = recommend.Tune
	UserMetrics         = recommend.UserMetrics
	ActivityGroups      = recommend.ActivityGroups
	GroupMetricKey      = recommend.GroupMetricKey
	buildTrainedHistory = recommend.BuildTrainedHistory
	newUserHistory      = recommend.NewUserHistory
	newEvalServing      = recommend.NewEvalServing
	newServingOf        = recommend.NewServing
)
