package auth

import (
	"slices"

	"github.com/setu-council/setu/internal/errs"
)

// Action is a write that Authorize decides on. Every write path in Setu
// names one.
type Action string

// The actions. docs/security.md gives the table of who may do what.
const (
	CreateOrganisation Action = "create organisation"
	UpdateOrganisation Action = "update organisation"
	DeleteOrganisation Action = "delete organisation"
	CreatePerson       Action = "create person"
	UpdatePerson       Action = "update person"
	ExportPerson       Action = "export person" // download a person's data (a read, but of personal data)
	ErasePerson        Action = "erase person"  // delete a person's data, leaving a tombstone
	AddVocabularyTerm  Action = "add vocabulary term"
	ManageUsers        Action = "manage users"  // list and add users, set roles and organisations
	ManageTokens       Action = "manage tokens" // create, list and revoke a user's API tokens

	RequestIntroduction Action = "request introduction" // ask, for Resource.OrgID, to be introduced to another
	AnswerIntroduction  Action = "answer introduction"  // accept or decline, for Resource.OrgID, an introduction to it
	ViewIntroduction    Action = "view introduction"    // read an introduction of Resource.OrgID (a read, but not public)
	UpdateContact       Action = "update contact"       // set Resource.OrgID's contact, disclosed in stages
	ConvertIntroduction Action = "convert introduction" // turn an accepted introduction into a ledger project (secretariat)

	WriteLedger   Action = "write ledger"   // create, update or delete a framework, commitment, milestone or output; create or delete a project
	UpdateProject Action = "update project" // replace a project whose participants are Resource.Participants

	ManageRound     Action = "manage round"     // create, change, import or publish a placement round (secretariat)
	RunMatch        Action = "run match"        // run a placement round's match (secretariat)
	PublishPosition Action = "publish position" // offer a position hosted by Resource.OrgID in a round
	RankApplicants  Action = "rank applicants"  // rank the applicants of, and see the applications to, a position of Resource.OrgID
	Apply           Action = "apply"            // apply to a round and rank its positions for Resource.PersonID
	UpdatePlacement Action = "update placement" // record the progress of a placement at a position of Resource.OrgID

	ManageDesk    Action = "manage desk"    // create and update leads, change stages, escalate and resolve barriers, set targets (secretariat)
	ViewLead      Action = "view lead"      // read the confidential leads and barriers of investor Resource.OrgID
	ReportBarrier Action = "report barrier" // open a barrier that blocks investor Resource.OrgID

	ManageSovereignty Action = "manage sovereignty settings" // set exchange rates and partner groups of the sovereignty view (secretariat)
)

// Actions lists every action, for tests that walk them all.
var Actions = []Action{CreateOrganisation, UpdateOrganisation, DeleteOrganisation, CreatePerson,
	UpdatePerson, ExportPerson, ErasePerson, AddVocabularyTerm, ManageUsers, ManageTokens,
	RequestIntroduction, AnswerIntroduction, ViewIntroduction, UpdateContact, ConvertIntroduction,
	WriteLedger, UpdateProject, ManageRound, RunMatch, PublishPosition, RankApplicants, Apply, UpdatePlacement,
	ManageDesk, ViewLead, ReportBarrier, ManageSovereignty}

// Resource is what an action applies to; only the fields the action
// concerns are set.
type Resource struct {
	OrgID    string // the organisation written
	PersonID string // the person written
	UserID   string // the user whose account or tokens are managed
	// Participants are the organisations taking part in the project
	// written (UpdateProject). Handlers ask twice: for the project as
	// stored and as the write would leave it.
	Participants []string
}

// Authorize is the one place that decides whether p may do action on
// res. It returns nil, an error of kind errs.Unauthorised when p is not
// signed in (the public may not write), or of kind errs.Forbidden.
//
// The rules:
//   - the secretariat may do everything;
//   - a member may update its own organisations, set their contact, and
//     request, answer and see their introductions; it may not create or
//     delete organisations (the secretariat admits organisations and
//     assigns their members), nor write people or vocabularies;
//   - an applicant may update, export and erase its own person record,
//     and apply to placement rounds for it, nothing else;
//   - a member may publish placement positions hosted by its
//     organisations, rank their applicants and record their placements'
//     progress; placement rounds and their match are the secretariat's;
//   - every signed-in user may manage its own API tokens;
//   - users and vocabularies are the secretariat's alone;
//   - the cooperation ledger is the secretariat's, except that a member
//     may update a project in which one of its organisations participates,
//     before and after the update (so it cannot hand a project away);
//   - the investment desk is worked by the secretariat; a member of an
//     investor may read its organisation's leads and barriers and report
//     a barrier its organisation meets, nothing more.
func Authorize(p Principal, action Action, res Resource) error {
	op := string(action)
	if p.Role == Public || p.Role == "" {
		return errs.E(op, errs.Unauthorised, "sign in first")
	}
	if !p.Role.Valid() {
		return errs.E(op, errs.Forbidden, "unknown role %q", p.Role)
	}
	if p.Role == Secretariat {
		return nil
	}
	allowed := false
	switch action {
	case UpdateOrganisation, RequestIntroduction, AnswerIntroduction, ViewIntroduction, UpdateContact,
		PublishPosition, RankApplicants, UpdatePlacement, ViewLead, ReportBarrier:
		allowed = p.Role == Member && res.OrgID != "" && p.ActsFor(res.OrgID)
	case UpdateProject:
		allowed = p.Role == Member && len(res.Participants) > 0 && slices.ContainsFunc(res.Participants, p.ActsFor)
	case UpdatePerson, ExportPerson, ErasePerson, Apply:
		allowed = p.Role == Applicant && res.PersonID != "" && p.PersonID == res.PersonID
	case ManageTokens:
		allowed = p.UserID != "" && res.UserID == p.UserID
	}
	if !allowed {
		return errs.E(op, errs.Forbidden, "a %s may not %s%s", p.Role, op, res.describe())
	}
	return nil
}

func (r Resource) describe() string {
	switch {
	case r.OrgID != "":
		return " " + r.OrgID
	case r.PersonID != "":
		return " " + r.PersonID
	}
	return ""
}

// ActsFor reports whether p acts for organisation orgID.
func (p Principal) ActsFor(orgID string) bool { return slices.Contains(p.OrgIDs, orgID) }

// Valid reports whether r is one of the four roles.
func (r Role) Valid() bool {
	switch r {
	case Public, Applicant, Member, Secretariat:
		return true
	}
	return false
}

// Roles lists the roles a user account may have.
var Roles = []Role{Secretariat, Member, Applicant}

// CheckTokenScope decides whether owner (a user's principal, as their
// account gives it) may hold an API token with role and, if orgID is not
// empty, limited to that organisation. The token may carry the owner's
// own role; the secretariat may also issue member tokens for any one
// organisation (for an organisation's scripts). A member's token may be
// limited to one of its organisations. It is checked when a token is
// created and again on every use, so a token never outlives its owner's
// rights.
func CheckTokenScope(owner Principal, role Role, orgID string) error {
	const op = "token scope"
	switch {
	case role != Secretariat && role != Member && role != Applicant:
		return errs.E(op, errs.Invalid, "role %q: must be secretariat, member or applicant", role)
	case owner.Role == Secretariat && role == Member && orgID == "":
		return errs.E(op, errs.Invalid, "a member token needs an organisation")
	case owner.Role == Secretariat && (role == Member || role == Secretariat):
	case role != owner.Role:
		return errs.E(op, errs.Forbidden, "a %s may not hold a %s token", owner.Role, role)
	case orgID != "" && role != Member:
		return errs.E(op, errs.Invalid, "only a member token is limited to an organisation")
	case orgID != "" && !owner.ActsFor(orgID):
		return errs.E(op, errs.Forbidden, "%s is not one of your organisations", orgID)
	}
	if role == Secretariat && orgID != "" {
		return errs.E(op, errs.Invalid, "a secretariat token is not limited to an organisation")
	}
	return nil
}

// TokenPrincipal is the principal a request carrying an API token acts
// as: the token's owner, with the token's role and organisation.
func TokenPrincipal(owner Principal, role Role, orgID string) Principal {
	p := owner
	p.Role = role
	p.Via = "token"
	switch {
	case orgID != "":
		p.OrgIDs = []string{orgID}
	case role != Member:
		p.OrgIDs = nil
	}
	if role != Applicant {
		p.PersonID = ""
	}
	return p
}
