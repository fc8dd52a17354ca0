package httpapi

import (
	"net/http"
	"slices"
	"strings"

	"github.com/shopmind/shopmind"
)

// CategoryList is the body of GET /v1/categories.
type CategoryList struct {
	Categories []Category `json:"categories"`
}

// Category is one node of the catalog's category tree.
type Category struct {
	Path  []string `json:"path"`  // levels from the root, e.g. ["Shoes", "Sneakers"]
	Name  string   `json:"name"`  // the path as the console shows it, "Shoes › Sneakers"; accepted wherever a category is typed
	Items int      `json:"items"` // items in this category or below it
}

func (s *Server) categoryRoutes() []Route {
	return []Route{{
		Method: "GET", Pattern: "/v1/categories",
		Summary: "The catalog's category tree: every category path and its prefixes, with item counts, in path order",
		Tag:     "items", Role: shopmind.RoleRead, Response: CategoryList{}, Handler: s.handleCategories,
	}}
}

func (s *Server) handleCategories(w http.ResponseWriter, r *http.Request) {
	cats, err := s.categories.Categories(r.Context())
	if err != nil {
		s.Error(w, r, err)
		return
	}
	WriteJSON(w, http.StatusOK, CategoryList{Categories: categoryTree(cats)})
}

// categoryTree expands the stored paths into every node of the tree,
// counting each item in its own node and every ancestor, ordered by key
// (parents before their children).
func categoryTree(cats []shopmind.CategoryCount) []Category {
	byKey := map[string]*Category{}
	var keys []string
	for _, c := range cats {
		for n := 1; n <= len(c.Path); n++ {
			key := shopmind.CategoryKey(c.Path[:n])
			node, ok := byKey[key]
			if !ok {
				node = &Category{Path: slices.Clone(c.Path[:n]), Name: shopmind.FormatCategory(c.Path[:n])}
				byKey[key] = node
				keys = append(keys, key)
			}
			node.Items += c.Items
		}
	}
	// Sort level by level, so "a/b" comes right after "a" even when a
	// sibling "a b" exists ("/" sorts after " ").
	slices.SortFunc(keys, func(a, b string) int { return slices.Compare(strings.Split(a, "/"), strings.Split(b, "/")) })
	out := make([]Category, len(keys))
	for i, k := range keys {
		out[i] = *byKey[k]
	}
	return out
}
