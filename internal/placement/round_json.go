package placement

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
)

// roundJSON is ROUND.json as decoded, before its ids are checked.
type roundJSON struct {
	Applicants []applicantJSON `json:"applicants"`
	Positions  []positionJSON  `json:"positions"`
	Regions    []regionJSON    `json:"regions"`
	Tiebreak   *tiebreakJSON   `json:"tiebreak"`
	Seed       *uint64         `json:"seed"`
}

type applicantJSON struct {
	ID    string   `json:"id"`
	Prefs prefList `json:"prefs"`
}

type positionJSON struct {
	ID       string   `json:"id"`
	Capacity *int64   `json:"capacity"`
	Region   string   `json:"region"`
	Target   *int64   `json:"target"`
	Prefs    prefList `json:"prefs"`
}

type regionJSON struct {
	ID    string    `json:"id"`
	Cap   *int64    `json:"cap"`
	Order *[]string `json:"order"`
}

type tiebreakJSON struct {
	Applicants []string `json:"applicants"`
	Positions  []string `json:"positions"`
}

// prefList is a preference list as read: its ids in order and, when it
// has tie groups (inner arrays), where each item starts. A million lists
// of ten are twenty million entries, so the form is compact: one string
// per id, no value per item unless the list has groups.
type prefList struct {
	ids []string
	// start[g] is the index in ids of item g's first id, with a final
	// len(ids); group[g] reports that item g is an inner array. Both are
	// nil when no item is.
	start []int32
	group []bool
}

// items returns the number of items.
func (l *prefList) items() int {
	if l.group == nil {
		return len(l.ids)
	}
	return len(l.group)
}

// item returns item g's ids and whether it is a tie group.
func (l *prefList) item(g int) ([]string, bool) {
	if l.group == nil {
		return l.ids[g : g+1], false
	}
	return l.ids[l.start[g]:l.start[g+1]], l.group[g]
}

// add appends an item: one id, or a tie group.
func (l *prefList) add(ids []string, group bool) {
	if group && l.group == nil {
		n := len(l.ids)
		l.start = make([]int32, n+1, n+8)
		for i := range l.start {
			l.start[i] = int32(i)
		}
		l.group = make([]bool, n, n+8)
	}
	l.ids = append(l.ids, ids...)
	if l.group != nil {
		l.group = append(l.group, group)
		l.start = append(l.start, int32(len(l.ids)))
	}
}

var errPrefItem = errors.New("a preference is an id or an array of ids")

// UnmarshalJSON reads an array of ids and arrays of ids. encoding/json
// has checked the syntax of b before calling it. It reads ids without
// escapes by hand: through encoding/json's reflection a million lists
// take seconds.
func (l *prefList) UnmarshalJSON(b []byte) error {
	*l = prefList{}
	if string(b) == "null" {
		return nil
	}
	i := skipSpace(b, 0)
	if i >= len(b) || b[i] != '[' {
		return errPrefItem
	}
	// Ids go into one array sized by counting quotes.
	l.ids = make([]string, 0, bytes.Count(b, []byte{'"'})/2)
	var one [1]string
	var group []string
	for i = skipSpace(b, i+1); i < len(b) && b[i] != ']'; i = skipSpace(b, i) {
		switch b[i] {
		case '"':
			s, next, err := readString(b, i)
			if err != nil {
				return err
			}
			one[0], i = s, next
			l.add(one[:], false)
		case '[':
			group = group[:0]
			for i = skipSpace(b, i+1); i < len(b) && b[i] != ']'; i = skipSpace(b, i) {
				if b[i] != '"' {
					return errPrefItem
				}
				s, next, err := readString(b, i)
				if err != nil {
					return err
				}
				group = append(group, s)
				if i = skipSpace(b, next); i < len(b) && b[i] == ',' {
					i++
				}
			}
			i++
			l.add(group, true)
		default:
			return errPrefItem
		}
		if i = skipSpace(b, i); i < len(b) && b[i] == ',' {
			i++
		}
	}
	if len(l.ids) == 0 {
		l.ids = nil // as the walker has it
	}
	return nil
}

func skipSpace(b []byte, i int) int {
	for i < len(b) && (b[i] == ' ' || b[i] == '\t' || b[i] == '\n' || b[i] == '\r') {
		i++
	}
	return i
}

// readString reads the JSON string starting at b[i] and returns it and
// the index after it. Strings with escapes or bytes outside ASCII go
// through encoding/json, which decodes them and replaces invalid UTF-8.
func readString(b []byte, i int) (string, int, error) {
	plain := true
	j := i + 1
	for ; j < len(b) && b[j] != '"'; j++ {
		if b[j] == '\\' {
			plain = false
			j++
		} else if b[j] >= 0x80 {
			plain = false
		}
	}
	if j >= len(b) {
		return "", j, errPrefItem
	}
	if plain {
		return string(b[i+1 : j]), j + 1, nil
	}
	var s string
	err := json.Unmarshal(b[i:j+1], &s)
	return s, j + 1, err
}

// decodeRound decodes ROUND.json strictly: no unknown fields, nothing
// after the value. On an error other than a syntax error it walks the
// document again to list every problem with its place; a syntax error
// gives one problem with its line and column.
func decodeRound(data []byte) (*roundJSON, []string) {
	var r roundJSON
	d := json.NewDecoder(bytes.NewReader(data))
	d.DisallowUnknownFields()
	err := d.Decode(&r)
	if err == nil {
		if _, terr := d.Token(); terr != io.EOF {
			if terr == nil {
				err = errors.New("data after the round")
			} else {
				err = terr
			}
		}
	}
	if err == nil {
		if t := bytes.TrimLeft(data, " \t\r\n"); t[0] != '{' {
			return nil, []string{"the round must be a JSON object, not null"}
		}
		return &r, nil
	}
	if se, ok := errors.AsType[*json.SyntaxError](err); ok {
		return nil, []string{syntaxProblem(data, se.Offset, se.Error())}
	}
	if err == io.EOF || err == io.ErrUnexpectedEOF {
		return nil, []string{"invalid JSON: " + describeEOF(data)}
	}
	var tree any
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	if derr := dec.Decode(&tree); derr != nil {
		return nil, []string{"invalid JSON: " + derr.Error()}
	}
	var w walker
	rr := w.round(tree)
	if _, terr := dec.Token(); terr != io.EOF {
		w.add("", "data after the round")
	}
	if len(w.problems) == 0 {
		// The walk found nothing the decoder did: say what it said.
		w.add("", "%s", err.Error())
	}
	return rr, w.problems
}

func describeEOF(data []byte) string {
	if len(bytes.TrimSpace(data)) == 0 {
		return "empty input"
	}
	return "unexpected end of input"
}

// syntaxProblem places a JSON syntax error at its line and column.
func syntaxProblem(data []byte, offset int64, msg string) string {
	if offset > int64(len(data)) {
		offset = int64(len(data))
	}
	before := data[:max(offset-1, 0)]
	line := bytes.Count(before, []byte{'\n'}) + 1
	col := len(before) - bytes.LastIndexByte(before, '\n')
	return fmt.Sprintf("invalid JSON at line %d, column %d: %s", line, col, msg)
}
