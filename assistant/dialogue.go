package assistant

import (
	"context"
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
	"time"
	"unicode"

	"github.com/shopmind/shopmind"
)

// IntentClassifier labels a message; *Classifier implements it.
type IntentClassifier interface {
	Classify(text string) (intent string, confidence float64)
}

// State is one conversation's dialogue state, kept between turns.
type State struct {
	Lang  string            `json:"lang,omitempty"`
	Slots map[string]string `json:"slots,omitempty"` // everything the shopper told us that is still relevant
	// Form is the flow being filled; Suspended are flows interrupted by a
	// change of topic, resumed (last first) when the new topic is done.
	Form      *FormState  `json:"form,omitempty"`
	Suspended []FormState `json:"suspended,omitempty"`
	LastFlow  string      `json:"last_flow,omitempty"`
	// Shown are the items of the last list shown ("the second one"),
	// LastQuery the catalog query that found them ("and in red?"), Focus
	// the item being talked about ("how much is it?").
	Shown []string `json:"shown,omitempty"`
	// ShownFrom is the number the first of Shown was listed with, when
	// not 1: "show me more" numbers its page on from the last (4., 5.,
	// 6.), and "the fifth one" is the fifth listed.
	ShownFrom int               `json:"shown_from,omitempty"`
	LastQuery map[string]string `json:"last_query,omitempty"`
	Focus     string            `json:"focus,omitempty"`
	// Browsed are the items of LastQuery shown so far, in order: "show me
	// more" shows the next ones, never one of these again.
	Browsed []string `json:"browsed,omitempty"`
	// Band is the price band of the last "cheaper" or "more expensive"
	// move within LastQuery, which "show me more" keeps; nil is none.
	Band *PriceBand `json:"band,omitempty"`
	// Failures counts consecutive turns the assistant did not understand.
	Failures int `json:"failures,omitempty"`
	// Verified are the order numbers (upper-cased) an anonymous
	// conversation proved are the shopper's; Proof counts its failed
	// proofs.
	Verified []string  `json:"verified,omitempty"`
	Proof    *Attempts `json:"proof,omitempty"`
}

// FormState is a flow in progress.
type FormState struct {
	Flow  string `json:"flow"`
	Asked string `json:"asked,omitempty"` // the slot last asked for
	Tries int    `json:"tries,omitempty"` // invalid answers to it so far
}

// DecodeState reads a stored state; empty input is a new conversation.
func DecodeState(b []byte) (*State, error) {
	st := &State{}
	if len(b) == 0 {
		return st, nil
	}
	if err := json.Unmarshal(b, st); err != nil {
		return nil, fmt.Errorf("decode dialogue state: %w", err)
	}
	return st, nil
}

// Encode returns the state as JSON.
func (st *State) Encode() []byte {
	b, _ := json.Marshal(st) // a State always marshals
	return b
}

// Engine decides the assistant's answer to each message.
type Engine struct {
	Intents     IntentClassifier
	Script      *Script
	FAQ         *FAQ                  // may be nil
	Catalog     func() *Catalog       // the current catalog; may return nil
	OrderFormat func() *OrderFormat   // the shop's order numbering; may be or return nil
	Orders      shopmind.OrderService // may be nil: order flows hand off
	// Personal holds the e-mail and address an anonymous shopper proves
	// an order with; nil means no proof succeeds (Service sets its store).
	Personal PersonalData
	// OrderAttempts counts failed proofs per order number across
	// conversations; nil counts per conversation only (Service sets one).
	OrderAttempts *AttemptLog
	// ProofLimit bounds failed proofs; zero fields take DefaultProofLimit's.
	ProofLimit  ProofLimit
	Recommender shopmind.Recommender // may be nil: guided shopping uses the catalog
	Now         func() time.Time

	// SwitchConfidence is how confident a different intent must be to
	// interrupt an open form (a change of topic); 0 means 0.6.
	SwitchConfidence float64
	// FAQConfidence is the least FAQ match confidence answered; 0 means 0.5.
	FAQConfidence float64
	// MaxFailures consecutive misunderstood turns hand off; 0 means 2.
	MaxFailures int
	// MaxTries invalid answers to one slot hand off; 0 means 3.
	MaxTries int
}

func (e *Engine) now() time.Time {
	if e.Now != nil {
		return e.Now()
	}
	return time.Now()
}

func (e *Engine) orderFormat() *OrderFormat {
	if e.OrderFormat == nil {
		return nil
	}
	return e.OrderFormat()
}

func (e *Engine) catalog() *Catalog {
	if e.Catalog == nil {
		return nil
	}
	return e.Catalog()
}

func orDefault(v, d float64) float64 {
	if v <= 0 {
		return d
	}
	return v
}

// turn is the work of one Respond call.
type turn struct {
	e      *Engine
	ctx    context.Context
	st     *State
	lang   string
	userID string
	text   string
	lower  string
	found  map[string]string

	intent     string
	confidence float64
	parts      []string
	actions    []shopmind.Action
	handoff    string          // reason, when the turn hands off
	rejected   map[string]bool // slots whose value failed validation
	resumed    bool            // a suspended form is being resumed
}

func (t *turn) say(key string, vars map[string]string) {
	t.parts = append(t.parts, t.e.Script.say(key, t.lang, vars))
}

func (t *turn) act(a shopmind.Action) { t.actions = append(t.actions, a) }

// Language returns "zh" when text has Chinese characters, else "en".
func Language(text string) string {
	for _, r := range text {
		if unicode.Is(unicode.Han, r) {
			return "zh"
		}
	}
	return "en"
}

// Respond answers one shopper message, updating st. userID, when set, is
// the shopper: orders of other users are not disclosed. The Turn's Status
// is ConversationHandoff when the conversation should go to a person.
func (e *Engine) Respond(ctx context.Context, st *State, userID, text string) (*shopmind.Turn, error) {
	if st.Slots == nil {
		st.Slots = map[string]string{}
	}
	t := &turn{e: e, ctx: ctx, st: st, userID: userID, text: text, lower: strings.ToLower(text), lang: Language(text)}
	if t.lang == "en" && st.Lang != "" && len(alphaWords(reEmail.ReplaceAllString(t.lower, ""))) < 2 {
		t.lang = st.Lang // "A-1001", "ok" or an e-mail address keeps the conversation's language
	}
	st.Lang = t.lang
	x := Extractor{Catalog: e.catalog(), Orders: e.orderFormat(), Now: e.Now}
	t.found = x.Extract(text)
	t.intent, t.confidence = e.Intents.Classify(text)
	if err := t.route(); err != nil {
		return nil, err
	}
	if t.handoff == "" && st.Form == nil && len(st.Suspended) > 0 && t.intent != "thanks" {
		last := st.Suspended[len(st.Suspended)-1]
		st.Suspended = st.Suspended[:len(st.Suspended)-1]
		if f := e.Script.flowByName(last.Flow); f != nil {
			t.say("resume", nil)
			t.resumed = true
			st.Form = &last
			if err := t.fill(f); err != nil {
				return nil, err
			}
		}
	}
	status := shopmind.ConversationOpen
	if t.handoff != "" {
		status = shopmind.ConversationHandoff
		t.act(shopmind.Action{Type: "handoff", Data: map[string]string{"reason": t.handoff}})
	}
	slots := map[string]string{}
	for k, v := range t.found {
		if k != SlotYesNo && k != SlotOrdinal {
			slots[k] = v
		}
	}
	if t.intent == "product_search" {
		for k, v := range st.LastQuery {
			slots[k] = v
		}
	}
	for k, v := range st.Slots {
		slots[k] = v
	}
	for k := range t.rejected {
		delete(slots, k)
	}
	return &shopmind.Turn{
		Reply: strings.Join(t.parts, " "), Intent: t.intent, Confidence: t.confidence,
		Slots: slots, Actions: t.actions, Status: status,
	}, nil
}

// route picks what the message is about, in order: an answer to the open
// form, a reference to what was shown, a hand-off, a flow, a simple reply.
func (t *turn) route() error {
	st, e := t.st, t.e
	switchAt := orDefault(e.SwitchConfidence, 0.6)
	confident := t.intent != OutOfScope && t.confidence >= switchAt

	// An explicit request for a person or a complaint goes to a person
	// whatever else the message says or the form asked for.
	// An e-mail address is no complaint, whatever words it is made of.
	if reason := handoffTrigger(reEmail.ReplaceAllString(t.lower, " "), t.found[SlotOrderID] != ""); reason != "" {
		st.Failures = 0
		if st.Form != nil && len(st.Suspended) < 3 {
			st.Suspended = append(st.Suspended, *st.Form)
		}
		st.Form = nil
		t.handoff = reason
		if reason == ReasonComplaint {
			t.intent, t.confidence = "complaint", 1
			t.say("handoff_complaint", nil)
		} else {
			t.intent, t.confidence = "human", 1
			t.say("handoff", nil)
		}
		return nil
	}

	if st.Form != nil && t.browsesAwayFromForm() {
		// "show me more" while an order question waits: park it, browse,
		// and come back to it.
		if len(st.Suspended) < 3 {
			st.Suspended = append(st.Suspended, *st.Form)
		}
		st.Form = nil
	}
	if st.Form != nil {
		f := e.Script.flowByName(st.Form.Flow)
		if f == nil {
			st.Form = nil
		} else if g := t.switchesOrderFlow(f, confident); g != nil {
			// "cancel it" while the status question waits for the proof:
			// the same order, another flow, behind the same proof.
			t.intent, t.confidence = g.Intent, 1
			st.Failures = 0
			st.Form = &FormState{Flow: g.Name}
			return t.fill(g)
		} else if t.answersProof() || t.answersForm(f) && !(confident && t.intent != f.Intent && (t.interrupts() || t.restatesOrder())) ||
			(!confident || t.terse()) && t.found[SlotOrdinal] == "" && t.found[SlotProduct] == "" {
			t.intent, t.confidence = f.Intent, 1
			st.Failures = 0
			return t.fill(f)
		} else if confident && t.intent != f.Intent {
			// A change of topic: park the form and come back to it, unless
			// the message is a new request about the form's own order
			// ("where is A-1002?" then "cancel order A-1002"), which
			// replaces it.
			if len(st.Suspended) < 3 && !t.restatesOrder() {
				st.Suspended = append(st.Suspended, *st.Form)
			}
			st.Form = nil
		}
	}
	if t.browses(confident) {
		// "anything cheaper?", "show me more", 还有吗: within the last search.
		st.Failures = 0
		t.browse()
		return nil
	}
	if st.Form == nil && t.acknowledges() {
		// "yes", "ok", 好的 with no question open: nothing to do, and no
		// failure to understand, nor a word to look up in the FAQ (two of those hand the shopper to a person).
		t.intent, t.confidence = "acknowledgement", 1
		st.Failures = 0
		t.say("acknowledged", nil)
		return nil
	}
	if !confident || t.intent == "product_question" || t.intent == "product_search" || t.followUp() {
		if handled := t.contextual(); handled {
			st.Failures = 0
			return nil
		}
	}
	if !confident && t.found[SlotOrderID] == "" && st.LastFlow != "" && t.followUp() && !t.namesCatalog() &&
		t.found[SlotSize] == "" && t.found[SlotColor] == "" {
		// "what about 102?" in a shop numbering its orders 101, 102...
		for _, w := range strings.Fields(t.text) {
			if id := e.orderFormat().Exact(strings.Trim(w, "?？,，。.!")); id != "" {
				t.found[SlotOrderID] = id
				break
			}
		}
	}
	if !confident && t.found[SlotOrderID] != "" && st.LastFlow != "" {
		// "what about A-1003?" after an order question: same flow, new order.
		if lf := e.Script.flowByName(st.LastFlow); lf != nil && hasSlot(lf, SlotOrderID) {
			t.intent, t.confidence = lf.Intent, 1
			st.Slots[SlotOrderID] = t.found[SlotOrderID]
			st.Form = &FormState{Flow: lf.Name}
			return t.fill(lf)
		}
	}
	if (!confident || t.intent == OutOfScope) && t.namesCatalog() {
		// "do you have Nike?", "有外套吗": a brand or product type the
		// classifier was unsure about is a search.
		t.intent = "product_search"
		st.Failures = 0
		return t.search()
	}
	if !confident && t.answerFAQWith(0.75) {
		if t.intent == OutOfScope || t.intent == "" {
			t.intent = "faq"
		}
		st.Failures = 0
		return nil
	}
	if t.intent == OutOfScope {
		return t.misunderstood()
	}
	st.Failures = 0
	switch t.intent {
	case "human":
		t.handoff = ReasonAskedForPerson
		t.say("handoff", nil)
		return nil
	case "complaint":
		t.handoff = ReasonComplaint
		t.say("handoff_complaint", nil)
		return nil
	case "greeting", "thanks":
		t.say(t.intent, nil)
		return nil
	case "product_search":
		return t.search()
	case "product_question":
		return t.question()
	}
	if f := e.Script.flow(t.intent); f != nil {
		if f.FAQFirst && t.found[SlotOrderID] == "" && t.answerFAQ() {
			return nil
		}
		if t.st.Form == nil || t.st.Form.Flow != f.Name {
			t.st.Form = &FormState{Flow: f.Name}
		}
		return t.fill(f)
	}
	if t.answerFAQ() {
		return nil
	}
	if t.namesCatalog() {
		t.intent = "product_search"
		return t.search()
	}
	t.say("faq_fallback", nil)
	return nil
}

// namesCatalog reports a message naming a brand, product type or product
// and no order.
func (t *turn) namesCatalog() bool {
	return t.found[SlotOrderID] == "" && (t.found[SlotBrand] != "" || t.found[SlotType] != "" || t.found[SlotProduct] != "")
}

// interrupts reports whether a confident different intent should win over
// a value that fits the open form (a question rather than an answer).
func (t *turn) interrupts() bool {
	text := t.text
	if id := t.found[SlotOrderID]; id != "" {
		// "订单O000002" answering "which order?" is short: the number is
		// the answer, not words of a new request.
		text = strings.ReplaceAll(text, id, "#")
	}
	return strings.ContainsAny(text, "?？") || len(words(strings.ToLower(text))) > 4 || Language(text) == "zh" && len([]rune(text)) > 6
}

// restatesOrder reports a message naming the order the open form is
// already about, when the form is not asking for an order number: it adds
// nothing to the form, so it is a request of its own ("cancel order
// A-1002" while the status question waits for a proof).
func (t *turn) restatesOrder() bool {
	id := t.found[SlotOrderID]
	return id != "" && t.st.Form != nil && t.st.Form.Asked != SlotOrderID && strings.EqualFold(id, t.st.Slots[SlotOrderID])
}

// switchesOrderFlow returns the flow of a confident request about the
// open form's own order in another order flow ("cancel it", 取消订单 while
// the status question waits for the e-mail or postcode), or nil. It takes
// over the form, order number and all, so the order is still proved
// before anything is read or changed.
func (t *turn) switchesOrderFlow(f *Flow, confident bool) *Flow {
	st := t.st
	if !confident || t.intent == f.Intent || st.Form.Asked != SlotProof || st.Slots[SlotOrderID] == "" || t.answersProof() {
		return nil
	}
	if id := t.found[SlotOrderID]; id != "" && !strings.EqualFold(id, st.Slots[SlotOrderID]) {
		return nil
	}
	g := t.e.Script.flow(t.intent)
	if g == nil || !hasSlot(g, SlotOrderID) || !hasSlot(f, SlotOrderID) {
		return nil
	}
	return g
}

// acknowledges reports a bare "yes", "no", "ok", 好的 or 嗯: a short
// reply that is no request.
func (t *turn) acknowledges() bool {
	text := strings.TrimSpace(t.text)
	if Language(text) == "zh" {
		return len([]rune(text)) <= 4 && (t.found[SlotYesNo] != "" || reAckZH.MatchString(text))
	}
	return t.found[SlotYesNo] != "" && len(words(t.lower)) <= 2 && !strings.ContainsAny(text, "?")
}

var reAckZH = regexp.MustCompile(`^(嗯+|哦+|噢+|好吧|行吧?|知道了|明白了?)[。！!～~]*$`)

// terse reports a short reply that is no question and asks for nothing
// else (a person, a complaint, a greeting): while a form is open it is read
// as an answer to the form, however the classifier labels it.
func (t *turn) terse() bool {
	switch t.intent {
	case "human", "complaint", "greeting", "thanks":
		return false
	}
	text := strings.TrimSpace(t.text)
	if strings.ContainsAny(text, "?？吗呢") {
		return false
	}
	if Language(text) == "zh" {
		return len([]rune(text)) <= 4
	}
	return len(words(t.lower)) <= 2 && len([]rune(text)) <= 12
}

// answersProof reports a message giving the e-mail address or postcode
// the form asked for, and no other order number.
func (t *turn) answersProof() bool {
	if t.st.Form == nil || t.st.Form.Asked != SlotProof || t.found[SlotOrderID] != "" {
		return false
	}
	email, postcodes := t.proofGiven()
	return email != "" || len(postcodes) > 0
}

// answersForm reports whether the message gives the slot the form asked
// for, or corrects one it already has.
func (t *turn) answersForm(f *Flow) bool {
	asked := t.st.Form.Asked
	for _, sl := range f.Slots {
		if _, ok := t.found[sl.Name]; ok && (sl.Name == asked || sl.Type != "yes_no") {
			return true
		}
	}
	switch asked {
	case SlotMaxPrice:
		return anyValue(t.lower) || bareNumber(t.lower) != ""
	case SlotOrderID:
		return len(strings.Fields(t.text)) == 1 && containsDigit(t.text)
	}
	return false
}

// alphaWords returns the words of lower made of letters only.
func alphaWords(lower string) []string {
	var out []string
	for _, w := range words(lower) {
		if !containsDigit(w) {
			out = append(out, w)
		}
	}
	return out
}

// misunderstood answers an out-of-scope or unconfident message: a
// clarifying question, and a hand-off after MaxFailures in a row.
func (t *turn) misunderstood() error {
	t.st.Failures++
	max := t.e.MaxFailures
	if max <= 0 {
		max = 2
	}
	if t.st.Failures >= max {
		t.handoff = ReasonRepeatedFailure
		if t.confidence > 0 && t.confidence < 1 {
			t.handoff = ReasonLowConfidence
		}
		t.say("handoff", nil)
		t.st.Failures = 0
		return nil
	}
	t.say("clarify", nil)
	return nil
}

// answerFAQ answers from the FAQ when a match is confident enough.
func (t *turn) answerFAQ() bool {
	return t.answerFAQWith(orDefault(t.e.FAQConfidence, 0.5))
}

// answerFAQWith answers from the FAQ when the best match has at least the
// given confidence.
func (t *turn) answerFAQWith(min float64) bool {
	if t.e.FAQ == nil {
		return false
	}
	ms := t.e.FAQ.Search(t.text, t.lang, 1)
	if len(ms) == 0 || ms[0].Confidence < min {
		return false
	}
	t.parts = append(t.parts, ms[0].Entry.Answer)
	t.act(shopmind.Action{Type: "faq", Data: map[string]string{"id": ms[0].Entry.ID}})
	return true
}

// fill merges the message's slots into the form, validates them, asks for
// the first missing one, and runs the flow's action once all are there.
func (t *turn) fill(f *Flow) error {
	st := t.st
	form := st.Form
	corrected := false
	for _, sl := range f.Slots {
		if v, ok := t.found[sl.Name]; ok && sl.Type != "yes_no" && st.Slots[sl.Name] != "" && st.Slots[sl.Name] != v {
			corrected = true // "no, I meant A-1005" corrects, it does not answer no
		}
	}
	for _, sl := range f.Slots {
		v, ok := t.found[sl.Name]
		if sl.Type == "yes_no" && (form.Asked != sl.Name || corrected) {
			ok = false // a "yes" only confirms what was asked
		}
		if ok {
			st.Slots[sl.Name] = v
		}
	}
	switch form.Asked {
	case SlotMaxPrice:
		if _, ok := t.found[SlotMaxPrice]; !ok {
			if anyValue(t.lower) {
				st.Slots[SlotMaxPrice] = "any"
			} else if n := bareNumber(t.lower); n != "" {
				st.Slots[SlotMaxPrice] = n
			}
		}
	case SlotOrderID:
		if _, ok := t.found[SlotOrderID]; !ok {
			if id := t.e.orderFormat().Bare(t.text); id != "" {
				st.Slots[SlotOrderID] = id
			}
		}
	}
	// Guided shopping keeps the catalog constraints the shopper mentions.
	if f.Action == "recommend" {
		for _, k := range []string{SlotBrand, SlotType, SlotColor, SlotSize, SlotMinPrice} {
			if v, ok := t.found[k]; ok {
				st.Slots[k] = v
			}
		}
	}
	for _, sl := range f.Slots {
		v, ok := st.Slots[sl.Name]
		if !ok {
			if form.Asked == sl.Name && !t.resumed {
				// The answer did not give what was asked.
				if t.failedAnswer(f, sl) {
					return nil
				}
			}
			return t.ask(f, sl)
		}
		valid, err := t.validate(f, sl, v)
		if err != nil {
			return err
		}
		if !valid {
			delete(st.Slots, sl.Name)
			if t.rejected == nil {
				t.rejected = map[string]bool{}
			}
			t.rejected[sl.Name] = true
			if st.Form == nil {
				return nil // the check ended the flow
			}
			if t.tooManyTries() {
				return nil
			}
			return t.ask(f, sl)
		}
		if sl.Type == "order_id" {
			// An anonymous shopper proves the order is theirs first.
			if ok, err := t.prove(f, sl, v); !ok {
				return err
			}
		}
	}
	st.Form = nil
	st.LastFlow = f.Name
	err := t.run(f)
	for _, sl := range f.Slots {
		if sl.Clear {
			delete(st.Slots, sl.Name)
		}
	}
	return err
}

// failedAnswer explains that a reply to a question did not answer it; it
// reports whether the form gave up (hand-off).
func (t *turn) failedAnswer(f *Flow, sl SlotSpec) bool {
	switch sl.Type {
	case "order_id":
		if id := t.e.orderFormat().Bare(t.text); id != "" || len(strings.Fields(t.text)) == 1 && containsDigit(t.text) {
			t.say("order_not_found", map[string]string{"order_id": strings.TrimSpace(t.text)})
		} else {
			t.say("need_answer", nil)
		}
	case "price":
		t.say("bad_price", nil)
	case "yes_no":
		t.say("bad_yes_no", nil)
	case "category":
		v := t.found[SlotBrand]
		if v == "" {
			v = strings.TrimSpace(t.text)
		}
		t.say("bad_category", map[string]string{"value": v, "categories": t.categoryList()})
	}
	return t.tooManyTries()
}

// tooManyTries counts a failed answer and hands off after MaxTries.
func (t *turn) tooManyTries() bool {
	t.st.Form.Tries++
	if t.st.Form.Tries < maxInt(t.e.MaxTries, 3) {
		return false
	}
	t.st.Form = nil
	t.handoff = ReasonRepeatedFailure
	t.say("handoff", nil)
	return true
}

func maxInt(v, d int) int {
	if v <= 0 {
		return d
	}
	return v
}

// ask asks for a slot.
func (t *turn) ask(f *Flow, sl SlotSpec) error {
	if t.st.Form.Asked != sl.Name {
		t.st.Form.Tries = 0
	}
	t.st.Form.Asked = sl.Name
	vars := copyVars(t.st.Slots)
	vars["categories"] = t.categoryList()
	vars["order_example"] = ""
	if f := t.e.orderFormat(); f != nil && f.Example != "" {
		vars["order_example"] = t.e.Script.say("order_example", t.lang, map[string]string{"example": f.Example})
	}
	t.parts = append(t.parts, render(sl.Prompt.In(t.lang), vars))
	t.act(shopmind.Action{Type: "ask", Data: map[string]string{"slot": sl.Name, "flow": f.Name}})
	return nil
}

func copyVars(m map[string]string) map[string]string {
	out := make(map[string]string, len(m)+2)
	for k, v := range m {
		out[k] = v
	}
	return out
}

// validate checks a slot value; an invalid one has already been explained
// to the shopper.
func (t *turn) validate(f *Flow, sl SlotSpec, v string) (bool, error) {
	switch sl.Type {
	case "yes_no":
		if v != "yes" && v != "no" {
			t.say("bad_yes_no", nil)
			return false, nil
		}
	case "price":
		if v != "any" && bareNumber(v) == "" {
			t.say("bad_price", nil)
			return false, nil
		}
	case "category":
		c := t.e.catalog()
		if c == nil || c.categories[strings.ToLower(v)] == 0 {
			t.say("bad_category", map[string]string{"value": v, "categories": t.categoryList()})
			return false, nil
		}
	case "order_id":
		return t.checkOrder(f, v)
	}
	return true, nil
}

// categoryList names the catalog's top categories.
func (t *turn) categoryList() string {
	c := t.e.catalog()
	if c == nil {
		return ""
	}
	return strings.Join(c.TopCategories(6), ", ")
}

// anyValue reports a "no preference" answer.
func anyValue(lower string) bool {
	for _, w := range []string{"any", "no limit", "doesn't matter", "don't care", "whatever", "都可以", "无所谓", "随便", "不限"} {
		if strings.Contains(lower, w) {
			return true
		}
	}
	return false
}

// bareNumber returns the first number in s ("80", "$80", "80元").
func bareNumber(s string) string {
	start := -1
	for i, r := range s {
		isNum := r >= '0' && r <= '9' || r == '.' && start >= 0
		if isNum && start < 0 {
			start = i
		} else if !isNum && start >= 0 {
			return s[start:i]
		}
	}
	if start >= 0 {
		return s[start:]
	}
	return ""
}

// bareOrderID accepts a message that is just an order number.
func bareOrderID(text string) string {
	f := strings.Fields(strings.Trim(text, " .。!?#"))
	if len(f) != 1 {
		return ""
	}
	id := strings.ToUpper(strings.TrimPrefix(f[0], "#"))
	if len(id) < 4 || len(id) > 20 || !containsDigit(id) {
		return ""
	}
	for _, r := range id {
		if !(r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-') {
			return ""
		}
	}
	return id
}

func hasSlot(f *Flow, name string) bool {
	for _, s := range f.Slots {
		if s.Name == name {
			return true
		}
	}
	return false
}
