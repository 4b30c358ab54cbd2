package ledger

import (
	"strings"
	"testing"

	"github.com/setu-council/setu/internal/errs"
)

func validLedger() *Ledger {
	return &Ledger{
		Frameworks:  []Framework{validFramework()},
		Commitments: []Commitment{validCommitment()},
		Projects:    []Project{validProject()},
		Milestones:  []Milestone{validMilestone()},
		Outputs:     []Output{validOutput()},
	}
}

func TestLedgerValidate(t *testing.T) {
	tests := []struct {
		name   string
		change func(*Ledger)
		fields []string
	}{
		{"valid", func(*Ledger) {}, nil},
		{"parent outside the ledger", func(l *Ledger) { l.Projects[0].ParentID = "XM-OTHER-1" }, nil},
		{"record field, prefixed", func(l *Ledger) { l.Projects[0].Budgets[0].Currency = "XYZ" }, []string{"projects[0].budgets[0].currency"}},
		{"duplicate framework", func(l *Ledger) { l.Frameworks = append(l.Frameworks, validFramework()) }, []string{"frameworks[1].id"}},
		{"unknown framework", func(l *Ledger) { l.Commitments[0].FrameworkID = "nope" }, []string{"commitments[0].framework_id"}},
		{"unknown implemented framework", func(l *Ledger) { l.Frameworks[0].Implements = []string{"nope"} }, []string{"frameworks[0].implements[0]"}},
		{"unknown commitment", func(l *Ledger) { l.Projects[0].Commitments = []string{"nope"} }, []string{"projects[0].commitments[0]"}},
		{"duplicate commitment", func(l *Ledger) { l.Commitments = append(l.Commitments, validCommitment()) }, []string{"commitments[1].id"}},
		{"duplicate project", func(l *Ledger) { l.Projects = append(l.Projects, validProject()) }, []string{"projects[1].id"}},
		{"parent cycle", func(l *Ledger) {
			q := validProject()
			q.ID, q.ParentID = "XM-SETU-TEST-P2", l.Projects[0].ID
			l.Projects[0].ParentID = q.ID
			l.Projects = append(l.Projects, q)
		}, []string{"projects[0].parent_id", "projects[1].parent_id"}},
		{"milestone of unknown project", func(l *Ledger) { l.Milestones[0].ProjectID = "XM-SETU-TEST-P9" }, []string{"milestones[0].project_id"}},
		{"duplicate milestone", func(l *Ledger) { l.Milestones = append(l.Milestones, validMilestone()) }, []string{"milestones[1].id"}},
		{"output of unknown project", func(l *Ledger) { l.Outputs[0].ProjectID = "XM-SETU-TEST-P9" }, []string{"outputs[0].project_id"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l := validLedger()
			tt.change(l)
			checkFields(t, l.Validate(vocab), tt.fields...)
		})
	}
}

func TestDecode(t *testing.T) {
	tests := []struct {
		name, in string
		ok       bool
	}{
		{"empty ledger", `{"frameworks": [], "commitments": []}`, true},
		{"dates and amounts", `{"frameworks": [{"id": "f", "date": "2025-08"}], "projects": [{"id": "p", "budgets": [{"value": 12.5, "currency": "INR"}]}]}`, true},
		{"unknown field", `{"frameworks": [{"id": "f", "signed": "2025"}]}`, false},
		{"bad date", `{"frameworks": [{"id": "f", "date": "August 2025"}]}`, false},
		{"float amount", `{"projects": [{"id": "p", "budgets": [{"value": 1.005}]}]}`, false},
		{"status derived, not typed in", `{"commitments": [{"id": "c", "status": "delivered"}]}`, false},
		{"trailing data", `{} {}`, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Decode(strings.NewReader(tt.in))
			if tt.ok && err != nil {
				t.Errorf("got %v, want no error", err)
			}
			if !tt.ok && !errs.Is(err, errs.Invalid) {
				t.Errorf("got %v, want an invalid error", err)
			}
		})
	}
}

func TestNormalize(t *testing.T) {
	l := validLedger()
	l.Frameworks[0].Parties = []Party{{Country: " in "}, {Country: "IN"}, {OrgID: " ror-02wp9c512 "}}
	l.Projects[0].Countries = []string{"in", " IN", "", "jp"}
	l.Projects[0].Budgets[0].Currency = " jpy"
	l.Commitments[0].Layers = []string{" model", "model", ""}
	l.Normalize()
	if got := l.Frameworks[0].Parties; len(got) != 2 || got[0].Country != "IN" || got[1].OrgID != "ror-02wp9c512" {
		t.Errorf("parties: got %+v, want IN and ror-02wp9c512", got)
	}
	if got := strings.Join(l.Projects[0].Countries, ","); got != "IN,JP" {
		t.Errorf("countries: got %s, want IN,JP", got)
	}
	if got := l.Projects[0].Budgets[0].Currency; got != "JPY" {
		t.Errorf("currency: got %q, want JPY", got)
	}
	if got := strings.Join(l.Commitments[0].Layers, ","); got != "model" {
		t.Errorf("layers: got %s, want model", got)
	}
	if err := l.Validate(vocab); err != nil {
		t.Errorf("after Normalize: %v", err)
	}
}
