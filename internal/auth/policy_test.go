package auth

import (
	"testing"

	"github.com/setu-council/setu/internal/errs"
)

func TestAuthorize(t *testing.T) {
	sec := Principal{UserID: "u1", Role: Secretariat}
	member := Principal{UserID: "u2", Role: Member, OrgIDs: []string{"org-a", "org-b"}}
	applicant := Principal{UserID: "u3", Role: Applicant, PersonID: "per-a"}
	cases := []struct {
		name   string
		p      Principal
		action Action
		res    Resource
		want   errs.Kind // Internal means allowed
	}{
		{"public creates organisation", Anonymous, CreateOrganisation, Resource{}, errs.Unauthorised},
		{"public updates person", Anonymous, UpdatePerson, Resource{PersonID: "per-a"}, errs.Unauthorised},
		{"empty role", Principal{UserID: "x"}, UpdateOrganisation, Resource{OrgID: "org-a"}, errs.Unauthorised},
		{"unknown role", Principal{UserID: "x", Role: "admin"}, UpdateOrganisation, Resource{OrgID: "org-a"}, errs.Forbidden},
		{"member updates own organisation", member, UpdateOrganisation, Resource{OrgID: "org-b"}, errs.Internal},
		{"member updates another organisation", member, UpdateOrganisation, Resource{OrgID: "org-c"}, errs.Forbidden},
		{"member updates with no organisation named", member, UpdateOrganisation, Resource{}, errs.Forbidden},
		{"member creates organisation", member, CreateOrganisation, Resource{}, errs.Forbidden},
		{"member deletes own organisation", member, DeleteOrganisation, Resource{OrgID: "org-a"}, errs.Forbidden},
		{"member updates person", member, UpdatePerson, Resource{PersonID: "per-a"}, errs.Forbidden},
		{"member adds term", member, AddVocabularyTerm, Resource{}, errs.Forbidden},
		{"member manages users", member, ManageUsers, Resource{}, errs.Forbidden},
		{"member manages own tokens", member, ManageTokens, Resource{UserID: "u2"}, errs.Internal},
		{"member manages another's tokens", member, ManageTokens, Resource{UserID: "u3"}, errs.Forbidden},
		{"applicant updates own person", applicant, UpdatePerson, Resource{PersonID: "per-a"}, errs.Internal},
		{"applicant updates another person", applicant, UpdatePerson, Resource{PersonID: "per-b"}, errs.Forbidden},
		{"applicant creates person", applicant, CreatePerson, Resource{}, errs.Forbidden},
		{"applicant updates organisation", applicant, UpdateOrganisation, Resource{OrgID: "org-a"}, errs.Forbidden},
		{"applicant without a person record", Principal{UserID: "u4", Role: Applicant}, UpdatePerson, Resource{}, errs.Forbidden},
		{"applicant manages own tokens", applicant, ManageTokens, Resource{UserID: "u3"}, errs.Internal},
		{"tokenless principal manages tokens", Principal{Role: Member}, ManageTokens, Resource{}, errs.Forbidden},
		{"member requests introduction for own organisation", member, RequestIntroduction, Resource{OrgID: "org-a"}, errs.Internal},
		{"member requests introduction for another", member, RequestIntroduction, Resource{OrgID: "org-c"}, errs.Forbidden},
		{"member answers introduction to another", member, AnswerIntroduction, Resource{OrgID: "org-c"}, errs.Forbidden},
		{"member sets own contact", member, UpdateContact, Resource{OrgID: "org-b"}, errs.Internal},
		{"member converts introduction", member, ConvertIntroduction, Resource{OrgID: "org-a"}, errs.Forbidden},
		{"applicant requests introduction", applicant, RequestIntroduction, Resource{OrgID: "org-a"}, errs.Forbidden},
		{"public views introduction", Anonymous, ViewIntroduction, Resource{OrgID: "org-a"}, errs.Unauthorised},
		{"member publishes position for own organisation", member, PublishPosition, Resource{OrgID: "org-a"}, errs.Internal},
		{"member publishes position for another", member, PublishPosition, Resource{OrgID: "org-c"}, errs.Forbidden},
		{"member ranks applicants of own position", member, RankApplicants, Resource{OrgID: "org-b"}, errs.Internal},
		{"member updates placement at another host", member, UpdatePlacement, Resource{OrgID: "org-c"}, errs.Forbidden},
		{"member runs match", member, RunMatch, Resource{}, errs.Forbidden},
		{"member manages round", member, ManageRound, Resource{}, errs.Forbidden},
		{"member applies", member, Apply, Resource{PersonID: "per-a"}, errs.Forbidden},
		{"applicant applies for self", applicant, Apply, Resource{PersonID: "per-a"}, errs.Internal},
		{"applicant applies for another", applicant, Apply, Resource{PersonID: "per-b"}, errs.Forbidden},
		{"applicant ranks applicants", applicant, RankApplicants, Resource{OrgID: "org-a"}, errs.Forbidden},
		{"applicant runs match", applicant, RunMatch, Resource{}, errs.Forbidden},
		{"public applies", Anonymous, Apply, Resource{PersonID: "per-a"}, errs.Unauthorised},
		{"member manages sovereignty settings", member, ManageSovereignty, Resource{OrgID: "org-a"}, errs.Forbidden},
		{"applicant manages sovereignty settings", applicant, ManageSovereignty, Resource{}, errs.Forbidden},
		{"member reads own leads", member, ViewLead, Resource{OrgID: "org-a"}, errs.Internal},
		{"member reads another's leads", member, ViewLead, Resource{OrgID: "org-c"}, errs.Forbidden},
		{"member reports a barrier of its own", member, ReportBarrier, Resource{OrgID: "org-b"}, errs.Internal},
		{"member reports a barrier of another", member, ReportBarrier, Resource{OrgID: "org-c"}, errs.Forbidden},
		{"member manages the desk", member, ManageDesk, Resource{OrgID: "org-a"}, errs.Forbidden},
		{"applicant reads leads", applicant, ViewLead, Resource{OrgID: "org-a"}, errs.Forbidden},
		{"public reads leads", Anonymous, ViewLead, Resource{OrgID: "org-a"}, errs.Unauthorised},
	}
	for _, a := range Actions {
		cases = append(cases, struct {
			name   string
			p      Principal
			action Action
			res    Resource
			want   errs.Kind
		}{"secretariat: " + string(a), sec, a, Resource{OrgID: "org-z", PersonID: "per-z", UserID: "u9"}, errs.Internal})
	}
	for _, tc := range cases {
		err := Authorize(tc.p, tc.action, tc.res)
		got := errs.Internal
		if err != nil {
			got = errs.KindOf(err)
		}
		if got != tc.want || (tc.want == errs.Internal) != (err == nil) {
			t.Errorf("%s: got %v (%v), want %v", tc.name, got, err, tc.want)
		}
	}
}

func TestCheckTokenScope(t *testing.T) {
	sec := Principal{UserID: "u1", Role: Secretariat}
	member := Principal{UserID: "u2", Role: Member, OrgIDs: []string{"org-a"}}
	applicant := Principal{UserID: "u3", Role: Applicant, PersonID: "per-a"}
	cases := []struct {
		name  string
		owner Principal
		role  Role
		org   string
		want  errs.Kind
	}{
		{"secretariat token", sec, Secretariat, "", errs.Internal},
		{"secretariat issues member token", sec, Member, "org-x", errs.Internal},
		{"secretariat member token without organisation", sec, Member, "", errs.Invalid},
		{"secretariat token limited to an organisation", sec, Secretariat, "org-x", errs.Invalid},
		{"member token", member, Member, "", errs.Internal},
		{"member token for own organisation", member, Member, "org-a", errs.Internal},
		{"member token for another organisation", member, Member, "org-b", errs.Forbidden},
		{"member asks for secretariat", member, Secretariat, "", errs.Forbidden},
		{"applicant token", applicant, Applicant, "", errs.Internal},
		{"applicant token with organisation", applicant, Applicant, "org-a", errs.Invalid},
		{"public token", sec, Public, "", errs.Invalid},
		{"demoted owner", Principal{UserID: "u5", Role: Applicant}, Member, "org-a", errs.Forbidden},
	}
	for _, tc := range cases {
		err := CheckTokenScope(tc.owner, tc.role, tc.org)
		got := errs.Internal
		if err != nil {
			got = errs.KindOf(err)
		}
		if got != tc.want {
			t.Errorf("%s: got %v (%v), want %v", tc.name, got, err, tc.want)
		}
	}
}

func TestTokenPrincipal(t *testing.T) {
	member := Principal{UserID: "u2", Email: "m@example.org", Role: Member, OrgIDs: []string{"org-a", "org-b"}, Via: "token"}
	p := TokenPrincipal(member, Member, "org-b")
	if p.Via != "token" || len(p.OrgIDs) != 1 || p.OrgIDs[0] != "org-b" || p.Actor() != "user:u2" {
		t.Errorf("got %+v, want org-b only, via token, actor user:u2", p)
	}
	sec := Principal{UserID: "u1", Role: Secretariat}
	if p := TokenPrincipal(sec, Member, "org-x"); p.Role != Member || !p.ActsFor("org-x") || Authorize(p, CreateOrganisation, Resource{}) == nil {
		t.Errorf("a secretariat's member token: got %+v, want a member of org-x only", p)
	}
}
