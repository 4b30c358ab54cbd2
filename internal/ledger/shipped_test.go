package ledger_test

import (
	"bytes"
	"testing"

	"github.com/setu-council/setu/data"
	"github.com/setu-council/setu/internal/ledger"
	"github.com/setu-council/setu/internal/registry"
)

const article = "Opinion article on AI diplomacy in India's Act East Policy (2026)"

func TestShippedFrameworks(t *testing.T) {
	l, err := ledger.Decode(bytes.NewReader(data.LedgerFrameworks))
	if err != nil {
		t.Fatalf("%s: %v", data.LedgerFrameworksName, err)
	}
	before := len(l.Frameworks) + len(l.Commitments)
	l.Normalize()
	if err := l.Validate(registry.DefaultVocabulary()); err != nil {
		t.Fatalf("%s: %v", data.LedgerFrameworksName, err)
	}
	if len(l.Projects)+len(l.Milestones)+len(l.Outputs) != 0 || len(l.Frameworks)+len(l.Commitments) != before {
		t.Errorf("the shipped file should hold only frameworks and commitments")
	}
	for _, f := range l.Frameworks {
		if f.Source.Citation != article || f.Source.Locator == "" {
			t.Errorf("framework %s: got citation %q at %q, want the article with a locator", f.ID, f.Source.Citation, f.Source.Locator)
		}
	}
	for _, c := range l.Commitments {
		if c.Source.Citation != article || c.Source.Locator == "" {
			t.Errorf("commitment %s: got citation %q at %q, want the article with a locator", c.ID, c.Source.Citation, c.Source.Locator)
		}
	}

	// The facts the article gives, as the file must record them.
	want := map[string]struct {
		date    string
		parties string
		kind    string
	}{
		"jai":                                  {"2025-08", "IN JP", ledger.KindInitiative},
		"india-japan-ai-strategic-dialogue-1":  {"2026-04-21", "IN JP", ledger.KindDialogue},
		"india-korea-digital-bridge":           {"2026-04", "IN KR", ledger.KindInitiative},
		"asean-india-plan-of-action-2026-2030": {"", "IN ror-02wp9c512", ledger.KindPlanOfAction},
		"asean-japan-ai-co-creation":           {"2025-10", "JP ror-02wp9c512", ledger.KindInitiative},
		"india-semiconductor-mission-1":        {"", "IN", ledger.KindProgramme},
		"india-semiconductor-mission-2":        {"", "IN", ledger.KindProgramme},
	}
	if len(l.Frameworks) != len(want) {
		t.Errorf("got %d frameworks, want %d", len(l.Frameworks), len(want))
	}
	for _, f := range l.Frameworks {
		w, ok := want[f.ID]
		if !ok {
			t.Errorf("unexpected framework %s", f.ID)
			continue
		}
		var parties []byte
		for i, p := range f.Parties {
			if i > 0 {
				parties = append(parties, ' ')
			}
			parties = append(parties, p.String()...)
		}
		if f.Date.String() != w.date || string(parties) != w.parties || f.Kind != w.kind {
			t.Errorf("%s: got %s, %q, %s; want %s, %q, %s", f.ID, f.Date, parties, f.Kind, w.date, w.parties, w.kind)
		}
	}

	// With no projects yet, every commitment is statement-only until its
	// target passes: the Plan of Action's on 1 January 2031.
	for _, tt := range []struct {
		day             string
		overdue, states int
	}{{"2026-06-15", 0, 10}, {"2030-12-31", 0, 10}, {"2031-01-01", 2, 8}} {
		d, _ := ledger.ParseDate(tt.day)
		sc := l.Scorecard(d, nil)
		if got := sc.Overall.Commitments; got.Overdue != tt.overdue || got.StatementOnly != tt.states {
			t.Errorf("on %s: got %+v, want %d overdue and %d statement-only", tt.day, got, tt.overdue, tt.states)
		}
	}
}
