package ror

import (
	"errors"
	"slices"
	"strconv"
)

// The compact form, one object per line (see data/ror/SOURCE.md):
//
//	{"id": "https://ror.org/…",
//	 "names": {"display": "…", "aliases": […], "acronyms": […],
//	           "labels": [{"value": "…", "lang": "ja"|null}]},
//	 "types": […], "country": "JP", "city": "…", "established": 1877|null,
//	 "links": […],
//	 "relationships": {"parent"|"child"|"related"|"successor"|"predecessor": [ids]},
//	 "status": "active", "ror_release": "v1.45", "last_modified": "2024-04-05"}
//
// Any other field is an error; null stands for an absent value.

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

// decodeCompact decodes and validates one line of compact JSON Lines. lx is
// reused from line to line.
func decodeCompact(lx *lexer, line []byte) (Record, error) {
	lx.b, lx.i = line, 0
	var rec Record
	var rels [5][]string // by relTypes
	err := lx.object(func(key []byte) error {
		var err error
		switch string(key) {
		case "id":
			rec.ID, err = lx.string()
		case "names":
			return lx.object(func(key []byte) error {
				var err error
				switch string(key) {
				case "display":
					rec.Display, err = lx.string()
				case "aliases":
					rec.Aliases, err = lx.strings()
				case "acronyms":
					rec.Acronyms, err = lx.strings()
				case "labels":
					return lx.array(func(i int) error {
						lab, err := decodeLabel(lx, i)
						rec.Labels = append(rec.Labels, lab)
						return err
					})
				default:
					return unknownField("names." + string(key))
				}
				if err != nil {
					return inField(err, "names."+string(key))
				}
				return nil
			})
		case "types":
			rec.Types, err = lx.strings()
		case "country":
			rec.Country, err = lx.string()
		case "city":
			rec.City, err = lx.string()
		case "established":
			rec.Established, err = lx.integer()
		case "links":
			rec.Links, err = lx.strings()
		case "relationships":
			return lx.object(func(key []byte) error {
				t := slices.Index(relTypes, string(key))
				if t < 0 {
					return unknownField("relationships." + string(key))
				}
				var err error
				if rels[t], err = lx.strings(); err != nil {
					return inField(err, "relationships."+string(key))
				}
				return nil
			})
		case "status":
			rec.Status, err = lx.string()
		case "ror_release":
			rec.Release, err = lx.string()
		case "last_modified":
			rec.LastModified, err = lx.string()
		default:
			return unknownField(string(key))
		}
		if err != nil {
			return inField(err, string(key))
		}
		return nil
	})
	if te, ok := err.(*typeError); ok {
		return Record{}, errors.New("invalid record: " + te.Error())
	}
	if err != nil {
		return Record{}, err
	}
	if lx.next() != 0 {
		return Record{}, errors.New("invalid JSON: data after the object")
	}
	for t, ids := range rels {
		for _, id := range ids {
			rec.Relationships = append(rec.Relationships, Relationship{Type: relTypes[t], ID: id})
		}
	}
	if err := normalise(&rec, compactFields); err != nil {
		return Record{}, err
	}
	return rec, nil
}

// decodeLabel decodes the i'th element of names.labels.
func decodeLabel(lx *lexer, i int) (Label, error) {
	var lab Label
	err := lx.object(func(key []byte) error {
		var err error
		switch string(key) {
		case "value":
			lab.Value, err = lx.string()
		case "lang":
			lab.Lang, err = lx.string()
		default:
			return unknownField(labelField(i, string(key)))
		}
		if err != nil {
			return inField(err, labelField(i, string(key)))
		}
		return nil
	})
	if err != nil {
		return lab, inField(err, labelField(i, ""))
	}
	return lab, nil
}

// labelField names a field of the i'th label, or the label itself if key is
// "".
func labelField(i int, key string) string {
	f := "names.labels[" + strconv.Itoa(i) + "]"
	if key != "" {
		f += "." + key
	}
	return f
}

func unknownField(field string) error {
	return &fieldError{field: field, err: errors.New("unknown field")}
}
