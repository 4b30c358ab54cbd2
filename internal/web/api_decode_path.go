package web

import (
	"bytes"
	"encoding"
	"encoding/json"
	"fmt"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"unicode"
)

// pathAt returns the path, as validation names fields
// ("capabilities[0].text"), of the JSON value in body that ends at or
// after offset: where encoding/json reports a value of the wrong type.
func pathAt(body []byte, offset int64) string {
	type frame struct {
		array bool
		index int
		key   string
		inKey bool // the next token is an object key
	}
	var stack []*frame
	path := func() string {
		var b strings.Builder
		for _, f := range stack {
			if f.array {
				fmt.Fprintf(&b, "[%d]", f.index)
			} else {
				b.WriteString("." + pathKey(f.key))
			}
		}
		return strings.TrimPrefix(b.String(), ".")
	}
	next := func() { // a value of the top frame is complete
		if len(stack) == 0 {
			return
		}
		if top := stack[len(stack)-1]; top.array {
			top.index++
		} else {
			top.inKey = true
		}
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	for {
		tok, err := dec.Token()
		if err != nil {
			return path()
		}
		d, isDelim := tok.(json.Delim)
		if isDelim && (d == '}' || d == ']') {
			stack = stack[:len(stack)-1]
			next()
			continue
		}
		if n := len(stack); n > 0 && stack[n-1].inKey {
			stack[n-1].key, stack[n-1].inKey = fmt.Sprint(tok), false
			continue
		}
		if dec.InputOffset() >= offset {
			return path()
		}
		if isDelim {
			stack = append(stack, &frame{array: d == '[', inKey: d == '{'})
			continue
		}
		next()
	}
}

// unknownFields returns the paths of the object keys in body that dst's
// type has no field for, as validation names fields
// ("capabilities[0].colour"); encoding/json names only the first key.
func unknownFields(body []byte, dst any) []string {
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber() // so that no number is out of range
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil
	}
	var out []string
	walkUnknown(v, reflect.TypeOf(dst), "", &out)
	return out
}

// pathKey writes an object key as part of a field path: as it is if it
// looks like a field name, else quoted, so that "" or "a.b" stay visible
// and unambiguous.
func pathKey(k string) string {
	plain := k != ""
	for _, r := range k {
		if !(r == '_' || r == '-' || unicode.IsLetter(r) || unicode.IsDigit(r)) {
			plain = false
		}
	}
	if plain {
		return k
	}
	return strconv.Quote(k)
}

var (
	jsonUnmarshaler = reflect.TypeFor[json.Unmarshaler]()
	textUnmarshaler = reflect.TypeFor[encoding.TextUnmarshaler]()
)

func walkUnknown(v any, t reflect.Type, path string, out *[]string) {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if pt := reflect.PointerTo(t); pt.Implements(jsonUnmarshaler) || pt.Implements(textUnmarshaler) {
		return // decodes itself, e.g. time.Time
	}
	switch val := v.(type) {
	case map[string]any:
		if t.Kind() != reflect.Struct {
			return
		}
		keys := make([]string, 0, len(val))
		for k := range val {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		for _, k := range keys {
			p := pathKey(k)
			if path != "" {
				p = path + "." + p
			}
			f, ok := jsonField(t, k)
			if !ok {
				*out = append(*out, p)
				continue
			}
			walkUnknown(val[k], f.Type, p, out)
		}
	case []any:
		if t.Kind() != reflect.Slice && t.Kind() != reflect.Array {
			return
		}
		for i, e := range val {
			walkUnknown(e, t.Elem(), fmt.Sprintf("%s[%d]", path, i), out)
		}
	}
}

// jsonField returns the field of struct type t that encoding/json decodes
// key into: the one whose JSON name is key, or failing that, equal to it
// under case folding.
func jsonField(t reflect.Type, key string) (reflect.StructField, bool) {
	var folded reflect.StructField
	found := false
	for f := range t.Fields() {
		if !f.IsExported() {
			continue
		}
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		switch {
		case name == "-":
			continue
		case name == "" && f.Anonymous && f.Type.Kind() == reflect.Struct:
			if ef, ok := jsonField(f.Type, key); ok {
				return ef, true
			}
			continue
		case name == "":
			name = f.Name
		}
		if name == key {
			return f, true
		}
		if !found && strings.EqualFold(name, key) {
			folded, found = f, true
		}
	}
	return folded, found
}

// jsonTypeName names the JSON type that a Go kind decodes from.
func jsonTypeName(k reflect.Kind) string {
	switch k {
	case reflect.String:
		return "a string"
	case reflect.Bool:
		return "true or false"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "a whole number"
	case reflect.Float32, reflect.Float64:
		return "a number"
	case reflect.Slice, reflect.Array:
		return "an array"
	case reflect.Struct, reflect.Map:
		return "an object"
	default:
		return "another type"
	}
}
