package acceptance

import (
	"testing"
	"time"

	"github.com/shopmind/shopmind"
)

// Input through the API never produces a 500: odd input is a 400 that
// names the field at fault.
//
// Events dated more than a day ahead are refused (they would freeze
// real-time updates and shift the insights' clock), and so is a category
// without a level ("/"; an unknown category as a filter selects nothing,
// docs/api.md). An odd event the server accepts is deleted again at once,
// so it does not disturb the other tests.
func TestOddInputIsAClientError(t *testing.T) {
	user, item := shop.truth.Shop.Users[0].ID, shop.truth.Shop.Items[0].ID
	event := func(id string, at time.Time) map[string]any {
		return map[string]any{"events": []*shopmind.Event{{ID: id, UserID: user, ItemID: item, Type: shopmind.EventView, Time: at}}}
	}
	waitServing(t)
	tests := []clientError{
		{"FarFutureEvent", "POST", "/v1/events", event("accept-far-future", time.Date(9999, 12, 31, 0, 0, 0, 0, time.UTC)), 400, "events[0].time"},
		{"NextMillenniumEvent", "POST", "/v1/events", event("accept-next-millennium", time.Date(3000, 1, 1, 0, 0, 0, 0, time.UTC)), 400, "events[0].time"},
		{"NextWeekEvent", "POST", "/v1/events", event("accept-next-week", time.Now().UTC().AddDate(0, 0, 7)), 400, "events[0].time"},
		{"UnknownEventType", "POST", "/v1/events", map[string]any{"events": []map[string]any{{"user_id": user, "item_id": item, "type": "teleport", "time": time.Now().UTC()}}}, 400, "events[0].type"},
		{"BadCategoryRecommendations", "GET", "/v1/users/" + user + "/recommendations?category=%2F", nil, 400, "category"},
		{"BadCategoryPopular", "GET", "/v1/popular?category=%2F", nil, 400, "category"},
		{"BadCategoryItems", "GET", "/v1/items?category=%2F", nil, 400, "category"},
		{"BadCategoryForecast", "GET", "/v1/forecasts/categories?path=%2F", nil, 400, "path"},
		{"BadCount", "GET", "/v1/users/" + user + "/recommendations?n=ten", nil, 400, "n"},
	}
	checkClientErrors(t, tests)
}
