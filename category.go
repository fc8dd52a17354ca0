package shopmind

import (
	"context"
	"strings"
)

// CategorySeparator is how the console and docs write a category path:
// "Shoes › Sneakers". ParseCategory reads it back, as it reads "Shoes/Sneakers".
const CategorySeparator = " › "

// ParseCategory splits a typed category path into its levels. It accepts
// what the console shows and what the API documents: levels separated by
// "/", "›", "»" or ">", with any spaces around them ("Shoes › Sneakers",
// "shoes/sneakers", " Shoes / Sneakers "). Empty levels are dropped, so ""
// and "/" give no levels. Case is kept; compare with InCategory.
func ParseCategory(s string) []string {
	fields := strings.FieldsFunc(s, func(r rune) bool { return r == '/' || r == '›' || r == '»' || r == '>' })
	out := fields[:0]
	for _, f := range fields {
		if f = strings.TrimSpace(f); f != "" {
			out = append(out, f)
		}
	}
	if len(out) == 0 {
		return nil
	}
	return out
}

// FormatCategory writes a category path as the console shows it,
// "Shoes › Sneakers". ParseCategory reads it back.
func FormatCategory(levels []string) string { return strings.Join(levels, CategorySeparator) }

// CategoryKey is the normalized form of a category path that stores index
// and compare: levels trimmed, lower-cased and joined by "/". Two paths
// ParseCategory and InCategory treat as equal have the same key.
func CategoryKey(levels []string) string {
	parts := make([]string, 0, len(levels))
	for _, l := range levels {
		if l = strings.ToLower(strings.TrimSpace(l)); l != "" {
			parts = append(parts, l)
		}
	}
	return strings.Join(parts, "/")
}

// InCategory reports whether the category path cat lies under the typed
// path prefix (see ParseCategory): level by level, ignoring case and
// surrounding spaces. "Shoes" and "shoes › sneakers" both hold
// ["Shoes", "Sneakers"]; "Shoes/Sneak" does not. An empty prefix holds
// everything.
func InCategory(cat []string, prefix string) bool {
	return underCategory(cat, ParseCategory(prefix))
}

// underCategory is InCategory with the prefix already parsed.
func underCategory(cat, want []string) bool {
	if len(want) > len(cat) {
		return false
	}
	for i, w := range want {
		if !strings.EqualFold(w, strings.TrimSpace(cat[i])) {
			return false
		}
	}
	return true
}

// CategoryMatcher returns InCategory with prefix parsed once, for filters
// applied to many items.
func CategoryMatcher(prefix string) func(cat []string) bool {
	want := ParseCategory(prefix)
	return func(cat []string) bool { return underCategory(cat, want) }
}

// CategoryCount is one category path of the catalog and how many items
// (active or not) have exactly that path.
type CategoryCount struct {
	Path  []string `json:"path"`
	Items int      `json:"items"`
}

// CategoryService lists the category paths the catalog holds.
type CategoryService interface {
	// Categories returns every distinct category path of the stored items,
	// paths equal under CategoryKey counted together, ordered by key.
	// Items without a category are left out.
	Categories(ctx context.Context) ([]CategoryCount, error)
}
