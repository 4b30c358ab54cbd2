package placement

import (
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
)

// walker reads a decoded JSON tree that failed the strict decoder, keeping
// what has the right type and listing every problem with its place. Keys
// match field names ignoring case, as encoding/json does.
type walker struct {
	problems []string
	// folded reports that an object had two keys for one field, in
	// different case; which one encoding/json keeps depends on their
	// order, which the tree has lost.
	folded bool
}

func (w *walker) add(path, format string, args ...any) {
	msg := fmt.Sprintf(format, args...)
	if path == "" {
		w.problems = append(w.problems, msg)
		return
	}
	w.problems = append(w.problems, path+": "+msg)
}

// object calls f for each key of an object in sorted order with the field
// name it matches, skipping null values; it reports unknown keys and
// whether v is an object.
func (w *walker) object(path string, v any, names []string, f func(name, at string, v any)) bool {
	m, ok := v.(map[string]any)
	if !ok {
		w.add(path, "want an object, not %s", jsonType(v))
		return false
	}
	matched := make([]bool, len(names))
	for _, k := range slices.Sorted(func(yield func(string) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}) {
		at := k
		if path != "" {
			at = path + "." + k
		}
		i := slices.IndexFunc(names, func(n string) bool { return strings.EqualFold(n, k) })
		if i < 0 {
			w.add(at, "unknown field")
			continue
		}
		w.folded = w.folded || matched[i]
		matched[i] = true
		if m[k] != nil { // null is the same as absent
			f(names[i], at, m[k])
		}
	}
	return true
}

func (w *walker) array(path string, v any) []any {
	a, ok := v.([]any)
	if !ok {
		w.add(path, "want an array, not %s", jsonType(v))
	}
	return a
}

func (w *walker) round(v any) *roundJSON {
	r := &roundJSON{}
	if _, ok := v.(map[string]any); !ok {
		w.add("", "the round must be a JSON object, not %s", jsonType(v))
		return r
	}
	w.object("", v, []string{"applicants", "positions", "regions", "tiebreak", "seed"}, func(name, at string, v any) {
		switch name {
		case "applicants":
			r.Applicants = []applicantJSON{}
			for i, x := range w.array(at, v) {
				r.Applicants = append(r.Applicants, w.applicant(at+"["+strconv.Itoa(i)+"]", x))
			}
		case "positions":
			r.Positions = []positionJSON{}
			for i, x := range w.array(at, v) {
				r.Positions = append(r.Positions, w.position(at+"["+strconv.Itoa(i)+"]", x))
			}
		case "regions":
			r.Regions = []regionJSON{}
			for i, x := range w.array(at, v) {
				r.Regions = append(r.Regions, w.region(at+"["+strconv.Itoa(i)+"]", x))
			}
		case "tiebreak":
			r.Tiebreak = &tiebreakJSON{}
			w.object(at, v, []string{"applicants", "positions"}, func(name, at string, v any) {
				if name == "applicants" {
					r.Tiebreak.Applicants = w.strings(at, v)
				} else {
					r.Tiebreak.Positions = w.strings(at, v)
				}
			})
		case "seed":
			seed := uint64(0) // a stand-in, so that ties are not reported as unsettled too
			if n, ok := v.(json.Number); !ok {
				w.add(at, "want a non-negative integer, not %s", jsonType(v))
			} else if s, err := strconv.ParseUint(n.String(), 10, 64); err != nil {
				w.add(at, "want an integer from 0 to %d, not %s", uint64(math.MaxUint64), n)
			} else {
				seed = s
			}
			r.Seed = &seed
		}
	})
	return r
}

func (w *walker) applicant(path string, v any) applicantJSON {
	var a applicantJSON
	w.object(path, v, []string{"id", "prefs"}, func(name, at string, v any) {
		switch name {
		case "id":
			a.ID = w.id(at, v)
		case "prefs":
			a.Prefs = w.prefs(at, v)
		}
	})
	return a
}

func (w *walker) position(path string, v any) positionJSON {
	var p positionJSON
	w.object(path, v, []string{"id", "capacity", "region", "target", "prefs"}, func(name, at string, v any) {
		switch name {
		case "id":
			p.ID = w.id(at, v)
		case "capacity":
			p.Capacity = w.integer(at, v, math.MaxInt64)
		case "region":
			p.Region = w.id(at, v)
		case "target":
			p.Target = w.integer(at, v, 0)
		case "prefs":
			p.Prefs = w.prefs(at, v)
		}
	})
	return p
}

func (w *walker) region(path string, v any) regionJSON {
	var r regionJSON
	w.object(path, v, []string{"id", "cap", "order"}, func(name, at string, v any) {
		switch name {
		case "id":
			r.ID = w.id(at, v)
		case "cap":
			r.Cap = w.integer(at, v, math.MaxInt64)
		case "order":
			order := w.strings(at, v)
			r.Order = &order
		}
	})
	return r
}

// id returns a string, or a stand-in that no check reports again.
func (w *walker) id(path string, v any) string {
	s, ok := v.(string)
	if !ok {
		w.add(path, "want a string, not %s", jsonType(v))
		return badID
	}
	return s
}

// badID stands in for an id of the wrong type; checks skip it. JSON text
// cannot hold it: it is not valid UTF-8.
const badID = "\xff"

// integer returns an integer, or for one of the wrong type a pointer to
// the stand-in bad, chosen so that no check reports it again.
func (w *walker) integer(path string, v any, bad int64) *int64 {
	if n, ok := v.(json.Number); ok {
		if i, err := strconv.ParseInt(n.String(), 10, 64); err == nil {
			return &i
		}
		w.add(path, "want an integer, not %s", n)
		return &bad
	}
	w.add(path, "want an integer, not %s", jsonType(v))
	return &bad
}

func (w *walker) strings(path string, v any) []string {
	out := []string{}
	for i, x := range w.array(path, v) {
		out = append(out, w.id(path+"["+strconv.Itoa(i)+"]", x))
	}
	return out
}

func (w *walker) prefs(path string, v any) prefList {
	var l prefList
	for i, x := range w.array(path, v) {
		at := path + "[" + strconv.Itoa(i) + "]"
		switch x := x.(type) {
		case string:
			l.add([]string{x}, false)
		case []any:
			l.add(w.strings(at, x), true)
		default:
			w.add(at, "want an id or an array of ids, not %s", jsonType(x))
			l.add([]string{badID}, false)
		}
	}
	return l
}

func jsonType(v any) string {
	switch v := v.(type) {
	case nil:
		return "null"
	case bool:
		return "a boolean"
	case json.Number:
		return "the number " + v.String()
	case string:
		return "a string"
	case []any:
		return "an array"
	case map[string]any:
		return "an object"
	}
	return fmt.Sprintf("%T", v)
}
