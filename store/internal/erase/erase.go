// Package erase holds what both stores share to erase a user: the checks
// of the options and the renaming of session ids.
package erase

import (
	"fmt"

	"github.com/shopmind/shopmind"
)

// Check validates the erased id and the options (filling in defaults).
func Check(userID string, opt *shopmind.EraseOptions) error {
	if err := shopmind.ValidateID("id", userID); err != nil {
		return err
	}
	if err := opt.Validate(); err != nil {
		return err
	}
	if opt.Pseudonym == userID {
		return shopmind.FieldErrorf("pseudonym", "the pseudonym must differ from the erased id")
	}
	return nil
}

// PseudonymTaken is the error for a pseudonym that is a user's id.
func PseudonymTaken(pseudonym string) error {
	return &shopmind.Error{Code: shopmind.ECONFLICT, Field: "pseudonym", Message: fmt.Sprintf("a user with id %q exists; pick another pseudonym", pseudonym)}
}

// KeepsPseudonym reports whether an erasure kept anything under the
// pseudonym (orders; events or exposures when pseudonymising), so that the
// pseudonym must become an anonymous user without attributes.
func KeepsPseudonym(er *shopmind.Erasure) bool {
	return er.Orders > 0 || er.EventsMode == shopmind.EraseEventsPseudonymise && (er.Events > 0 || er.Exposures > 0)
}

// SessionMap renames one erased user's session ids: each distinct session
// gets "<pseudonym>-s<n>", so events of one session stay together without
// the shop's session id, which could lead back to the person.
type SessionMap struct {
	pseudonym string
	ids       map[string]string
}

// Sessions returns an empty SessionMap for pseudonym.
func Sessions(pseudonym string) *SessionMap {
	return &SessionMap{pseudonym: pseudonym, ids: map[string]string{}}
}

// Of returns the new id of session ("" stays "").
func (m *SessionMap) Of(session string) string {
	if session == "" {
		return ""
	}
	if id, ok := m.ids[session]; ok {
		return id
	}
	id := fmt.Sprintf("%s-s%d", m.pseudonym, len(m.ids)+1)
	m.ids[session] = id
	return id
}
