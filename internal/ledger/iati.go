package ledger

// ActivityStatus is a project's stage in its lifecycle, as the IATI
// ActivityStatus codelist numbers it.
type ActivityStatus int

// The IATI activity statuses.
const (
	StatusPipeline       ActivityStatus = 1 // being scoped or planned
	StatusImplementation ActivityStatus = 2 // under way
	StatusFinalisation   ActivityStatus = 3 // physically complete; financial sign-off or evaluation pending
	StatusClosed         ActivityStatus = 4 // complete and closed
	StatusCancelled      ActivityStatus = 5 // cancelled
	StatusSuspended      ActivityStatus = 6 // temporarily suspended
)

// Valid reports whether s is an IATI activity status code.
func (s ActivityStatus) Valid() bool { return s >= StatusPipeline && s <= StatusSuspended }

// Started reports whether a project in status s has reached implementation:
// it is under way (2), physically complete (3), closed (4) or suspended
// after starting (6). Pipeline (1) and cancelled (5) projects have not.
func (s ActivityStatus) Started() bool {
	return s == StatusImplementation || s == StatusFinalisation || s == StatusClosed || s == StatusSuspended
}

// Completed reports whether a project in status s is complete: in
// finalisation (3) or closed (4).
func (s ActivityStatus) Completed() bool { return s == StatusFinalisation || s == StatusClosed }

// String returns the codelist name of s.
func (s ActivityStatus) String() string {
	switch s {
	case StatusPipeline:
		return "pipeline"
	case StatusImplementation:
		return "implementation"
	case StatusFinalisation:
		return "finalisation"
	case StatusClosed:
		return "closed"
	case StatusCancelled:
		return "cancelled"
	case StatusSuspended:
		return "suspended"
	}
	return "unknown"
}

// Role is the part an organisation plays in a project, as the IATI
// OrganisationRole codelist numbers it.
type Role int

// The IATI organisation roles.
const (
	RoleFunding      Role = 1 // provides the money
	RoleAccountable  Role = 2 // answers for the project
	RoleExtending    Role = 3 // manages the funds on behalf of the funder
	RoleImplementing Role = 4 // does the work
)

// Valid reports whether r is an IATI organisation role code.
func (r Role) Valid() bool { return r >= RoleFunding && r <= RoleImplementing }

// TransactionType is the kind of a financial transaction, as the IATI
// TransactionType codelist numbers it. The ledger sums three of them:
// outgoing commitments (2) as money committed, and disbursements (3) and
// expenditure (4) as money disbursed. The others are valid but not summed.
type TransactionType int

// The IATI transaction types.
const (
	TxIncomingFunds      TransactionType = 1
	TxOutgoingCommitment TransactionType = 2
	TxDisbursement       TransactionType = 3
	TxExpenditure        TransactionType = 4
	TxInterestPayment    TransactionType = 5
	TxLoanRepayment      TransactionType = 6
	TxReimbursement      TransactionType = 7
	TxPurchaseOfEquity   TransactionType = 8
	TxSaleOfEquity       TransactionType = 9
	TxCreditGuarantee    TransactionType = 10
	TxIncomingCommitment TransactionType = 11
	TxOutgoingPledge     TransactionType = 12
	TxIncomingPledge     TransactionType = 13
)

// Valid reports whether t is an IATI transaction type code.
func (t TransactionType) Valid() bool { return t >= TxIncomingFunds && t <= TxIncomingPledge }
