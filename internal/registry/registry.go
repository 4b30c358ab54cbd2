// Package registry holds the ecosystem registry's domain: organisations,
// people and the capabilities they offer and need, with the controlled
// vocabularies (kinds, AI-stack layers, domains, countries) and the rules
// that make a record valid. It does no I/O.
package registry

import "time"

// Organisation is one member of the ecosystem: a startup, company, research
// institute, university, industrial lab, government body, investor, tech hub
// or non-profit.
type Organisation struct {
	ID            string         `json:"id"`
	Name          string         `json:"name"`
	OtherNames    []Name         `json:"other_names"`
	Kind          string         `json:"kind"`
	Country       string         `json:"country"`
	City          string         `json:"city"`
	Established   int            `json:"established,omitempty"`
	Website       string         `json:"website"`
	ExternalIDs   []ExternalID   `json:"external_ids"`
	Description   string         `json:"description"`
	Layers        []string       `json:"layers"`
	Domains       []string       `json:"domains"`
	Capabilities  []Capability   `json:"capabilities"`
	Relationships []Relationship `json:"relationships"`
	Status        string         `json:"status"`
	Sample        bool           `json:"sample"`
	Provenance    Provenance     `json:"provenance"`
	CreatedAt     time.Time      `json:"created_at"`
	UpdatedAt     time.Time      `json:"updated_at"`
}

// Name is another name of an organisation: an alias, an acronym or a label
// in another language or script.
type Name struct {
	Value string `json:"value"`
	Type  string `json:"type"`           // alias, acronym or label
	Lang  string `json:"lang,omitempty"` // ISO 639-1 code, for labels
}

// The types of other names.
const (
	NameAlias   = "alias"
	NameAcronym = "acronym"
	NameLabel   = "label"
)

// ExternalID is an identifier of the organisation in another register, such
// as ROR or a national company register.
type ExternalID struct {
	Scheme string `json:"scheme"` // e.g. "ror", "in-cin", "jp-corporate-number"
	Value  string `json:"value"`
}

// SchemeROR is the external id scheme of the Research Organization Registry;
// its values are short ROR ids such as "057zh3y96".
const SchemeROR = "ror"

// Capability is a typed statement of what an organisation offers or needs.
type Capability struct {
	Direction string `json:"direction"` // offer or need
	Layer     string `json:"layer"`
	Domain    string `json:"domain"`
	Text      string `json:"text"`
}

// The directions of a capability.
const (
	Offer = "offer"
	Need  = "need"
)

// Relationship links an organisation to another, as ROR records them. The
// target is named by an external id because the other record may not be in
// the registry; TargetID and TargetName are filled in when it is.
type Relationship struct {
	Type         string `json:"type"` // parent, child, related, successor, predecessor
	TargetScheme string `json:"target_scheme"`
	TargetValue  string `json:"target_value"`
	TargetID     string `json:"target_id,omitempty"`
	TargetName   string `json:"target_name,omitempty"`
}

// Provenance says where a record came from and under what licence.
type Provenance struct {
	Source   string `json:"source"`    // e.g. "ror", "setu-sample", "setu"
	SourceID string `json:"source_id"` // the record's id at the source
	Release  string `json:"release"`   // release or date of the source
	Licence  string `json:"licence"`   // SPDX id, e.g. "CC0-1.0"
}

// Person is an engineer or domain specialist who may be placed abroad.
type Person struct {
	ID          string     `json:"id"`
	Name        string     `json:"name"`
	HomeCountry string     `json:"home_country"`
	HomeOrgID   string     `json:"home_org_id,omitempty"`
	Email       string     `json:"email,omitempty"`
	Skills      []string   `json:"skills"`
	Languages   []string   `json:"languages"`
	Layers      []string   `json:"layers"`
	Domains     []string   `json:"domains"`
	Sample      bool       `json:"sample"`
	Provenance  Provenance `json:"provenance"`
	CreatedAt   time.Time  `json:"created_at"`
	UpdatedAt   time.Time  `json:"updated_at"`
}
