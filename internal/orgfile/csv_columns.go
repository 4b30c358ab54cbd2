package orgfile

import (
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/setu-council/setu/internal/registry"
)

// column is one column of the CSV format: how to write it from an
// organisation and how to read it back. A column with no set is a label
// written for people to read; the reader accepts and ignores it, because
// the code beside it is what counts.
type column struct {
	name string
	get  func(o *registry.Organisation, v registry.Vocabulary) string
	set  func(o *registry.Organisation, cell string) error
}

// columns are the CSV columns, in order. Lists are encoded as in cells.go;
// times are RFC 3339 in UTC, blank for none.
var columns = []column{
	textColumn("id", func(o *registry.Organisation) *string { return &o.ID }),
	textColumn("name", func(o *registry.Organisation) *string { return &o.Name }),
	textColumn("kind", func(o *registry.Organisation) *string { return &o.Kind }),
	{name: "kind_label", get: func(o *registry.Organisation, v registry.Vocabulary) string { return v.KindLabel(o.Kind) }},
	textColumn("country", func(o *registry.Organisation) *string { return &o.Country }),
	{name: "country_name", get: func(o *registry.Organisation, _ registry.Vocabulary) string { return registry.CountryName(o.Country) }},
	textColumn("city", func(o *registry.Organisation) *string { return &o.City }),
	{name: "established", get: getEstablished, set: setEstablished},
	textColumn("website", func(o *registry.Organisation) *string { return &o.Website }),
	textColumn("status", func(o *registry.Organisation) *string { return &o.Status }),
	textColumn("description", func(o *registry.Organisation) *string { return &o.Description }),
	listColumn("layers", func(o *registry.Organisation) *[]string { return &o.Layers }),
	{name: "layer_labels", get: func(o *registry.Organisation, _ registry.Vocabulary) string {
		return labels(o.Layers, registry.LayerLabel)
	}},
	listColumn("domains", func(o *registry.Organisation) *[]string { return &o.Domains }),
	{name: "domain_labels", get: func(o *registry.Organisation, v registry.Vocabulary) string { return labels(o.Domains, v.DomainLabel) }},
	{name: "capabilities", get: getCapabilities, set: setCapabilities},
	{name: "other_names", get: getOtherNames, set: setOtherNames},
	{name: "external_ids", get: getExternalIDs, set: setExternalIDs},
	{name: "relationships", get: getRelationships, set: setRelationships},
	{name: "sample", get: getSample, set: setSample},
	textColumn("provenance_source", func(o *registry.Organisation) *string { return &o.Provenance.Source }),
	textColumn("provenance_source_id", func(o *registry.Organisation) *string { return &o.Provenance.SourceID }),
	textColumn("provenance_release", func(o *registry.Organisation) *string { return &o.Provenance.Release }),
	textColumn("provenance_licence", func(o *registry.Organisation) *string { return &o.Provenance.Licence }),
	timeColumn("created_at", func(o *registry.Organisation) *time.Time { return &o.CreatedAt }),
	timeColumn("updated_at", func(o *registry.Organisation) *time.Time { return &o.UpdatedAt }),
}

func textColumn(name string, f func(*registry.Organisation) *string) column {
	return column{
		name: name,
		get:  func(o *registry.Organisation, _ registry.Vocabulary) string { return *f(o) },
		set:  func(o *registry.Organisation, cell string) error { *f(o) = cell; return nil },
	}
}

func listColumn(name string, f func(*registry.Organisation) *[]string) column {
	return column{
		name: name,
		get:  func(o *registry.Organisation, _ registry.Vocabulary) string { return joinList(*f(o)) },
		set: func(o *registry.Organisation, cell string) error {
			l, err := splitList(cell)
			*f(o) = l
			return err
		},
	}
}

func timeColumn(name string, f func(*registry.Organisation) *time.Time) column {
	return column{
		name: name,
		get: func(o *registry.Organisation, _ registry.Vocabulary) string {
			if t := *f(o); !t.IsZero() {
				return t.UTC().Format(time.RFC3339Nano)
			}
			return ""
		},
		set: func(o *registry.Organisation, cell string) error {
			if cell == "" {
				*f(o) = time.Time{}
				return nil
			}
			t, err := time.Parse(time.RFC3339Nano, cell)
			if err != nil {
				return errors.New("not an RFC 3339 time such as 2024-04-05T09:30:00Z")
			}
			*f(o) = t.UTC()
			return nil
		},
	}
}

func labels(codes []string, label func(string) string) string {
	ls := make([]string, len(codes))
	for i, c := range codes {
		ls[i] = label(c)
	}
	return joinList(ls)
}

func getEstablished(o *registry.Organisation, _ registry.Vocabulary) string {
	if o.Established == 0 {
		return ""
	}
	return strconv.Itoa(o.Established)
}

func setEstablished(o *registry.Organisation, cell string) error {
	if cell == "" {
		o.Established = 0
		return nil
	}
	n, err := strconv.Atoi(cell)
	if err != nil {
		return errors.New("not a year")
	}
	o.Established = n
	return nil
}

func getSample(o *registry.Organisation, _ registry.Vocabulary) string {
	return strconv.FormatBool(o.Sample)
}

func setSample(o *registry.Organisation, cell string) error {
	if cell == "" {
		o.Sample = false
		return nil
	}
	b, err := strconv.ParseBool(strings.ToLower(cell))
	if err != nil {
		return errors.New("not true or false")
	}
	o.Sample = b
	return nil
}

// other_names: value|type or value|type|lang.
func getOtherNames(o *registry.Organisation, _ registry.Vocabulary) string {
	items := make([][]string, len(o.OtherNames))
	for i, n := range o.OtherNames {
		items[i] = []string{n.Value, n.Type}
		if n.Lang != "" {
			items[i] = append(items[i], n.Lang)
		}
	}
	return joinItems(items)
}

func setOtherNames(o *registry.Organisation, cell string) error {
	items, err := splitFields(cell, 2, 3)
	o.OtherNames = make([]registry.Name, len(items))
	for i, it := range items {
		o.OtherNames[i] = registry.Name{Value: it[0], Type: it[1]}
		if len(it) == 3 {
			o.OtherNames[i].Lang = it[2]
		}
	}
	return err
}

// external_ids: scheme|value.
func getExternalIDs(o *registry.Organisation, _ registry.Vocabulary) string {
	items := make([][]string, len(o.ExternalIDs))
	for i, x := range o.ExternalIDs {
		items[i] = []string{x.Scheme, x.Value}
	}
	return joinItems(items)
}

func setExternalIDs(o *registry.Organisation, cell string) error {
	items, err := splitFields(cell, 2, 2)
	o.ExternalIDs = make([]registry.ExternalID, len(items))
	for i, it := range items {
		o.ExternalIDs[i] = registry.ExternalID{Scheme: it[0], Value: it[1]}
	}
	return err
}

// capabilities: direction|layer|domain|text.
func getCapabilities(o *registry.Organisation, _ registry.Vocabulary) string {
	items := make([][]string, len(o.Capabilities))
	for i, c := range o.Capabilities {
		items[i] = []string{c.Direction, c.Layer, c.Domain, c.Text}
	}
	return joinItems(items)
}

func setCapabilities(o *registry.Organisation, cell string) error {
	items, err := splitFields(cell, 4, 4)
	o.Capabilities = make([]registry.Capability, len(items))
	for i, it := range items {
		o.Capabilities[i] = registry.Capability{Direction: it[0], Layer: it[1], Domain: it[2], Text: it[3]}
	}
	return err
}

// relationships: type|scheme|value, followed by |target id|target name
// when the target is in the registry. The last two are for people to read;
// the store fills them in afresh.
func getRelationships(o *registry.Organisation, _ registry.Vocabulary) string {
	items := make([][]string, len(o.Relationships))
	for i, r := range o.Relationships {
		items[i] = []string{r.Type, r.TargetScheme, r.TargetValue}
		if r.TargetID != "" || r.TargetName != "" {
			items[i] = append(items[i], r.TargetID, r.TargetName)
		}
	}
	return joinItems(items)
}

func setRelationships(o *registry.Organisation, cell string) error {
	items, err := splitFields(cell, 3, 5)
	o.Relationships = make([]registry.Relationship, len(items))
	for i, it := range items {
		if len(it) == 4 {
			return errors.New("item " + strconv.Itoa(i+1) + " has 4 fields separated by \"|\", want 3 or 5")
		}
		o.Relationships[i] = registry.Relationship{Type: it[0], TargetScheme: it[1], TargetValue: it[2]}
		if len(it) == 5 {
			o.Relationships[i].TargetID, o.Relationships[i].TargetName = it[3], it[4]
		}
	}
	return err
}
