package httpapi

import (
	"encoding/json"
	"net/http"
	"reflect"
	"slices"
	"strconv"
	"strings"
)

// OpenAPI returns the OpenAPI 3.1 document of the registered routes.
func (s *Server) OpenAPI() map[string]any {
	components := map[string]Schema{}
	out := newSchemaGen(components, false)
	in := newSchemaGen(components, true)
	errRef := Schema{"$ref": "#/components/schemas/" + out.name(reflect.TypeFor[ErrorResponse]())}
	errResp := func(desc string) map[string]any {
		return map[string]any{"description": desc, "content": map[string]any{"application/json": map[string]any{"schema": errRef}}}
	}

	paths := map[string]map[string]any{}
	tags := map[string]bool{}
	opIDs := map[string]int{}
	for _, r := range s.Routes() {
		op := map[string]any{
			"summary":     r.Summary,
			"operationId": operationID(r, opIDs),
		}
		if r.Tag != "" {
			op["tags"] = []string{r.Tag}
			tags[r.Tag] = true
		}
		if len(r.Params) > 0 {
			var params []map[string]any
			for _, p := range r.Params {
				params = append(params, paramObject(p))
			}
			op["parameters"] = params
		}
		if r.Request != nil {
			op["requestBody"] = map[string]any{"required": true, "content": bodyContent(in, r.Request)}
		}
		status := r.Status
		if status == 0 {
			status = http.StatusOK
		}
		ok := map[string]any{"description": http.StatusText(status)}
		if r.Response != nil && status != http.StatusNoContent {
			ok["content"] = bodyContent(out, r.Response)
		}
		responses := map[string]any{strconv.Itoa(status): ok, "default": errResp("Error")}
		if r.Role != "" {
			op["security"] = []map[string][]string{{"bearer": {}}, {"apiKey": {}}}
			op["description"] = "Needs a key with the " + string(r.Role) + " role."
			if r.Publishable {
				op["description"] = "Needs a key with the " + string(r.Role) + " role, or a publishable key sent from a web page on one of its origins (CORS)."
				op["x-publishable"] = true
			}
			responses["401"] = errResp("Missing, malformed or unknown API key")
			responses["403"] = errResp("The key lacks the " + string(r.Role) + " role")
		} else {
			op["security"] = []map[string][]string{}
		}
		op["responses"] = responses
		if paths[r.Pattern] == nil {
			paths[r.Pattern] = map[string]any{}
		}
		paths[r.Pattern][strings.ToLower(r.Method)] = op
	}
	var tagList []map[string]string
	for _, t := range sortedKeys(tags) {
		tagList = append(tagList, map[string]string{"name": t})
	}
	return map[string]any{
		"openapi": "3.1.0",
		"info": map[string]any{
			"title":       "shopmind API",
			"version":     s.opts.Version,
			"description": "The REST API of shopmind, the AI engine a small shop runs itself. Errors are {code, message, field}.",
			"license":     map[string]string{"name": "open source"},
		},
		"tags":  tagList,
		"paths": paths,
		"components": map[string]any{
			"schemas": components,
			"securitySchemes": map[string]any{
				"bearer": map[string]string{"type": "http", "scheme": "bearer", "description": "Authorization: Bearer sm_<id>_<secret> (publishable keys: pk_<id>_<secret>)"},
				"apiKey": map[string]string{"type": "apiKey", "in": "header", "name": "X-API-Key"},
			},
		},
	}
}

func (s *Server) handleOpenAPI(w http.ResponseWriter, r *http.Request) {
	b, err := json.MarshalIndent(s.OpenAPI(), "", "  ")
	if err != nil {
		s.Error(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.Write(b)
}

// bodyContent describes a request or response body: raw for a Binary, JSON
// with the schema of v's type otherwise.
func bodyContent(g *schemaGen, v any) map[string]any {
	if b, ok := v.(Binary); ok {
		content := map[string]any{}
		for _, ct := range b.ContentTypes {
			content[ct] = map[string]any{"schema": Schema{"type": "string", "contentMediaType": ct}}
		}
		return content
	}
	return map[string]any{"application/json": map[string]any{"schema": g.schema(reflect.TypeOf(v))}}
}

func paramObject(p Param) map[string]any {
	typ := p.Type
	if typ == "" {
		typ = "string"
	}
	schema := Schema{"type": typ}
	if p.Format != "" {
		schema["format"] = p.Format
	}
	o := map[string]any{"name": p.Name, "in": p.In, "schema": schema}
	if p.Required || p.In == "path" {
		o["required"] = true
	}
	if p.Description != "" {
		o["description"] = p.Description
	}
	return o
}

// operationID derives a unique id such as "getItemsById" from a route.
func operationID(r Route, seen map[string]int) string {
	var b strings.Builder
	b.WriteString(strings.ToLower(r.Method))
	for _, seg := range strings.Split(r.Pattern, "/") {
		if seg == "" || seg == "v1" {
			continue
		}
		if strings.HasPrefix(seg, "{") {
			b.WriteString("By")
			seg = strings.Trim(seg, "{}.$")
		}
		for _, part := range strings.FieldsFunc(seg, func(c rune) bool { return c == '_' || c == '-' || c == '.' }) {
			b.WriteString(upperFirst(part))
		}
	}
	id := b.String()
	seen[id]++
	if n := seen[id]; n > 1 {
		id += strconv.Itoa(n)
	}
	return id
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
