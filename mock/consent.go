package mock

import (
	"context"

	"github.com/shopmind/shopmind"
)

var _ shopmind.ConsentService = (*ConsentService)(nil)

// ConsentService is a mock shopmind.ConsentService. Store embeds it, so a
// mock Store's consent methods are set here (store.ConsentFn).
//
// A nil ConsentFn answers the zero Consent (the user refused nothing) and
// a nil OptedOutFn answers nobody: a store that never stored a consent
// behaves so, and most tests do not care.
type ConsentService struct {
	ConsentFn     func(ctx context.Context, userID string) (*shopmind.Consent, error)
	SetConsentsFn func(ctx context.Context, cs []*shopmind.Consent) error
	OptedOutFn    func(ctx context.Context, p shopmind.ConsentPurpose) ([]string, error)
}

// Consent calls ConsentFn, or answers the zero Consent.
func (s *ConsentService) Consent(ctx context.Context, userID string) (*shopmind.Consent, error) {
	if s.ConsentFn == nil {
		return &shopmind.Consent{UserID: userID}, nil
	}
	return s.ConsentFn(ctx, userID)
}

// SetConsents calls SetConsentsFn.
func (s *ConsentService) SetConsents(ctx context.Context, cs []*shopmind.Consent) error {
	if s.SetConsentsFn == nil {
		missing("SetConsents")
	}
	return s.SetConsentsFn(ctx, cs)
}

// OptedOut calls OptedOutFn, or answers nobody.
func (s *ConsentService) OptedOut(ctx context.Context, p shopmind.ConsentPurpose) ([]string, error) {
	if s.OptedOutFn == nil {
		return nil, nil
	}
	return s.OptedOutFn(ctx, p)
}
