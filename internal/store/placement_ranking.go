package store

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/setu-council/setu/internal/errs"
)

// Ranking is a preference list, most preferred first: each item is one id
// or a tie group of ids. In JSON it is written as ROUND.json writes
// prefs: ["p1", ["p2", "p3"], "p4"].
type Ranking [][]string

// MarshalJSON writes single ids as strings and tie groups as arrays.
func (rk Ranking) MarshalJSON() ([]byte, error) {
	items := make([]any, len(rk))
	for i, g := range rk {
		if len(g) == 1 {
			items[i] = g[0]
		} else {
			items[i] = g
		}
	}
	return json.Marshal(items)
}

// UnmarshalJSON reads an array of ids and arrays of ids.
func (rk *Ranking) UnmarshalJSON(b []byte) error {
	var raw []any
	if err := json.Unmarshal(b, &raw); err != nil {
		return fmt.Errorf("a ranking is an array of ids and arrays of ids")
	}
	out := make(Ranking, 0, len(raw))
	for i, item := range raw {
		switch v := item.(type) {
		case string:
			out = append(out, []string{v})
		case []any:
			group := make([]string, len(v))
			for k, x := range v {
				id, ok := x.(string)
				if !ok {
					return fmt.Errorf("item %d: an id or an array of ids", i)
				}
				group[k] = id
			}
			out = append(out, group)
		default:
			return fmt.Errorf("item %d: an id or an array of ids", i)
		}
	}
	if raw == nil {
		out = nil
	}
	*rk = out
	return nil
}

// IDs returns the ids of the ranking in order.
func (rk Ranking) IDs() []string {
	var out []string
	for _, g := range rk {
		out = append(out, g...)
	}
	return out
}

// Rank returns the 1-based rank of id's item, or 0 when id is not listed.
func (rk Ranking) Rank(id string) int {
	for i, g := range rk {
		for _, x := range g {
			if x == id {
				return i + 1
			}
		}
	}
	return 0
}

// check trims ids, drops empty groups and reports empty or repeated ids
// and ids that known rejects (when known is not nil), under field.
func (rk *Ranking) check(p *errs.Problems, field string, known func(string) string) {
	seen := map[string]string{}
	out := Ranking{}
	for i, g := range *rk {
		var kept []string
		for k, id := range g {
			id = strings.TrimSpace(id)
			at := fmt.Sprintf("%s[%d]", field, i)
			if len(g) > 1 {
				at = fmt.Sprintf("%s[%d][%d]", field, i, k)
			}
			switch {
			case id == "":
				p.Add(at, "is empty")
				continue
			case seen[id] != "":
				p.Add(at, "%q is already listed at %s", id, seen[id])
				continue
			}
			seen[id] = at
			if known != nil {
				if why := known(id); why != "" {
					p.Add(at, "%s", why)
					continue
				}
			}
			kept = append(kept, id)
		}
		if len(kept) > 0 {
			out = append(out, kept)
		}
	}
	*rk = out
}

func (rk Ranking) text() string {
	b, _ := json.Marshal(rk)
	return string(b)
}

func parseRanking(s string) Ranking {
	var rk Ranking
	if err := json.Unmarshal([]byte(s), &rk); err != nil || rk == nil {
		return Ranking{}
	}
	return rk
}

// without returns the ranking with id removed, dropping a group it
// leaves empty.
func (rk Ranking) without(id string) Ranking {
	out := Ranking{}
	for _, g := range rk {
		var kept []string
		for _, x := range g {
			if x != id {
				kept = append(kept, x)
			}
		}
		if len(kept) > 0 {
			out = append(out, kept)
		}
	}
	return out
}
