package ror

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"reflect"
	"slices"
	"strconv"
	"strings"
)

// dumpRecord is one record of an official ROR JSON dump. It holds the fields
// of schema v2 that Record maps and, for older dumps, those of schema v1;
// every other field is ignored.
type dumpRecord struct {
	ID            string             `json:"id"`
	Names         []dumpName         `json:"names"`
	Types         []string           `json:"types"`
	Locations     []dumpLocation     `json:"locations"`
	Established   int                `json:"established"` // null leaves 0
	Links         []dumpLink         `json:"links"`
	Relationships []dumpRelationship `json:"relationships"`
	Status        string             `json:"status"`
	Admin         struct {
		LastModified struct {
			Date          string `json:"date"`
			SchemaVersion string `json:"schema_version"`
		} `json:"last_modified"`
	} `json:"admin"`

	// Schema v1 only.
	Name     *string  `json:"name"`
	Aliases  []string `json:"aliases"`
	Acronyms []string `json:"acronyms"`
	Labels   []struct {
		Label  string `json:"label"`
		ISO639 string `json:"iso639"`
	} `json:"labels"`
	Country struct {
		CountryCode string `json:"country_code"`
	} `json:"country"`
	Addresses []struct {
		City string `json:"city"`
	} `json:"addresses"`
	Wikipedia string `json:"wikipedia_url"`
}

type dumpName struct {
	Value string   `json:"value"`
	Types []string `json:"types"` // ror_display, alias, acronym, label
	Lang  string   `json:"lang"`  // null leaves ""
}

type dumpLocation struct {
	GeonamesDetails struct {
		CountryCode string `json:"country_code"`
		Name        string `json:"name"`
	} `json:"geonames_details"`
}

// dumpLink is a link: {"type": "website", "value": URL} in schema v2, a
// plain URL string in schema v1.
type dumpLink struct{ Value string }

// UnmarshalJSON accepts either form of a link.
func (l *dumpLink) UnmarshalJSON(b []byte) error {
	switch b[0] { // encoding/json passes a whole, valid value
	case '"':
		return json.Unmarshal(b, &l.Value)
	case '{':
		var v struct {
			Value string `json:"value"`
		}
		err := json.Unmarshal(b, &v)
		l.Value = v.Value
		return err
	case 'n':
		return nil
	}
	return &json.UnmarshalTypeError{Value: jsonKind(b[0]), Type: reflect.TypeFor[dumpLink]()}
}

// jsonKind names the kind of JSON value that starts with c.
func jsonKind(c byte) string {
	switch c {
	case '"':
		return "string"
	case '{':
		return "object"
	case '[':
		return "array"
	case 't', 'f':
		return "bool"
	case 'n':
		return "null"
	}
	return "number"
}

type dumpRelationship struct {
	Type string `json:"type"`
	ID   string `json:"id"`
}

var dumpFields = fieldNames{
	id:           "id",
	display:      "names",
	types:        "types",
	country:      "locations[0].geonames_details.country_code",
	established:  "established",
	status:       "status",
	lastModified: "admin.last_modified.date",
	relationship: func(i int, _, part string) string { return "relationships[" + strconv.Itoa(i) + "]." + part },
}

var dumpV1Fields = fieldNames{
	id:           "id",
	display:      "name",
	types:        "types",
	country:      "country.country_code",
	established:  "established",
	status:       "status",
	lastModified: "",
	relationship: dumpFields.relationship,
}

// dumpDecoder streams the records of a JSON array.
type dumpDecoder struct {
	dec     *json.Decoder
	src     *boundedReader
	release string // the release named by the input's name, or ""
}

func newDumpDecoder(r io.Reader, name string) (*dumpDecoder, error) {
	src := &boundedReader{r: r, limit: maxRecord}
	d := &dumpDecoder{dec: json.NewDecoder(src), src: src, release: releaseFromName(name)}
	if _, err := d.dec.Token(); err != nil { // the '[' that NewReader saw
		return nil, err
	}
	return d, nil
}

// nextDump returns the next record of a dump.
func (r *Reader) nextDump() (Record, error) {
	d := r.dump
	if !d.dec.More() {
		if _, err := d.dec.Token(); err != nil { // ']'
			if d.src.err != nil {
				r.err = r.readError(d.src.err)
				return Record{}, r.err
			}
			if err == io.EOF {
				err = io.ErrUnexpectedEOF
			}
			r.err = r.wrap(jsonError(err))
			return Record{}, r.err
		}
		if _, err := d.dec.Token(); err != io.EOF {
			r.err = r.errorf("", "invalid JSON: data after the array")
			return Record{}, r.err
		}
		r.err = io.EOF
		return Record{}, io.EOF
	}
	r.line++
	d.src.limit = d.dec.InputOffset() + maxRecord
	var dr dumpRecord
	if err := d.dec.Decode(&dr); err != nil {
		if d.src.err != nil {
			r.err = r.readError(d.src.err)
			return Record{}, r.err
		}
		if _, ok := errors.AsType[*json.UnmarshalTypeError](err); ok {
			return Record{}, r.wrap(jsonError(err)) // the decoder is past the record
		}
		r.err = r.wrap(jsonError(err))
		return Record{}, r.err
	}
	rec, err := dr.record(d.release)
	if err != nil {
		return Record{}, r.wrap(err)
	}
	return rec, nil
}

// record maps a dump record to a validated Record. release is the release
// the dump's name gives, or "".
func (dr *dumpRecord) record(release string) (Record, error) {
	if dr.Names == nil && dr.Name != nil {
		return dr.recordV1(release)
	}
	rec := Record{
		ID:           dr.ID,
		Types:        dr.Types,
		Established:  dr.Established,
		Status:       dr.Status,
		Release:      release,
		LastModified: dr.Admin.LastModified.Date,
	}
	if rec.Release == "" && (dr.Admin.LastModified.SchemaVersion != "" || rec.LastModified != "") {
		rec.Release = dr.Admin.LastModified.SchemaVersion + "/" + rec.LastModified
	}
	for _, n := range dr.Names {
		switch {
		case slices.Contains(n.Types, "ror_display"):
			if rec.Display == "" {
				rec.Display = n.Value
			}
		case slices.Contains(n.Types, "label"):
			rec.Labels = append(rec.Labels, Label{Value: n.Value, Lang: n.Lang})
		}
		if slices.Contains(n.Types, "alias") {
			rec.Aliases = append(rec.Aliases, n.Value)
		}
		if slices.Contains(n.Types, "acronym") {
			rec.Acronyms = append(rec.Acronyms, n.Value)
		}
	}
	if rec.Display == "" {
		return Record{}, errField("names", "no name of type ror_display")
	}
	if len(dr.Locations) == 0 {
		return Record{}, errField("locations", "missing")
	}
	rec.Country = dr.Locations[0].GeonamesDetails.CountryCode
	rec.City = dr.Locations[0].GeonamesDetails.Name
	rec.Links = dr.links()
	rec.Relationships = dr.relationships()
	if err := normalise(&rec, dumpFields); err != nil {
		return Record{}, err
	}
	return rec, nil
}

// recordV1 maps a ROR schema v1 record, as found in dumps before release
// v1.45 and in their v1 files until v2.0.
func (dr *dumpRecord) recordV1(release string) (Record, error) {
	rec := Record{
		ID:          dr.ID,
		Display:     *dr.Name,
		Aliases:     dr.Aliases,
		Acronyms:    dr.Acronyms,
		Types:       dr.Types,
		Country:     dr.Country.CountryCode,
		Established: dr.Established,
		Status:      dr.Status,
		Release:     release,
	}
	for _, l := range dr.Labels {
		rec.Labels = append(rec.Labels, Label{Value: l.Label, Lang: l.ISO639})
	}
	if len(dr.Addresses) > 0 {
		rec.City = dr.Addresses[0].City
	}
	rec.Links = dr.links()
	if dr.Wikipedia != "" && !slices.Contains(rec.Links, dr.Wikipedia) {
		rec.Links = append(rec.Links, dr.Wikipedia)
	}
	rec.Relationships = dr.relationships()
	if err := normalise(&rec, dumpV1Fields); err != nil {
		return Record{}, err
	}
	return rec, nil
}

func (dr *dumpRecord) links() []string {
	var links []string
	for _, l := range dr.Links {
		if l.Value != "" {
			links = append(links, l.Value)
		}
	}
	return links
}

func (dr *dumpRecord) relationships() []Relationship {
	var rels []Relationship
	for _, rel := range dr.Relationships {
		rels = append(rels, Relationship{Type: rel.Type, ID: rel.ID})
	}
	return rels
}

// releaseFromName returns the release that an official dump's file name
// starts with, e.g. "v1.45" for "v1.45-2024-04-05-ror-data_schema_v2.json",
// or "" if it names none.
func releaseFromName(name string) string {
	if i := strings.LastIndexAny(name, `/\`); i >= 0 {
		name = name[i+1:]
	}
	if len(name) < 4 || name[0] != 'v' {
		return ""
	}
	end := 1
	for end < len(name) && (name[end] == '.' || '0' <= name[end] && name[end] <= '9') {
		end++
	}
	rel := strings.TrimRight(name[:end], ".")
	if !strings.Contains(rel, ".") || strings.HasPrefix(rel, "v.") || strings.Contains(rel, "..") {
		return ""
	}
	if next := len(rel); next < len(name) && name[next] != '-' && name[next] != '_' && name[next] != '.' {
		return ""
	}
	return rel
}

// boundedReader reads from r until limit bytes have been read in all, then
// fails with errTooLong. The dump decoder moves limit on before each record,
// bounding how much of one record it buffers. It keeps r's first error other
// than io.EOF, to tell a failing input from a malformed one.
type boundedReader struct {
	r        io.Reader
	n, limit int64
	err      error
}

func (b *boundedReader) Read(p []byte) (int, error) {
	if b.n >= b.limit {
		return 0, errTooLong
	}
	if int64(len(p)) > b.limit-b.n {
		p = p[:b.limit-b.n]
	}
	n, err := b.r.Read(p)
	b.n += int64(n)
	if err != nil && err != io.EOF && b.err == nil {
		b.err = err
	}
	return n, err
}

// jsonError turns an error from encoding/json into one that says what is
// wrong in the input's terms, naming the field where it can.
func jsonError(err error) error {
	if te, ok := errors.AsType[*json.UnmarshalTypeError](err); ok {
		got := "JSON " + te.Value
		if te.Field == "" {
			return fmt.Errorf("invalid record: got %s, want an object", got)
		}
		return &fieldError{field: te.Field, err: fmt.Errorf("got %s, want %s", got, typeName(te.Type.String()))}
	}
	if err == io.ErrUnexpectedEOF {
		return errEnd
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
