package experiment

import "slices"

// Surfaces of the recommendation API an experiment can run on. Each names
// one route; the aliases below name the same routes in a shop's words.
const (
	SurfaceUser       = "user"        // GET /v1/users/{id}/recommendations
	SurfaceSimilar    = "similar"     // GET /v1/items/{id}/similar?user_id=
	SurfaceAlsoBought = "also_bought" // GET /v1/items/{id}/also-bought?user_id=
	SurfacePopular    = "popular"     // GET /v1/popular?user_id=
)

// routes maps every surface shopmind serves itself to its route's surface.
var routes = map[string]string{
	SurfaceUser: SurfaceUser, "home": SurfaceUser,
	SurfaceSimilar: SurfaceSimilar, "item": SurfaceSimilar, "product": SurfaceSimilar,
	SurfaceAlsoBought: SurfaceAlsoBought,
	SurfacePopular:    SurfacePopular,
}

// Route returns the recommendation route a surface names (one of
// SurfaceUser, SurfaceSimilar, SurfaceAlsoBought, SurfacePopular), or ""
// for a surface shopmind does not serve itself: the client serves it,
// asking GET /v1/assignment and logging its own exposures.
//
//	user, home            → SurfaceUser
//	similar, item, product → SurfaceSimilar
//	also_bought            → SurfaceAlsoBought
//	popular                → SurfacePopular
func Route(surface string) string {
	return routes[surface]
}

// Aliases returns every surface that names the same route as surface, in
// sorted order; a surface shopmind does not serve is its own only alias.
// At most one experiment runs on a route at a time.
func Aliases(surface string) []string {
	r := Route(surface)
	if r == "" {
		return []string{surface}
	}
	var out []string
	for s, to := range routes {
		if to == r {
			out = append(out, s)
		}
	}
	slices.Sort(out)
	return out
}

// modelFree reports whether route serves the same list whatever the model
// family: also-bought lists are co-purchase counts and popular lists
// popularity counts of the same events, so only a hold-out ("none")
// changes them.
func modelFree(route string) bool {
	return route == SurfaceAlsoBought || route == SurfacePopular
}
