package forecast

import (
	"sort"
	"strings"

	"github.com/shopmind/shopmind"
)

// methodsByName builds each named method; a fresh value per call.
var methodsByName = map[string]func() Method{
	"snaive":        func() Method { return SeasonalNaive{} },
	"ses":           func() Method { return SES() },
	"holt":          func() Method { return Holt(false) },
	"holt-damped":   func() Method { return Holt(true) },
	"hw-add":        func() Method { return HoltWinters(false, false) },
	"hw-mul":        func() Method { return HoltWinters(true, false) },
	"hw-add-damped": func() Method { return HoltWinters(false, true) },
	"hw-mul-damped": func() Method { return HoltWinters(true, true) },
	"ets":           func() Method { return &ETS{} },
	"ets-fast":      func() Method { return FastETS() },
	"ets-avg":       func() Method { return &ETS{Label: "ets-avg", Combine: true} },
	"croston":       func() Method { return &Croston{Variant: CrostonClassic} },
	"sba":           func() Method { return &Croston{Variant: CrostonSBA} },
	"tsb":           func() Method { return &Croston{Variant: CrostonTSB} },
	"auto":          func() Method { return &Auto{} },
	"global":        func() Method { return &Global{} },
	"ets-global":    func() Method { return &Global{Local: &ETS{}} },
}

// MethodNames lists the names MethodByName accepts, sorted.
func MethodNames() []string {
	out := make([]string, 0, len(methodsByName))
	for n := range methodsByName {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

// MethodByName returns the method with the given name (see MethodNames)
// with default settings, or an EINVALID error naming field "method".
func MethodByName(name string) (Method, error) {
	f, ok := methodsByName[strings.ToLower(strings.TrimSpace(name))]
	if !ok {
		return nil, shopmind.FieldErrorf("method", "unknown method %q; one of: %s", name, strings.Join(MethodNames(), ", "))
	}
	return f(), nil
}
