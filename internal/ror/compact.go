package ror

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"slices"
	"strconv"
	"strings"
)

// compactRecord is one line of the compact JSON Lines form, the shape of
// data/ror/ror-asia.jsonl.gz.
type compactRecord struct {
	ID            string               `json:"id"`
	Names         compactNames         `json:"names"`
	Types         []string             `json:"types"`
	Country       string               `json:"country"`
	City          string               `json:"city"`
	Established   int                  `json:"established"` // null leaves 0
	Links         []string             `json:"links"`
	Relationships compactRelationships `json:"relationships"`
	Status        string               `json:"status"`
	Release       string               `json:"ror_release"`
	LastModified  string               `json:"last_modified"`
}

type compactNames struct {
	Display  string         `json:"display"`
	Aliases  []string       `json:"aliases"`
	Acronyms []string       `json:"acronyms"`
	Labels   []compactLabel `json:"labels"`
}

type compactLabel struct {
	Value string `json:"value"`
	Lang  string `json:"lang"` // null leaves ""
}

// compactRelationships lists related ROR ids by relationship type, the
// fields in the order of relTypes.
type compactRelationships struct {
	Parent      []string `json:"parent"`
	Child       []string `json:"child"`
	Related     []string `json:"related"`
	Successor   []string `json:"successor"`
	Predecessor []string `json:"predecessor"`
}

// compactSchema lists the fields of the compact form, for naming an unknown
// field with its path: a nested map is an object, a one-element slice an
// array of what it holds, nil a plain value.
var compactSchema = map[string]any{
	"id": nil,
	"names": map[string]any{
		"display":  nil,
		"aliases":  nil,
		"acronyms": nil,
		"labels":   []any{map[string]any{"value": nil, "lang": nil}},
	},
	"types":       nil,
	"country":     nil,
	"city":        nil,
	"established": nil,
	"links":       nil,
	"relationships": map[string]any{
		"parent": nil, "child": nil, "related": nil, "successor": nil, "predecessor": nil,
	},
	"status":        nil,
	"ror_release":   nil,
	"last_modified": nil,
}

var compactFields = fieldNames{
	id:           "id",
	display:      "names.display",
	types:        "types",
	country:      "country",
	established:  "established",
	status:       "status",
	lastModified: "last_modified",
	relationship: func(_ int, typ, _ string) string { return "relationships." + typ },
}

// decodeCompact decodes and validates one line of compact JSON Lines.
func decodeCompact(line []byte) (Record, error) {
	var c compactRecord
	dec := json.NewDecoder(bytes.NewReader(line))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&c); err != nil {
		return Record{}, jsonError(err, line)
	}
	if len(bytes.TrimSpace(line[dec.InputOffset():])) > 0 {
		return Record{}, errors.New("invalid JSON: data after the object")
	}
	rec := Record{
		ID:           c.ID,
		Display:      c.Names.Display,
		Aliases:      c.Names.Aliases,
		Acronyms:     c.Names.Acronyms,
		Types:        c.Types,
		Country:      c.Country,
		City:         c.City,
		Established:  c.Established,
		Links:        c.Links,
		Status:       c.Status,
		Release:      c.Release,
		LastModified: c.LastModified,
	}
	if len(c.Names.Labels) > 0 {
		rec.Labels = make([]Label, len(c.Names.Labels))
		for i, l := range c.Names.Labels {
			rec.Labels[i] = Label(l)
		}
	}
	rels := &c.Relationships
	for i, ids := range [][]string{rels.Parent, rels.Child, rels.Related, rels.Successor, rels.Predecessor} {
		for _, id := range ids {
			rec.Relationships = append(rec.Relationships, Relationship{Type: relTypes[i], ID: id})
		}
	}
	if err := normalise(&rec, compactFields); err != nil {
		return Record{}, err
	}
	return rec, nil
}

// jsonError turns an error from encoding/json into one that says what is
// wrong in the input's terms, naming the field where it can. line is the
// input, searched for the path of an unknown field.
func jsonError(err error, line []byte) error {
	if name, ok := strings.CutPrefix(err.Error(), "json: unknown field "); ok {
		if s, err := strconv.Unquote(name); err == nil {
			name = s
		}
		return &fieldError{field: unknownFieldPath(line, name), err: errors.New("unknown field")}
	}
	if te, ok := errors.AsType[*json.UnmarshalTypeError](err); ok {
		got := "JSON " + te.Value
		if te.Field == "" {
			return fmt.Errorf("invalid record: got %s, want an object", got)
		}
		return &fieldError{field: te.Field, err: fmt.Errorf("got %s, want %s", got, typeName(te.Type.String()))}
	}
	if err == io.ErrUnexpectedEOF {
		return errors.New("invalid JSON: unexpected end of input")
	}
	if se, ok := errors.AsType[*json.SyntaxError](err); ok {
		return fmt.Errorf("invalid JSON: %s", se.Error())
	}
	return err
}

// typeName names a Go type in the input's terms.
func typeName(t string) string {
	switch {
	case t == "string":
		return "a string"
	case t == "int":
		return "an integer"
	case strings.HasPrefix(t, "[]"):
		return "an array"
	case strings.HasPrefix(t, "ror."):
		return "an object"
	}
	return t
}

// unknownFieldPath returns the path, e.g. "names.labels[2].script", of the
// first field named name in line that compactSchema does not list, or name
// itself if it cannot be found. It runs only on the error path.
func unknownFieldPath(line []byte, name string) string {
	var v any
	if json.Unmarshal(line, &v) != nil {
		return name
	}
	if p, ok := findUnknown(v, compactSchema, "", name); ok {
		return p
	}
	return name
}

func findUnknown(v, schema any, path, name string) (string, bool) {
	switch sch := schema.(type) {
	case map[string]any:
		obj, ok := v.(map[string]any)
		if !ok {
			return "", false
		}
		for _, k := range slices.Sorted(maps.Keys(obj)) {
			sub := obj[k]
			p := k
			if path != "" {
				p = path + "." + k
			}
			known, ok := lookupFold(sch, k)
			if !ok {
				if strings.EqualFold(k, name) {
					return p, true
				}
				continue
			}
			if p, ok := findUnknown(sub, known, p, name); ok {
				return p, true
			}
		}
	case []any:
		arr, ok := v.([]any)
		if !ok {
			return "", false
		}
		for i, el := range arr {
			if p, ok := findUnknown(el, sch[0], path+"["+strconv.Itoa(i)+"]", name); ok {
				return p, true
			}
		}
	}
	return "", false
}

// lookupFold finds key in schema ignoring case, as encoding/json matches
// field names.
func lookupFold(schema map[string]any, key string) (any, bool) {
	if v, ok := schema[key]; ok {
		return v, true
	}
	for k, v := range schema {
		if strings.EqualFold(k, key) {
			return v, true
		}
	}
	return nil, false
}
