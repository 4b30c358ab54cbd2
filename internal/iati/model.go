// Package iati reads and writes IATI activity files (versions 2.01 to 2.03 of
// the International Aid Transparency Initiative standard), the format in which
// Setu publishes its cooperation ledger. It works on io.Reader and io.Writer
// and plain values; it knows nothing of the database.
//
// Reader streams activities out of a file with findings (codes checked
// against the embedded IATI codelists, each finding with its line and
// element); Writer and Write produce files that validate against the IATI
// 2.03 schema; Check gives the Reader's findings for an activity built in
// code.
//
// The model covers what a cooperation project needs, not the whole standard:
// elements outside it (locations, contact details, policy markers and so on)
// are skipped on reading. Elements and attributes in other XML namespaces are
// kept on the activity and on results, so that they survive a read and a
// write; Setu's own extension elements, in the namespace Namespace, are
// decoded into fields.
package iati

import (
	"encoding/xml"
	"time"
)

// Namespace is the XML namespace of Setu's extension elements, which hold
// what IATI has no place for: links to ledger commitments, and the holder of
// an output's intellectual property and whether it returned home. The
// writer declares it on the root with the prefix "setu".
const Namespace = "https://setu.example/ns/iati-ext/1"

// Version is the IATI version that Write produces.
const Version = "2.03"

// Document is an IATI activity file.
type Document struct {
	// Version is the file's IATI version as read. Write ignores it and
	// always writes Version.
	Version string
	// Generated is the file's generated-datetime; zero if absent. Write uses
	// the current time when it is zero.
	Generated  time.Time
	Activities []Activity
}

// Activity is one IATI activity: in Setu, a cooperation project or a
// framework that groups projects.
//
// Dates are midnight UTC of the ISO date; times are UTC. Amounts and
// percentages are decimal strings as written in the file ("3000",
// "12.5"), so that no precision is lost; the empty string means absent.
type Activity struct {
	Identifier      string    // iati-identifier: reporting-org ref, "-", own id
	Lang            string    // xml:lang, the default language of narratives
	DefaultCurrency string    // default-currency, an ISO 4217 code
	LastUpdated     time.Time // last-updated-datetime; zero if absent
	Hierarchy       int       // hierarchy (1 = top); 0 if absent

	ReportingOrg      ReportingOrg
	Title             []Narrative
	Descriptions      []Description
	ParticipatingOrgs []ParticipatingOrg
	Status            string // activity-status code (ActivityStatus)
	Dates             []ActivityDate
	Countries         []RecipientCountry
	Regions           []RecipientRegion
	Sectors           []Sector
	Budgets           []Budget
	Transactions      []Transaction
	DocumentLinks     []DocumentLink
	RelatedActivities []RelatedActivity
	Results           []Result

	// Commitments are the ledger commitments this activity carries out,
	// and Milestones its dated steps (Setu extension).
	Commitments []CommitmentLink
	Milestones  []Milestone
	// Extra holds other elements from other namespaces, written at the end
	// of the activity.
	Extra []Element
	// ExtraAttrs holds attributes of <iati-activity> from other namespaces.
	ExtraAttrs []xml.Attr
}

// Narrative is a text in one language. An empty Lang means the activity's
// default language.
type Narrative struct {
	Lang string
	Text string
}

// ReportingOrg is the organisation that publishes the activity.
type ReportingOrg struct {
	Ref   string // organisation identifier, e.g. "XM-DAC-41114"
	Type  string // OrganisationType code
	Names []Narrative
}

// Description is one description of an activity; Type is a
// DescriptionType code (1 general, 2 objectives, 3 target groups, 4 other)
// or empty.
type Description struct {
	Type       string
	Narratives []Narrative
}

// ParticipatingOrg is an organisation taking part in the activity.
type ParticipatingOrg struct {
	Ref        string // organisation identifier; may be empty if Names is not
	Role       string // OrganisationRole code: RoleFunding ... RoleImplementing
	Type       string // OrganisationType code
	ActivityID string // the organisation's own IATI activity for this work
	Names      []Narrative
	// Home marks the organisation whose country's ecosystem the activity is
	// to strengthen (Setu extension, the attribute setu:home="true").
	Home bool
}

// ActivityDate is a planned or actual start or end date.
type ActivityDate struct {
	Type       string // ActivityDateType code: DatePlannedStart ... DateActualEnd
	Date       time.Time
	Narratives []Narrative
}

// RecipientCountry is a country that benefits from the activity.
type RecipientCountry struct {
	Code       string // ISO 3166-1 alpha-2
	Percentage string // share of the activity, "0" to "100"; "" if absent
}

// RecipientRegion is a region that benefits from the activity: a code from
// the OECD DAC regions (vocabulary "1", e.g. "798" Asia, regional) or from the
// reporting organisation's own list (vocabulary "99", with VocabularyURI),
// e.g. for ASEAN as a whole. The percentages of countries and regions
// together add up to 100.
type RecipientRegion struct {
	Code          string
	Vocabulary    string // RegionVocabulary code; "" means "1"
	VocabularyURI string
	Percentage    string
}

// Sector classifies the activity. Vocabulary "1" is the 5-digit DAC code
// list, "2" the 3-digit DAC categories; "98" and "99" are the reporting
// organisation's own vocabularies, named by VocabularyURI and described by
// Narratives.
type Sector struct {
	Vocabulary    string // SectorVocabulary code; "" means "1"
	VocabularyURI string
	Code          string
	Percentage    string
	Narratives    []Narrative
}

// Value is an amount of money on a date (the date of the exchange rate).
type Value struct {
	Amount   string // decimal, e.g. "250000" or "1250.50"
	Currency string // ISO 4217; "" means the activity's DefaultCurrency
	Date     time.Time
}

// Budget is the activity's budget for one period.
type Budget struct {
	Type   string // BudgetType code: 1 original, 2 revised; "" if absent
	Status string // BudgetStatus code: 1 indicative, 2 committed; "" if absent
	Start  time.Time
	End    time.Time
	Value  Value
}

// Transaction is a flow of money: a commitment, disbursement, expenditure
// and so on.
type Transaction struct {
	Ref         string // the publisher's own reference; may be empty
	Type        string // TransactionType code
	Date        time.Time
	Value       Value
	Description []Narrative
	Provider    *TransactionOrg // nil if absent
	Receiver    *TransactionOrg // nil if absent
}

// TransactionOrg is the organisation that provides or receives a
// transaction.
type TransactionOrg struct {
	Ref        string
	Type       string // OrganisationType code
	ActivityID string // provider-activity-id or receiver-activity-id
	Names      []Narrative
}

// DocumentLink is a document about the activity on the web.
type DocumentLink struct {
	URL         string
	Format      string // an IANA media type, e.g. "application/pdf"
	Title       []Narrative
	Description []Narrative
	Categories  []string  // DocumentCategory codes; at least one
	Languages   []string  // ISO 639-1 codes
	Date        time.Time // document-date; zero if absent
}

// RelatedActivity links to another IATI activity.
type RelatedActivity struct {
	Ref  string // the other activity's iati-identifier
	Type string // RelatedActivityType code: RelatedParent, RelatedChild ...
}

// Result is a result of the activity: an output, outcome or impact, with
// the indicators that measure it.
type Result struct {
	Type          string // ResultType code: ResultOutput, ResultOutcome ...
	Title         []Narrative
	Description   []Narrative
	DocumentLinks []DocumentLink
	Indicators    []Indicator
	// Output describes the ledger output this result reports (Setu
	// extension); nil if absent.
	Output *Output
	// Extra holds other elements from other namespaces, written at the end
	// of the result.
	Extra []Element
}

// Indicator measures a result over periods.
type Indicator struct {
	Measure     string // IndicatorMeasure code: 1 unit, 2 percentage, 5 qualitative ...
	Title       []Narrative
	Description []Narrative
	Periods     []Period
}

// Period is a period of an indicator, with its target and actual values
// (decimal or, for qualitative measures, free text; "" if absent).
type Period struct {
	Start  time.Time
	End    time.Time
	Target string
	Actual string
}

// Element is an XML element from another namespace, kept so that reading
// and writing an activity does not lose it. Text is the element's own
// character data without surrounding white space, written before its
// children; mixed content loses its order.
type Element struct {
	Name     xml.Name // Space is the namespace URI
	Attrs    []xml.Attr
	Text     string
	Children []Element
}
