package fairness

import (
	"math"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/shopmind/shopmind"
)

// Description says what a family of models is for and which data it reads;
// Service.Describe maps model names to them.
type Description struct {
	Purpose string
	Inputs  []string
	NotUsed []string
}

// CardID returns the card id of a model name: "/" written as ".", so the
// id is one URL path segment ("recommend/hybrid" -> "recommend.hybrid").
func CardID(name string) string { return strings.ReplaceAll(name, "/", ".") }

// sizeKeys are metric keys that count what a model was trained or tested
// on; a key ending in one of sizeSuffixes counts too.
var (
	sizeKeys     = map[string]bool{"events": true, "items": true, "users": true, "customers": true, "reviews": true, "examples": true}
	sizeSuffixes = []string{"_users", "_customers", "_images", "_examples", "_reviews", "_events", "_items"}
)

// Card builds the card of model m (its Data is not read) with description
// d. Its metrics are sorted into sizes, the data window
// ("data_from_unix", "data_to_unix"), quality by user group
// ("group/<group>/<metric>") and the other metrics.
func Card(m *shopmind.Model, d Description, served bool) shopmind.ModelCard {
	c := shopmind.ModelCard{ID: CardID(m.Name), Name: m.Name, Version: m.Version, TrainedAt: m.CreatedAt,
		ConfigHash: m.ConfigHash, Served: served, Purpose: d.Purpose, Inputs: d.Inputs, NotUsed: d.NotUsed}
	if c.Inputs == nil {
		c.Inputs = []string{}
	}
	groups := map[string]*shopmind.GroupQuality{}
	for k, v := range m.Metrics {
		switch {
		case k == "data_from_unix":
			c.DataFrom = time.Unix(int64(v), 0).UTC()
		case k == "data_to_unix":
			c.DataTo = time.Unix(int64(v), 0).UTC()
		case strings.HasPrefix(k, "group/"):
			addGroupMetric(groups, strings.TrimPrefix(k, "group/"), v)
		case isSize(k):
			if c.Sizes == nil {
				c.Sizes = map[string]float64{}
			}
			c.Sizes[k] = v
		default:
			if c.Metrics == nil {
				c.Metrics = map[string]float64{}
			}
			c.Metrics[k] = v
		}
	}
	c.Groups = sortedGroups(groups)
	return c
}

func isSize(k string) bool {
	if sizeKeys[k] {
		return true
	}
	for _, s := range sizeSuffixes {
		if strings.HasSuffix(k, s) {
			return true
		}
	}
	return false
}

// addGroupMetric reads "<group>/<metric>" where metric is "users" or
// "ndcg@K", "recall@K", "hit_rate@K". The group may contain "/".
func addGroupMetric(groups map[string]*shopmind.GroupQuality, key string, v float64) {
	cut := strings.LastIndex(key, "/")
	if cut <= 0 {
		return
	}
	name, metric := key[:cut], key[cut+1:]
	g := groups[name]
	if g == nil {
		g = &shopmind.GroupQuality{Group: name}
		groups[name] = g
	}
	base, k, _ := strings.Cut(metric, "@")
	if n, err := strconv.Atoi(k); err == nil {
		g.K = n
	}
	switch base {
	case "users":
		g.Users = int(math.Round(v))
	case "ndcg":
		g.NDCG = v
	case "recall":
		g.Recall = v
	case "hit_rate":
		g.HitRate = v
	}
}

// sortedGroups lists groups: "new" and "active" first, then segments by
// name.
func sortedGroups(groups map[string]*shopmind.GroupQuality) []shopmind.GroupQuality {
	out := make([]shopmind.GroupQuality, 0, len(groups))
	for _, g := range groups {
		out = append(out, *g)
	}
	rank := func(name string) int {
		switch name {
		case "new":
			return 0
		case "active":
			return 1
		}
		return 2
	}
	sort.Slice(out, func(a, b int) bool {
		if ra, rb := rank(out[a].Group), rank(out[b].Group); ra != rb {
			return ra < rb
		}
		return out[a].Group < out[b].Group
	})
	return out
}

// describe returns the description of the longest key of descs that name
// equals or starts with (a key ending in "/" names a family).
func describe(descs map[string]Description, name string) Description {
	best, found := "", false
	for k := range descs {
		if (k == name || strings.HasSuffix(k, "/") && strings.HasPrefix(name, k)) && len(k) >= len(best) {
			best, found = k, true
		}
	}
	if !found {
		return Description{Purpose: "Not described.", Inputs: []string{"not described: this model family has no description in shopmind"}}
	}
	return descs[best]
}
