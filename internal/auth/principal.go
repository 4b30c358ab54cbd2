// Package auth decides who may do what in Setu: the roles, the principal
// making a request, and (in policy.go) the one authorisation check that
// every write path goes through. It does no I/O.
package auth

import "context"

// Role is what a principal may do.
type Role string

// The roles.
const (
	Public      Role = "public"      // reads public data, no account
	Applicant   Role = "applicant"   // own profile, own placement preferences
	Member      Role = "member"      // edits its own organisation(s), answers introductions, hosts placements
	Secretariat Role = "secretariat" // administers everything
)

// Principal is who is making a request: a signed-in user, an API token's
// owner, or the public.
type Principal struct {
	UserID   string   // "" for the public
	Email    string   // "" for the public
	Role     Role     // Public when not signed in
	OrgIDs   []string // organisations a member acts for
	PersonID string   // the person record of an applicant, if any
	Via      string   // "session", "token", "cli", "system" or "" (public)
}

// Anonymous is the principal of a request without credentials.
var Anonymous = Principal{Role: Public}

type principalKey struct{}

// WithPrincipal returns a context that carries p.
func WithPrincipal(ctx context.Context, p Principal) context.Context {
	return context.WithValue(ctx, principalKey{}, p)
}

// FromContext returns the principal ctx carries, or Anonymous.
func FromContext(ctx context.Context) Principal {
	if p, ok := ctx.Value(principalKey{}).(Principal); ok {
		return p
	}
	return Anonymous
}

// System is the principal of Setu's own writes, such as loading the
// shipped data on first start.
var System = Principal{Role: Secretariat, Via: "system"}

// Actor names the principal in the audit trail: "user:ID", "cli",
// "system" or "public".
func (p Principal) Actor() string {
	switch {
	case p.UserID != "":
		return "user:" + p.UserID
	case p.Via == "cli":
		return "cli"
	case p.Via == "system":
		return "system"
	default:
		return "public"
	}
}
