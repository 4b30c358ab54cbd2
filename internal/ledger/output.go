package ledger

import (
	"slices"
	"strings"

	"github.com/setu-council/setu/internal/errs"
)

// Output is something a project produced: a patent, a publication, a
// dataset, a model, software, a product, a contribution to a standard, or
// people trained.
type Output struct {
	ID        string `json:"id"` // a slug, unique in the ledger
	ProjectID string `json:"project_id"`
	Kind      string `json:"kind"`
	Title     string `json:"title"`
	Date      Date   `json:"date,omitzero"`
	Link      string `json:"link,omitempty"`
	// Licence is an SPDX licence id ("Apache-2.0", "CC-BY-4.0") or a
	// "LicenseRef-" id, where a licence applies.
	Licence string `json:"licence,omitempty"`
	// Count is the number of people trained; only for people-trained.
	Count int `json:"count,omitempty"`
	// IPHolder is the registry id of the organisation that holds the
	// intellectual property or know-how.
	IPHolder string `json:"ip_holder,omitempty"`
	// LicensedHome records that the IP is licensed to an organisation of
	// the project's home ecosystem, though the holder is elsewhere. It
	// makes the output count as returned home.
	LicensedHome bool `json:"licensed_home,omitempty"`
}

// The kinds of output.
const (
	OutputPatent               = "patent"
	OutputPublication          = "publication"
	OutputDataset              = "dataset"
	OutputModel                = "model"
	OutputSoftware             = "software"
	OutputProduct              = "product"
	OutputStandardContribution = "standard-contribution"
	OutputPeopleTrained        = "people-trained"
)

// OutputKinds lists the kinds of output, in the order figures show them.
// It has numOutputKinds entries.
var OutputKinds = []string{OutputPatent, OutputPublication, OutputDataset, OutputModel, OutputSoftware, OutputProduct, OutputStandardContribution, OutputPeopleTrained}

const numOutputKinds = 8

// CarriesIP reports whether outputs of the kind carry intellectual property
// or know-how that can return home: every kind but people-trained, whose
// know-how travels with the people and is counted by Count.
func CarriesIP(kind string) bool {
	return kind != OutputPeopleTrained && slices.Contains(OutputKinds, kind)
}

// ReturnedHome reports whether the IP or know-how of an output returned to
// the home ecosystem: it is held by an organisation of the project's home
// country, or it is licensed to one (licensedHome). holderCountry is the
// country of the IP holder and homeCountry that of the project's home
// participant, both ISO 3166-1 alpha-2; an unknown country ("") never
// matches.
func ReturnedHome(holderCountry, homeCountry string, licensedHome bool) bool {
	return licensedHome || (holderCountry != "" && holderCountry == homeCountry)
}

// ReturnedHome reports whether o's IP returned home, given the countries of
// its holder and of its project's home participant. See the function
// ReturnedHome.
func (o *Output) ReturnedHome(holderCountry, homeCountry string) bool {
	return CarriesIP(o.Kind) && ReturnedHome(holderCountry, homeCountry, o.LicensedHome)
}

// Normalize trims text.
func (o *Output) Normalize() {
	o.ID = strings.TrimSpace(o.ID)
	o.ProjectID = strings.TrimSpace(o.ProjectID)
	o.Kind = strings.TrimSpace(o.Kind)
	o.Title = strings.TrimSpace(o.Title)
	o.Link = strings.TrimSpace(o.Link)
	o.Licence = strings.TrimSpace(o.Licence)
	o.IPHolder = strings.TrimSpace(o.IPHolder)
}

// Validate returns an errs.Invalid error naming every field of o that is
// wrong. Count is required for people-trained and forbidden otherwise; an
// IP holder and the licensed-home flag do not apply to people-trained.
// Whether ProjectID and IPHolder exist is checked by Ledger.Validate and
// the store.
func (o *Output) Validate() error {
	var p errs.Problems
	checkSlug(&p, "id", o.ID)
	checkIATIActivity(&p, "project_id", o.ProjectID, true)
	switch {
	case o.Kind == "":
		p.Add("kind", "is required")
	case !slices.Contains(OutputKinds, o.Kind):
		p.Add("kind", "%q is not one of %s", o.Kind, strings.Join(OutputKinds, ", "))
	}
	checkText(&p, "title", o.Title, MaxTitleLen, true)
	checkURL(&p, "link", o.Link)
	checkLicence(&p, "licence", o.Licence)
	if o.Kind == OutputPeopleTrained {
		if o.Count < 1 {
			p.Add("count", "give the number of people trained (at least 1)")
		}
		if o.IPHolder != "" {
			p.Add("ip_holder", "does not apply to people-trained")
		}
		if o.LicensedHome {
			p.Add("licensed_home", "does not apply to people-trained")
		}
	} else if o.Count != 0 {
		p.Add("count", "applies only to people-trained")
	}
	if o.IPHolder != "" {
		checkOrgID(&p, "ip_holder", o.IPHolder)
	}
	return p.Err("validate output")
}
