package acceptance

import (
	"strings"
	"testing"

	"github.com/shopmind/shopmind"
)

// Unknown ids are a 404, whichever capability is asked, once it serves.
func TestUnknownIdsAreNotFound(t *testing.T) {
	waitServing(t)
	checkClientErrors(t, []clientError{
		{"UnknownCategoryForecast", "GET", "/v1/forecasts/categories?path=No%20Such%20Department", nil, 404, ""},
		{"UnknownItemSimilar", "GET", "/v1/items/NO-SUCH-ITEM/similar", nil, 404, ""},
		{"UnknownItemStockAdvice", "GET", "/v1/stock/advice/NO-SUCH-ITEM", nil, 404, ""},
		{"UnknownItemForecast", "GET", "/v1/forecasts/items/NO-SUCH-ITEM", nil, 404, ""},
		{"UnknownItemReviewSummary", "GET", "/v1/items/NO-SUCH-ITEM/review-summary", nil, 404, ""},
		{"UnknownReviewAnalysis", "GET", "/v1/reviews/NO-SUCH-REVIEW/analysis", nil, 404, ""},
		{"UnknownCustomer", "GET", "/v1/insights/customers/NO-SUCH-USER", nil, 404, ""},
		{"UnknownExperiment", "GET", "/v1/experiments/no-such-experiment/results", nil, 404, ""},
	})
}

// clientError is a request that must be refused as the client's error.
type clientError struct {
	name, method, path string
	body               any
	status             int    // 0: any 4xx
	field              string // the field the error names (prefix); "" for none
}

func checkClientErrors(t *testing.T, tests []clientError) {
	t.Helper()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st, e := call(t, tt.method, tt.path, tt.body, nil)
			if body, ok := tt.body.(map[string]any); ok && st/100 == 2 {
				// Accepted: take it out again before anything reads it.
				evs, _ := body["events"].([]*shopmind.Event)
				for _, ev := range evs {
					call(t, "DELETE", "/v1/events/"+ev.ID, nil, nil)
				}
			}
			switch {
			case st/100 != 4:
				t.Errorf("%s %s: %d %s %q, want a 4xx", tt.method, tt.path, st, e.Code, e.Message)
			case tt.status != 0 && st != tt.status:
				t.Errorf("%s %s: %d %s %q (field %q), want %d", tt.method, tt.path, st, e.Code, e.Message, e.Field, tt.status)
			case tt.field != "" && !strings.HasPrefix(e.Field, tt.field):
				t.Errorf("%s %s: %d %s %q names field %q, want %q", tt.method, tt.path, st, e.Code, e.Message, e.Field, tt.field)
			}
		})
	}
}
