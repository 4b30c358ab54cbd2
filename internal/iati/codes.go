package iati

// Codes that Setu uses often, from the IATI 2.03 codelists. The codelists
// themselves, embedded from codelists/, are the authority; CodeName looks a
// code up.
const (
	// OrganisationRole: what a participating organisation does.
	RoleFunding      = "1" // provides the money
	RoleAccountable  = "2" // answers for the activity, e.g. a ministry
	RoleExtending    = "3" // manages the money on behalf of the funder
	RoleImplementing = "4" // does the work

	// ActivityDateType.
	DatePlannedStart = "1"
	DateActualStart  = "2"
	DatePlannedEnd   = "3"
	DateActualEnd    = "4"

	// ActivityStatus.
	StatusPipeline       = "1"
	StatusImplementation = "2"
	StatusFinalisation   = "3"
	StatusClosed         = "4"
	StatusCancelled      = "5"
	StatusSuspended      = "6"

	// RelatedActivityType.
	RelatedParent     = "1"
	RelatedChild      = "2"
	RelatedSibling    = "3"
	RelatedCoFunded   = "4"
	RelatedThirdParty = "5"

	// ResultType.
	ResultOutput  = "1"
	ResultOutcome = "2"
	ResultImpact  = "3"
	ResultOther   = "9"

	// TransactionType, the ones a cooperation project uses.
	TransactionIncomingFunds      = "1"
	TransactionOutgoingCommitment = "2"
	TransactionDisbursement       = "3"
	TransactionExpenditure        = "4"
	TransactionIncomingCommitment = "11"

	// SectorVocabulary: the DAC lists and the reporting organisation's own.
	VocabularyDAC           = "1"  // 5-digit DAC CRS purpose codes (Sector)
	VocabularyDACCategory   = "2"  // 3-digit DAC categories (SectorCategory)
	VocabularyReportingOrg  = "99" // the reporting organisation's own; needs a vocabulary-uri
	VocabularyReportingOrg2 = "98" // a second one of its own; needs a vocabulary-uri
)
