package assistant

import (
	"context"
	"crypto/sha256"
	"crypto/subtle"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/shopmind/shopmind"
)

// SlotProof is what a shopper who is not signed in is asked for before an
// order is read or changed: the e-mail address or the postcode on it.
const SlotProof = "order_proof"

// PersonalData looks up a user's personal data (e-mail, address);
// shopmind.UserService implements it. It returns ENOTFOUND when the user
// has none.
type PersonalData interface {
	UserPersonal(ctx context.Context, userID string) (*shopmind.UserPersonal, error)
}

// ProofLimit bounds failed proofs of ownership: after MaxFailures failed
// proofs within Window, by one conversation or for one order number, every
// proof is refused for Lockout.
type ProofLimit struct {
	MaxFailures int           // failed proofs allowed; 0 means 5
	Window      time.Duration // failures older than this are forgotten; 0 means 15 minutes
	Lockout     time.Duration // how long proofs are refused once locked; 0 means 15 minutes
}

// DefaultProofLimit returns the limit used when Engine.ProofLimit is zero:
// 5 failures within 15 minutes lock for 15 minutes.
func DefaultProofLimit() ProofLimit {
	return ProofLimit{MaxFailures: 5, Window: 15 * time.Minute, Lockout: 15 * time.Minute}
}

func (l ProofLimit) withDefaults() ProofLimit {
	d := DefaultProofLimit()
	if l.MaxFailures <= 0 {
		l.MaxFailures = d.MaxFailures
	}
	if l.Window <= 0 {
		l.Window = d.Window
	}
	if l.Lockout <= 0 {
		l.Lockout = d.Lockout
	}
	return l
}

// Attempts counts failed proofs of one key (a conversation or an order).
type Attempts struct {
	Fails       int       `json:"fails,omitempty"`
	Since       time.Time `json:"since"`        // first failure counted
	LockedUntil time.Time `json:"locked_until"` // proofs are refused until then
}

func (a *Attempts) locked(now time.Time) bool { return a != nil && now.Before(a.LockedUntil) }

// fail counts a failure at now and reports whether it locked.
func (a *Attempts) fail(now time.Time, l ProofLimit) bool {
	if a.Fails == 0 || now.Sub(a.Since) > l.Window {
		a.Fails, a.Since = 0, now
	}
	a.Fails++
	if a.Fails >= l.MaxFailures {
		a.Fails, a.LockedUntil = 0, now.Add(l.Lockout)
		return true
	}
	return false
}

// AttemptLog counts failed proofs per order number across conversations,
// so that starting new conversations does not reset the limit. It lives in
// memory (one per server process); the zero value is ready and it is safe
// for concurrent use.
type AttemptLog struct {
	mu sync.Mutex
	m  map[string]*Attempts
}

// maxLogged is the number of order numbers remembered before expired
// entries are dropped.
const maxLogged = 10000

func (l *AttemptLog) locked(key string, now time.Time) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.m[key].locked(now)
}

func (l *AttemptLog) fail(key string, now time.Time, lim ProofLimit) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.m == nil {
		l.m = map[string]*Attempts{}
	}
	if len(l.m) >= maxLogged {
		for k, a := range l.m {
			if !a.locked(now) && now.Sub(a.Since) > lim.Window {
				delete(l.m, k)
			}
		}
	}
	a := l.m[key]
	if a == nil {
		a = &Attempts{}
		l.m[key] = a
	}
	return a.fail(now, lim)
}

// needsProof reports whether the conversation must prove it owns order id
// before seeing it: it is anonymous and has not proved it yet.
func (t *turn) needsProof(id string) bool {
	if t.userID != "" {
		return false
	}
	key := orderKey(id)
	for _, v := range t.st.Verified {
		if v == key {
			return false
		}
	}
	return true
}

func orderKey(id string) string { return strings.ToUpper(strings.TrimSpace(id)) }

// proofLocked reports whether proofs for order id are refused now, for
// this conversation or for the order.
func (t *turn) proofLocked(id string) bool {
	now := t.e.now()
	return t.st.Proof.locked(now) || t.e.OrderAttempts != nil && t.e.OrderAttempts.locked(orderKey(id), now)
}

// prove asks an anonymous shopper to prove that order id is theirs, checks
// the proof the message gives, and reports whether the flow may go on with
// the order. Every failure gets the same reply, whether the order exists
// or not.
func (t *turn) prove(f *Flow, sl SlotSpec, id string) (bool, error) {
	if !t.needsProof(id) {
		return true, nil
	}
	if t.proofLocked(id) {
		t.lockedOut()
		return false, nil
	}
	email, postcodes := t.proofGiven()
	if email == "" && len(postcodes) == 0 {
		if t.st.Form.Asked == SlotProof && !t.resumed && t.found[SlotOrderID] == "" {
			t.say("need_answer", nil)
		}
		t.askProof(f, id)
		return false, nil
	}
	ok, err := t.checkProof(id, email, postcodes)
	if err != nil {
		return false, err
	}
	if !ok {
		lim := t.e.ProofLimit.withDefaults()
		now := t.e.now()
		if t.st.Proof == nil {
			t.st.Proof = &Attempts{}
		}
		locked := t.st.Proof.fail(now, lim)
		if t.e.OrderAttempts != nil && t.e.OrderAttempts.fail(orderKey(id), now, lim) {
			locked = true
		}
		t.act(shopmind.Action{Type: "order_proof_failed"})
		if locked {
			t.lockedOut()
			return false, nil
		}
		t.say("order_proof_failed", nil)
		t.askProof(f, id)
		return false, nil
	}
	t.st.Verified = append(t.st.Verified, orderKey(id))
	t.act(shopmind.Action{Type: "order_proof_ok", OrderID: id})
	// Now that the order may be seen, check it as a signed-in owner's.
	valid, err := t.checkOrder(f, id)
	if err != nil || valid {
		return valid, err
	}
	delete(t.st.Slots, SlotOrderID)
	if t.st.Form != nil {
		return false, t.ask(f, sl)
	}
	return false, nil
}

// lockedOut refuses the proof. The form stays on the question, so that
// further answers are refused too, until the shopper changes the subject.
func (t *turn) lockedOut() {
	t.say("order_proof_locked", nil)
	t.act(shopmind.Action{Type: "order_proof_locked"})
	if t.st.Form != nil {
		t.st.Form.Asked = SlotProof
	}
}

func (t *turn) askProof(f *Flow, id string) {
	if t.st.Form.Asked != SlotProof {
		t.st.Form.Tries = 0
	}
	t.st.Form.Asked = SlotProof
	key := "order_proof_ask"
	if t.e.Script.has(key + "_" + f.Action) {
		key += "_" + f.Action // "before I cancel anything"
	}
	t.say(key, map[string]string{"order_id": id})
	t.act(shopmind.Action{Type: "ask", Data: map[string]string{"slot": SlotProof, "flow": f.Name}})
}

// proofGiven returns the e-mail address or the postcode (at most one
// candidate) of the message. A postcode is read only when it was asked
// for, so that an order number or a price is not taken for one.
func (t *turn) proofGiven() (email string, postcodes []string) {
	if e := t.found[SlotEmail]; e != "" {
		return normEmail(e), nil
	}
	if t.st.Form == nil || t.st.Form.Asked != SlotProof {
		return "", nil
	}
	text := t.text
	if id := t.found[SlotOrderID]; id != "" {
		text = strings.ReplaceAll(strings.ToUpper(text), strings.ToUpper(id), " ")
	}
	return "", messagePostcodes(text)
}

// checkProof compares the proof with the e-mail and postcode of the
// order's user in constant time. A missing order, user or personal record
// is compared with a value nothing matches, so the work done does not say
// which it was.
func (t *turn) checkProof(id, email string, postcodes []string) (bool, error) {
	var p *shopmind.UserPersonal
	if t.e.Orders != nil && t.e.Personal != nil {
		o, err := t.e.Orders.Order(t.ctx, id)
		if err != nil && shopmind.ErrorCode(err) != shopmind.ENOTFOUND {
			return false, fmt.Errorf("order %s: %w", id, err)
		}
		if err == nil {
			p, err = t.e.Personal.UserPersonal(t.ctx, o.UserID)
			if err != nil && shopmind.ErrorCode(err) != shopmind.ENOTFOUND {
				return false, fmt.Errorf("order %s: personal data: %w", id, err)
			}
		}
	}
	var wantEmail string
	var wantPostcodes []string
	if p != nil {
		wantEmail = normEmail(p.Email)
		wantPostcodes = addressPostcodes(p.Address)
	}
	match := 0
	if email != "" {
		match |= equalSecret(email, wantEmail)
	}
	if len(wantPostcodes) == 0 {
		wantPostcodes = []string{""}
	}
	for _, got := range postcodes {
		for _, want := range wantPostcodes {
			match |= equalSecret(got, want)
		}
	}
	return match == 1, nil
}

// equalSecret compares two normalised values in constant time; an empty
// want matches nothing. Hashing first makes the time independent of the
// lengths too.
func equalSecret(got, want string) int {
	a, b := sha256.Sum256([]byte(got)), sha256.Sum256([]byte(want))
	eq := subtle.ConstantTimeCompare(a[:], b[:])
	nonEmpty := subtle.ConstantTimeEq(int32(min(len(want), 1)), 1) & subtle.ConstantTimeEq(int32(min(len(got), 1)), 1)
	return eq & nonEmpty
}

// normEmail trims and lower-cases an e-mail address.
func normEmail(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

// postcodeTokens splits text into runs of ASCII letters, digits and
// hyphens, upper-cased: "邮编200120" gives "200120".
func postcodeTokens(text string) []string {
	return strings.FieldsFunc(strings.ToUpper(text), func(r rune) bool {
		return !(r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-')
	})
}

// messagePostcodes reads the postcode a shopper typed ("SW1A 2AA",
// "邮编200120"): the last candidate of the message only, so that one
// message cannot try several postcodes.
func messagePostcodes(text string) []string {
	c := postcodeCandidates(text)
	if len(c) > 1 {
		c = c[len(c)-1:]
	}
	return c
}

// addressPostcodes returns what may be the postcode in a free-text
// address. The first comma-separated part of an address with several is
// the street line, whose house number is no postcode.
func addressPostcodes(address string) []string {
	parts := strings.FieldsFunc(address, func(r rune) bool { return r == ',' || r == '，' || r == '\n' })
	if len(parts) > 1 {
		parts = parts[1:]
	}
	var out []string
	for _, part := range parts {
		out = append(out, postcodeCandidates(part)...)
	}
	return out
}

// postcodeCandidates returns the postcode-like tokens of text, normalised:
// two adjacent tokens of 5 to 8 characters in all where the first has a
// digit and the second a digit or at most 3 letters ("SW1A 2AA",
// "1012 AB"), else a token with a digit of 4 to 10 characters ("75001",
// "200120"). A pair is one candidate, so "SW1A" alone matches nothing.
func postcodeCandidates(text string) []string {
	toks := postcodeTokens(text)
	var out []string
	for i := 0; i < len(toks); i++ {
		tok := toks[i]
		if !containsDigit(tok) {
			continue
		}
		if i+1 < len(toks) {
			next := toks[i+1]
			if pair := tok + next; len(pair) >= 5 && len(pair) <= 8 && (containsDigit(next) || len(next) <= 3) {
				out = append(out, pair)
				i++
				continue
			}
		}
		if len(tok) >= 4 && len(tok) <= 10 {
			out = append(out, tok)
		}
	}
	return out
}
