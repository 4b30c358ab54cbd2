package store

import (
	"bytes"
	"encoding/json"
	"sort"
)

// FieldChange is one field that an audit entry changed, with its values
// before and after as compact JSON ("" when the field was absent).
type FieldChange struct {
	Field  string
	Before string
	After  string
}

// DiffAudit returns the top-level fields whose values differ between an
// entry's before and after documents, by name. A sealed person entry
// shows only that it was sealed.
func DiffAudit(e AuditEntry) []FieldChange {
	before, after := auditFields(e.Before), auditFields(e.After)
	names := map[string]bool{}
	for k := range before {
		names[k] = true
	}
	for k := range after {
		names[k] = true
	}
	var out []FieldChange
	for k := range names {
		b, a := before[k], after[k]
		if bytes.Equal(b, a) {
			continue
		}
		out = append(out, FieldChange{Field: k, Before: compactJSON(b), After: compactJSON(a)})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Field < out[j].Field })
	return out
}

func auditFields(doc json.RawMessage) map[string]json.RawMessage {
	m := map[string]json.RawMessage{}
	if json.Unmarshal(doc, &m) != nil {
		return map[string]json.RawMessage{}
	}
	return m
}

func compactJSON(v json.RawMessage) string {
	if v == nil {
		return ""
	}
	var b bytes.Buffer
	if json.Compact(&b, v) != nil {
		return string(v)
	}
	return b.String()
}
