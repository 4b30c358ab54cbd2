// Package ror reads Research Organization Registry (ROR, ror.org) records:
// the compact JSON Lines form that Setu ships (data/ror) and the official ROR
// schema v2 JSON dump. It streams from an io.Reader, gunzipping when needed,
// and returns plain, validated values; it knows nothing about storage.
package ror

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"time"
)

// Record is one ROR organisation in the compact form.
//
// Release is ror_release in the compact form. An official dump names its
// release in its file name ("v1.45-2024-04-05-ror-data_schema_v2.json" gives
// "v1.45"); when the name does not, Release is the record's
// admin.last_modified schema_version and date, as in "2.1/2024-04-05".
type Record struct {
	ID            string         // full ROR id URL, e.g. "https://ror.org/057zh3y96"
	Display       string         // the name ROR displays
	Aliases       []string       // other names
	Acronyms      []string       // acronyms and initialisms
	Labels        []Label        // names in other languages
	Types         []string       // lower-case ROR types, e.g. "education"
	Country       string         // ISO 3166-1 alpha-2, upper case
	City          string         // city name from GeoNames
	Established   int            // year founded; 0 when unknown
	Links         []string       // website and Wikipedia URLs
	Relationships []Relationship // links to other organisations
	Status        string         // active, inactive or withdrawn
	Release       string         // the ROR release this version comes from
	LastModified  string         // "YYYY-MM-DD", or "" when not known
}

// Label is a name of an organisation in a language.
type Label struct {
	Value string
	Lang  string // ISO 639-1 code; may be ""
}

// Relationship links a record to another organisation.
type Relationship struct {
	Type string // parent, child, related, successor or predecessor
	ID   string // full ROR id URL of the other organisation
}

// orgTypes lists the organisation types ROR defines, in lower case.
var orgTypes = []string{"education", "company", "nonprofit", "facility", "healthcare", "funder", "government", "other", "archive"}

// relTypes lists the relationship types ROR defines, in the order
// Record.Relationships is sorted by.
var relTypes = []string{"parent", "child", "related", "successor", "predecessor"}

// statuses lists the record statuses ROR defines.
var statuses = []string{"active", "inactive", "withdrawn"}

// fieldError is a problem with one field of a record; the reader adds the
// input's name and line.
type fieldError struct {
	field string
	err   error
}

func (e *fieldError) Error() string { return fmt.Sprintf("field %q: %v", e.field, e.err) }

func (e *fieldError) Unwrap() error { return e.err }

func errField(field, format string, args ...any) *fieldError {
	return &fieldError{field: field, err: fmt.Errorf(format, args...)}
}

// normalise validates rec and puts it in canonical form: full ids, upper-case
// country, lower-case types, "active" for an empty status and relationships
// sorted by type (stably), nil for empty lists. fields names the fields in
// errors as the input format spells them.
func normalise(rec *Record, fields fieldNames) error {
	if rec.ID == "" {
		return errField(fields.id, "missing")
	}
	id, err := FullID(rec.ID)
	if err != nil {
		return errField(fields.id, "%w", err)
	}
	rec.ID = id
	if strings.TrimSpace(rec.Display) == "" {
		return errField(fields.display, "missing")
	}
	for i, t := range rec.Types {
		lt := strings.ToLower(t)
		if !slices.Contains(orgTypes, lt) {
			return errField(fields.types, "%q is not a ROR organisation type", t)
		}
		rec.Types[i] = lt
	}
	if rec.Country == "" {
		return errField(fields.country, "missing")
	}
	c, ok := countryCode(rec.Country)
	if !ok {
		return errField(fields.country, "%q is not an ISO 3166-1 alpha-2 code", rec.Country)
	}
	rec.Country = c
	if rec.Established != 0 && (rec.Established < 1000 || rec.Established > 2100) {
		return errField(fields.established, "%d is not a year between 1000 and 2100", rec.Established)
	}
	if rec.Status == "" {
		rec.Status = "active"
	}
	if st := strings.ToLower(rec.Status); slices.Contains(statuses, st) {
		rec.Status = st
	} else {
		return errField(fields.status, "%q is not one of active, inactive, withdrawn", rec.Status)
	}
	if rec.LastModified != "" && !isDate(rec.LastModified) {
		return errField(fields.lastModified, "%q is not a date (YYYY-MM-DD)", rec.LastModified)
	}
	for i := range rec.Relationships {
		rel := &rec.Relationships[i]
		lt := strings.ToLower(rel.Type)
		if !slices.Contains(relTypes, lt) {
			return errField(fields.relationship(i, rel.Type, "type"), "%q is not a ROR relationship type", rel.Type)
		}
		rel.Type = lt
		if rel.ID == "" {
			return errField(fields.relationship(i, lt, "id"), "missing")
		}
		id, err := FullID(rel.ID)
		if err != nil {
			return errField(fields.relationship(i, lt, "id"), "%w", err)
		}
		rel.ID = id
	}
	slices.SortStableFunc(rec.Relationships, func(a, b Relationship) int {
		return cmp.Compare(slices.Index(relTypes, a.Type), slices.Index(relTypes, b.Type))
	})
	rec.Aliases = orNil(rec.Aliases)
	rec.Acronyms = orNil(rec.Acronyms)
	rec.Labels = orNil(rec.Labels)
	rec.Types = orNil(rec.Types)
	rec.Links = orNil(rec.Links)
	rec.Relationships = orNil(rec.Relationships)
	return nil
}

// fieldNames names the fields that normalise checks, as the input format
// spells them.
type fieldNames struct {
	id, display, types, country, established, status, lastModified string
	// relationship names part ("type" or "id") of the i'th relationship,
	// whose type is typ.
	relationship func(i int, typ, part string) string
}

// orNil returns s, or nil when s is empty, so that absent and empty lists
// compare equal.
func orNil[T any](s []T) []T {
	if len(s) == 0 {
		return nil
	}
	return s
}

// countryCode returns the upper-case form of a two-letter country code.
func countryCode(s string) (string, bool) {
	if len(s) != 2 {
		return "", false
	}
	for i := range 2 {
		c := s[i] | 0x20 // lower case for ASCII letters
		if c < 'a' || c > 'z' {
			return "", false
		}
	}
	return strings.ToUpper(s), true
}

// isDate reports whether s is a date in the form YYYY-MM-DD.
func isDate(s string) bool {
	_, err := time.Parse(time.DateOnly, s)
	return err == nil
}
