package ledger

import (
	"slices"
	"testing"

	"github.com/setu-council/setu/internal/errs"
	"github.com/setu-council/setu/internal/registry"
)

var vocab = registry.DefaultVocabulary()

func validFramework() Framework {
	return Framework{
		ID:      "jai",
		Title:   "Japan-India AI Cooperation Initiative",
		Kind:    KindInitiative,
		Parties: []Party{{Country: "IN"}, {Country: "JP"}},
		Date:    MakeDate(2025, 8, 1),
		Source:  Source{Citation: "Opinion article on AI diplomacy in India's Act East Policy (2026)"},
	}
}

func validCommitment() Commitment {
	return Commitment{
		ID:          "jai.c1",
		FrameworkID: "jai",
		Text:        "Explore partnership across the AI stack.",
		Layers:      []string{"model"},
		Domains:     []string{"robotics"},
		Target:      MakeDate(2030, 12, 31),
		Responsible: Party{Country: "IN"},
		Source:      Source{Citation: "Opinion article on AI diplomacy in India's Act East Policy (2026)"},
	}
}

func validProject() Project {
	return Project{
		ID:           "XM-SETU-TEST-P1",
		ReportingOrg: "XM-SETU-TEST",
		Title:        "Precision robotics placement",
		Participants: []Participant{
			{OrgID: "org-aaaa", Role: RoleFunding},
			{OrgID: "org-bbbb", Role: RoleImplementing, Home: true},
		},
		Countries:    []string{"IN", "JP"},
		Layers:       []string{"application"},
		Domains:      []string{"robotics"},
		Status:       StatusImplementation,
		PlannedStart: MakeDate(2026, 1, 1),
		PlannedEnd:   MakeDate(2026, 12, 31),
		ActualStart:  MakeDate(2026, 1, 15),
		Budgets: []Budget{
			{PeriodStart: MakeDate(2026, 1, 1), PeriodEnd: MakeDate(2026, 12, 31), Value: 1_000_000_00, Currency: "JPY"},
		},
		Transactions: []Transaction{
			{Type: TxOutgoingCommitment, Date: MakeDate(2026, 1, 10), Value: 800_000_00, Currency: "JPY"},
		},
		Commitments: []string{"jai.c1"},
	}
}

func validMilestone() Milestone {
	return Milestone{ID: "m1", ProjectID: "XM-SETU-TEST-P1", Title: "Engineers placed", Due: MakeDate(2026, 6, 30)}
}

func validOutput() Output {
	return Output{ID: "o1", ProjectID: "XM-SETU-TEST-P1", Kind: OutputSoftware, Title: "Robot-cell planner", Licence: "Apache-2.0", IPHolder: "org-bbbb"}
}

// checkFields fails unless err is Invalid and names exactly the fields
// want (in any order), or is nil when want is empty.
func checkFields(t *testing.T, err error, want ...string) {
	t.Helper()
	if len(want) == 0 {
		if err != nil {
			t.Fatalf("got %v, want no error", err)
		}
		return
	}
	if !errs.Is(err, errs.Invalid) {
		t.Fatalf("got %v, want an invalid error naming %v", err, want)
	}
	var got []string
	for _, f := range errs.FieldsOf(err) {
		if !slices.Contains(got, f.Field) {
			got = append(got, f.Field)
		}
	}
	slices.Sort(got)
	want = slices.Clone(want)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("fields: got %v, want %v (%v)", got, want, err)
	}
}
