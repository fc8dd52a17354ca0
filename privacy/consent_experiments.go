package privacy

import (
	"context"

	"github.com/shopmind/shopmind"
)

// ConsentExperiments answers for Next, except that a user who refuses
// personalisation (shopmind.Consent.NoPersonalisation) is in no arm of any
// experiment: Assign returns nil for them, as the recommendation routes
// serve them the default, unpersonalised list (ConsentRecommender). A
// client that serves its own results asks GET /v1/assignment and so treats
// them like a visitor outside the experiment.
type ConsentExperiments struct {
	shopmind.Experiments
	Consents shopmind.RefusalChecker // see ConsentRecommender for how current it is
}

var _ shopmind.Experiments = (*ConsentExperiments)(nil)

// Assign implements shopmind.Experiments.
func (c *ConsentExperiments) Assign(ctx context.Context, surface, userID string) (*shopmind.Assignment, error) {
	if userID != "" {
		no, err := c.Consents.RefusesPersonalisation(ctx, userID)
		if err != nil {
			return nil, err
		}
		if no {
			// Still validate the request as Next would, so bad input gets the
			// same answer for every user.
			if _, err := c.Experiments.Assign(ctx, surface, userID); err != nil {
				return nil, err
			}
			return nil, nil
		}
	}
	return c.Experiments.Assign(ctx, surface, userID)
}

// LogExposure implements shopmind.Experiments: an exposure of a user who
// refuses personalisation is refused (EINVALID naming user_id), since that
// user is in no arm and counting them would mix unpersonalised lists into
// a variant's results.
func (c *ConsentExperiments) LogExposure(ctx context.Context, x *shopmind.Exposure) error {
	if x != nil && x.UserID != "" {
		if err := shopmind.ValidateID("user_id", x.UserID); err != nil {
			return err
		}
		no, err := c.Consents.RefusesPersonalisation(ctx, x.UserID)
		if err != nil {
			return err
		}
		if no {
			return shopmind.FieldErrorf("user_id", "user %q refuses personalisation and is in no experiment's arm", x.UserID)
		}
	}
	return c.Experiments.LogExposure(ctx, x)
}
