package httpapi

import (
	"reflect"
	"strings"
	"time"
	"unicode"

	"github.com/shopmind/shopmind"
)

// Schema is a JSON Schema (draft 2020-12, as OpenAPI 3.1 uses it), as a
// plain map so that it encodes exactly as written.
type Schema = map[string]any

// schemaGen derives JSON Schemas from Go types by reflection, collecting
// named struct types as reusable components.
//
// Output schemas (responses) list every field encoded without omitempty as
// required. Input schemas (request bodies, component names ending in
// "Input") require nothing, since the server fills ids and timestamps and
// validates the rest, and reject unknown properties as the server does.
type schemaGen struct {
	components map[string]Schema // shared by the input and output generators
	input      bool
	names      map[reflect.Type]string
	enums      map[reflect.Type][]string
}

func newSchemaGen(components map[string]Schema, input bool) *schemaGen {
	g := &schemaGen{components: components, input: input, names: map[reflect.Type]string{}, enums: map[reflect.Type][]string{}}
	g.enum(shopmind.EventTypes)
	g.enum(shopmind.OrderStatuses)
	g.enum([]shopmind.Role{shopmind.RoleAdmin, shopmind.RoleWrite, shopmind.RoleRead, shopmind.RolePublishable})
	return g
}

// enum records the allowed values of a string type.
func (g *schemaGen) enum(values any) {
	v := reflect.ValueOf(values)
	var out []string
	for i := range v.Len() {
		out = append(out, v.Index(i).String())
	}
	g.enums[v.Type().Elem()] = out
}

var timeType = reflect.TypeFor[time.Time]()

// schema returns the schema of t: a $ref for named structs, inline
// otherwise.
func (g *schemaGen) schema(t reflect.Type) Schema {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t == timeType {
		return Schema{"type": "string", "format": "date-time"}
	}
	switch t.Kind() {
	case reflect.Bool:
		return Schema{"type": "boolean"}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32:
		return Schema{"type": "integer"}
	case reflect.Int64, reflect.Uint64:
		return Schema{"type": "integer", "format": "int64"}
	case reflect.Float32, reflect.Float64:
		return Schema{"type": "number"}
	case reflect.String:
		s := Schema{"type": "string"}
		if vals, ok := g.enums[t]; ok {
			s["enum"] = vals
		}
		return s
	case reflect.Slice, reflect.Array:
		if t.Elem().Kind() == reflect.Uint8 {
			return Schema{"type": "string", "contentEncoding": "base64"}
		}
		return Schema{"type": "array", "items": g.schema(t.Elem())}
	case reflect.Map:
		return Schema{"type": "object", "additionalProperties": g.schema(t.Elem())}
	case reflect.Struct:
		if t.Name() == "" {
			return g.object(t)
		}
		name := g.name(t)
		return Schema{"$ref": "#/components/schemas/" + name}
	}
	return Schema{} // interfaces and anything else: any value
}

// name returns the component name of a named struct type, generating its
// schema the first time.
func (g *schemaGen) name(t reflect.Type) string {
	if n, ok := g.names[t]; ok {
		return n
	}
	n := upperFirst(t.Name())
	if g.input {
		n += "Input"
	}
	if _, taken := g.components[n]; taken {
		pkg := t.PkgPath()
		n = upperFirst(pkg[strings.LastIndexByte(pkg, '/')+1:]) + n
	}
	g.names[t] = n
	g.components[n] = Schema{} // placeholder, so recursive types terminate
	g.components[n] = g.object(t)
	return n
}

// object returns the schema of a struct: its exported fields by JSON name;
// in output schemas, fields without omitempty are required.
func (g *schemaGen) object(t reflect.Type) Schema {
	props := Schema{}
	required := []string{}
	g.fields(t, props, &required)
	s := Schema{"type": "object", "properties": props}
	if g.input {
		s["additionalProperties"] = false
	} else if len(required) > 0 {
		s["required"] = required
	}
	return s
}

func (g *schemaGen) fields(t reflect.Type, props Schema, required *[]string) {
	for i := range t.NumField() {
		f := t.Field(i)
		tag := f.Tag.Get("json")
		if tag == "-" {
			continue
		}
		name, opts, _ := strings.Cut(tag, ",")
		if f.Anonymous && name == "" {
			ft := f.Type
			if ft.Kind() == reflect.Pointer {
				ft = ft.Elem()
			}
			if ft.Kind() == reflect.Struct {
				g.fields(ft, props, required)
				continue
			}
		}
		if !f.IsExported() {
			continue
		}
		if name == "" {
			name = f.Name
		}
		props[name] = g.schema(f.Type)
		if format := f.Tag.Get("format"); format != "" {
			props[name] = Schema{"type": "string", "format": format} // e.g. a time sent as a date
		}
		if !strings.Contains(","+opts+",", ",omitempty,") && !strings.Contains(","+opts+",", ",omitzero,") {
			*required = append(*required, name)
		}
	}
}

func upperFirst(s string) string {
	r := []rune(s)
	if len(r) > 0 {
		r[0] = unicode.ToUpper(r[0])
	}
	return string(r)
}
