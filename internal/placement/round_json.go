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

// prefJSON is one item of a preference list: an id, or a tie group (an
// array of ids).
type prefJSON struct {
	ids   []string
	group bool
}

// prefList is a preference list. Its UnmarshalJSON reads the common case,
// ids without escapes, by hand: through encoding/json's reflection a
// million lists take seconds.
type prefList []prefJSON

var errPrefItem = errors.New("a preference is an id or an array of ids")

// UnmarshalJSON reads an array of ids and arrays of ids. encoding/json
// has checked the syntax of b before calling it.
func (l *prefList) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		*l = nil
		return nil
	}
	i := skipSpace(b, 0)
	if i >= len(b) || b[i] != '[' {
		return errPrefItem
	}
	// All ids of the list share one array, sized by counting quotes.
	all := make([]string, 0, bytes.Count(b, []byte{'"'})/2)
	out := make(prefList, 0, cap(all))
	for i = skipSpace(b, i+1); i < len(b) && b[i] != ']'; i = skipSpace(b, i) {
		var item prefJSON
		start := len(all)
		switch b[i] {
		case '"':
			s, next, err := readString(b, i)
			if err != nil {
				return err
			}
			all, i = append(all, s), next
		case '[':
			item.group = true
			for i = skipSpace(b, i+1); i < len(b) && b[i] != ']'; i = skipSpace(b, i) {
				if b[i] != '"' {
					return errPrefItem
				}
				s, next, err := readString(b, i)
				if err != nil {
					return err
				}
				all = append(all, s)
				if i = skipSpace(b, next); i < len(b) && b[i] == ',' {
					i++
				}
			}
			i++
		default:
			return errPrefItem
		}
		item.ids = all[start:len(all):len(all)]
		out = append(out, item)
		if i = skipSpace(b, i); i < len(b) && b[i] == ',' {
			i++
		}
	}
	*l = out
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
