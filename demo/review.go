package demo

import (
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/shopmind/shopmind"
)

// aspects per department, with what a happy and an unhappy shopper says of each.
var aspectPhrases = map[string][][3]string{
	"Clothing":       {{"fit", "The fit is perfect.", "The fit is off, it runs small."}, {"fabric", "The fabric feels soft and solid.", "The fabric feels thin and cheap."}, {"colour", "The colour is exactly as pictured.", "The colour looks nothing like the photos."}},
	"Shoes":          {{"comfort", "Very comfortable from day one.", "They hurt after an hour of walking."}, {"size", "True to size.", "The size is wrong, I had to go up one."}, {"sole", "The sole has great grip.", "The sole started peeling within weeks."}},
	"Bags":           {{"zipper", "The zippers run smoothly.", "The zipper broke in the first week."}, {"capacity", "Fits much more than expected.", "Too small for what was promised."}, {"straps", "The straps are well padded.", "The straps dig into my shoulders."}},
	"Electronics":    {{"battery", "The battery lasts for days.", "The battery drains far too fast."}, {"sound", "The sound is clear and rich.", "The sound is tinny and distorted."}, {"setup", "Setup took two minutes.", "Setup was a nightmare and the app keeps crashing."}},
	"Home & Kitchen": {{"quality", "Solid build quality, feels premium.", "Poor quality, it feels flimsy."}, {"cleaning", "Easy to clean.", "Impossible to clean properly."}, {"design", "Looks beautiful in our kitchen.", "Looks much cheaper than in the pictures."}},
	"Sports":         {{"durability", "Held up well after months of training.", "Fell apart after a few sessions."}, {"grip", "Excellent grip, even when wet.", "Slippery and unsafe."}, {"weight", "Light and easy to carry.", "Heavier than I expected."}},
	"Beauty":         {{"scent", "The scent is lovely and subtle.", "The scent is overpowering."}, {"skin", "My skin feels great.", "It irritated my skin."}, {"texture", "Nice texture, absorbs quickly.", "Greasy texture that never absorbs."}},
	"Toys & Games":   {{"fun", "Hours of fun for the whole family.", "Boring after one game."}, {"pieces", "All pieces were there and well made.", "Pieces were missing."}, {"instructions", "The instructions are clear.", "The instructions are confusing."}},
}

var (
	deliveryGood = []string{"Delivery was fast.", "Arrived earlier than expected.", "Well packaged and quick delivery."}
	deliveryBad  = []string{"Delivery took far too long.", "The box arrived damaged.", ""}
	priceGood    = []string{"Great value for the price.", "Worth every penny.", ""}
	priceBad     = []string{"Overpriced for what you get.", "Not worth the money.", ""}
	titles       = [6][]string{{}, {"Very disappointed", "Do not buy", "Waste of money"}, {"Not great", "Expected more", "Meh"}, {"It's okay", "Decent", "Average"}, {"Good buy", "Happy with it", "Nice"}, {"Love it!", "Excellent", "Perfect"}}
)

// review adds a review (and its rating event) whose stars and words follow
// the shopper's experience: the item's hidden quality and its fit to the
// shopper's budget.
func (w *world) review(userID string, s *taste, i int, t time.Time) {
	if t.After(w.end) {
		return
	}
	rng := w.rng
	info := w.infos[i]
	fit := -math.Abs(math.Log(info.price / s.budget))
	x := 3*(info.quality-0.55) + 0.5*fit + rng.NormFloat64()*0.6
	rating := int(math.Round(1 + 4*sigmoid(1.6*x)))
	dep := departments()[info.dept].name
	var parts []string
	for _, a := range aspectPhrases[dep] {
		if rng.Float64() < 0.6 {
			// Each aspect leans the way of the rating, with some mixed opinions.
			good := rng.Float64() < (float64(rating)-0.5)/5
			if good {
				parts = append(parts, a[1])
			} else {
				parts = append(parts, a[2])
			}
		}
	}
	pick := func(xs []string) string { return xs[rng.IntN(len(xs))] }
	if rating >= 4 {
		parts = append(parts, pick(deliveryGood), pick(priceGood))
	} else if rating <= 2 {
		parts = append(parts, pick(deliveryBad), pick(priceBad))
	}
	var text []string
	for _, p := range parts {
		if p != "" {
			text = append(text, p)
		}
	}
	if len(text) == 0 {
		text = []string{[]string{"", "Not what I hoped for.", "It does the job, barely.", "It is fine.", "Does what it says.", "Couldn't be happier."}[rating]}
	}
	w.reviews = append(w.reviews, &shopmind.Review{
		ID:        fmt.Sprintf("R%06d", len(w.reviews)+1),
		ItemID:    w.items[i].ID,
		UserID:    userID,
		Rating:    rating,
		Title:     pick(titles[rating]),
		Text:      strings.Join(text, " "),
		Language:  "en",
		CreatedAt: t.UTC(),
	})
	w.event(userID, i, shopmind.EventRating, float64(rating), t, "", "")
}

// ReviewSentences returns the sentences the demo's reviews are made of, by
// the side they were planted on: what a happy shopper says (aspects,
// delivery, price) and what an unhappy one says. Titles and the short
// fallback texts are not included.
func ReviewSentences() (positive, negative []string) {
	for _, dep := range departments() {
		for _, a := range aspectPhrases[dep.name] {
			positive = append(positive, a[1])
			negative = append(negative, a[2])
		}
	}
	for _, s := range append(append([]string{}, deliveryGood...), priceGood...) {
		if s != "" {
			positive = append(positive, s)
		}
	}
	for _, s := range append(append([]string{}, deliveryBad...), priceBad...) {
		if s != "" {
			negative = append(negative, s)
		}
	}
	return positive, negative
}
