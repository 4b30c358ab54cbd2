package ledger

import (
	"encoding/json"
	"math"
	"reflect"
	"slices"
	"strings"
	"testing"
)

// smallLedger is a hand-built ledger on 2026-06-15 whose figures are
// worked out by hand in TestScorecard.
//
//	framework fa: fa.c1 (target 2026-12-31), fa.c2 (target 2026-06-14), fa.c3 (none)
//	framework fb: fb.c1 (target 2030), fb.c2 (target 2026-06-15, today)
//	framework fc: no commitments
//
//	P1 closed, serves fa.c1, home IN, no open milestone  -> fa.c1 delivered
//	P2 implementation, serves fa.c1 and fb.c1, home IN   -> fb.c1 in progress
//	P3 pipeline, serves fa.c2                            -> fa.c2 overdue, not converted
//	P4 finalisation with an open milestone, serves fb.c2, home KR -> fb.c2 in progress
//	P5 implementation, serves nothing, home SG
//	P6 cancelled, serves fa.c3 and fa.c1                 -> fa.c3 statement-only
func smallLedger(t *testing.T) (*Ledger, map[string]string) {
	day := func(s string) Date { return mustDate(t, s) }
	amt := func(s string) Amount {
		a, err := ParseAmount(s)
		if err != nil {
			t.Fatal(err)
		}
		return a
	}
	src := Source{Citation: "test"}
	fw := func(id string) Framework {
		return Framework{ID: id, Title: id, Kind: KindInitiative, Parties: []Party{{Country: "IN"}}, Source: src}
	}
	cm := func(id, f, target string) Commitment {
		return Commitment{ID: id, FrameworkID: f, Text: id, Target: day(target), Source: src}
	}
	pj := func(n string, s ActivityStatus, home string, commitments ...string) Project {
		p := Project{ID: "XM-SETU-TEST-" + n, ReportingOrg: "XM-SETU-TEST", Title: n, Status: s, Commitments: commitments,
			Participants: []Participant{{OrgID: home, Role: RoleImplementing, Home: true}}}
		if s.Started() {
			p.ActualStart = day("2025-01-10")
		}
		if s.Completed() {
			p.ActualEnd = day("2026-03-31")
		}
		return p
	}
	budget := func(from, to, v, cur string) Budget {
		return Budget{PeriodStart: day(from), PeriodEnd: day(to), Value: amt(v), Currency: cur}
	}
	tx := func(typ TransactionType, v, cur string) Transaction {
		return Transaction{Type: typ, Date: day("2026-02-01"), Value: amt(v), Currency: cur}
	}
	l := &Ledger{
		Frameworks: []Framework{fw("fa"), fw("fb"), fw("fc")},
		Commitments: []Commitment{
			cm("fa.c1", "fa", "2026-12-31"), cm("fa.c2", "fa", "2026-06-14"), cm("fa.c3", "fa", ""),
			cm("fb.c1", "fb", "2030"), cm("fb.c2", "fb", "2026-06-15"),
		},
		Projects: []Project{
			pj("P1", StatusClosed, "org-in1", "fa.c1"),
			pj("P2", StatusImplementation, "org-in2", "fa.c1", "fb.c1"),
			pj("P3", StatusPipeline, "org-in1", "fa.c2"),
			pj("P4", StatusFinalisation, "org-kr1", "fb.c2"),
			pj("P5", StatusImplementation, "org-sg1"),
			pj("P6", StatusCancelled, "org-in1", "fa.c3", "fa.c1"),
		},
		Milestones: []Milestone{
			{ID: "m1", ProjectID: "XM-SETU-TEST-P1", Title: "m1", Due: day("2025-12-31"), Completed: day("2026-01-05"), Evidence: "https://example.org/m1"},
			{ID: "m2", ProjectID: "XM-SETU-TEST-P2", Title: "m2", Due: day("2026-06-01")},
			{ID: "m3", ProjectID: "XM-SETU-TEST-P2", Title: "m3", Due: day("2026-07-01")},
			{ID: "m4", ProjectID: "XM-SETU-TEST-P4", Title: "m4", Due: day("2026-06-15")},
			{ID: "m5", ProjectID: "XM-SETU-TEST-P5", Title: "m5", Due: day("2026-01-01")},
		},
		Outputs: []Output{
			{ID: "o1", ProjectID: "XM-SETU-TEST-P1", Kind: OutputSoftware, Title: "o1", IPHolder: "org-in1"},
			{ID: "o2", ProjectID: "XM-SETU-TEST-P1", Kind: OutputPatent, Title: "o2", IPHolder: "org-jp1"},
			{ID: "o3", ProjectID: "XM-SETU-TEST-P1", Kind: OutputDataset, Title: "o3", IPHolder: "org-jp1", LicensedHome: true},
			{ID: "o4", ProjectID: "XM-SETU-TEST-P2", Kind: OutputModel, Title: "o4"},
			{ID: "o5", ProjectID: "XM-SETU-TEST-P2", Kind: OutputPeopleTrained, Title: "o5", Count: 12},
			{ID: "o6", ProjectID: "XM-SETU-TEST-P4", Kind: OutputPublication, Title: "o6", IPHolder: "org-kr1"},
			{ID: "o7", ProjectID: "XM-SETU-TEST-P5", Kind: OutputStandardContribution, Title: "o7", IPHolder: "org-unknown"},
		},
	}
	p := l.Projects
	p[0].Budgets = []Budget{budget("2025-01-01", "2025-12-31", "1000.00", "INR"), budget("2026-01-01", "2026-12-31", "500000", "JPY")}
	p[0].Transactions = []Transaction{tx(TxOutgoingCommitment, "800", "INR"), tx(TxDisbursement, "300", "INR"),
		tx(TxExpenditure, "200.50", "INR"), tx(TxIncomingFunds, "5000", "INR"), tx(TxDisbursement, "100000", "JPY")}
	p[1].Budgets = []Budget{budget("2026-01-01", "2026-12-31", "10000", "USD")}
	p[1].Transactions = []Transaction{tx(TxOutgoingCommitment, "10000", "USD"), tx(TxDisbursement, "2500", "USD")}
	p[4].Budgets = []Budget{budget("2026-01-01", "2026-12-31", "999", "USD")}
	p[4].Transactions = []Transaction{tx(TxExpenditure, "400", "USD"), tx(TxDisbursement, "-100", "USD")}
	p[5].Budgets = []Budget{budget("2026-01-01", "2026-12-31", "50", "INR")}
	countries := map[string]string{"org-in1": "IN", "org-in2": "IN", "org-jp1": "JP", "org-kr1": "KR", "org-sg1": "SG"}
	return l, countries
}

func TestSmallLedgerIsValid(t *testing.T) {
	l, _ := smallLedger(t)
	if err := l.Validate(vocab); err != nil {
		t.Fatal(err)
	}
}

func TestScorecard(t *testing.T) {
	l, countries := smallLedger(t)
	sc := l.Scorecard(mustDate(t, "2026-06-15"), countries)

	wantStatus := map[string]Status{
		"fa.c1": Delivered, "fa.c2": Overdue, "fa.c3": StatementOnly, "fb.c1": InProgress, "fb.c2": InProgress,
	}
	for _, c := range sc.Commitments {
		if c.Status != wantStatus[c.ID] {
			t.Errorf("commitment %s: got %s, want %s", c.ID, c.Status, wantStatus[c.ID])
		}
	}
	if got := sc.Commitments[0].Progress; got.Projects != 3 || got.DeliveredOn.String() != "2026-03-31" {
		t.Errorf("fa.c1 progress: got %+v, want 3 projects, delivered on 2026-03-31", got)
	}

	outputs := func(kv ...any) map[string]int {
		m := map[string]int{}
		for _, k := range OutputKinds {
			m[k] = 0
		}
		for i := 0; i < len(kv); i += 2 {
			m[kv[i].(string)] = kv[i+1].(int)
		}
		return m
	}
	money := func(cur, budgeted, committed, disbursed string) Money {
		m := Money{Currency: cur}
		m.Budgeted, _ = ParseAmount(budgeted)
		m.Committed, _ = ParseAmount(committed)
		m.Disbursed, _ = ParseAmount(disbursed)
		return m
	}
	want := struct {
		overall Figures
		fw      []Figures
	}{
		overall: Figures{
			Commitments:       StatusCounts{StatementOnly: 1, InProgress: 2, Delivered: 1, Overdue: 1},
			Conversion:        Share{N: 3, Of: 5},
			Projects:          6,
			Milestones:        5,
			OverdueMilestones: 2, // m2, m5
			LateMilestones:    1, // m1
			Outputs: outputs(OutputSoftware, 1, OutputPatent, 1, OutputDataset, 1, OutputModel, 1,
				OutputPeopleTrained, 1, OutputPublication, 1, OutputStandardContribution, 1),
			PeopleTrained: 12,
			ReturnedHome:  Share{N: 3, Of: 6}, // o1, o3 (licensed), o6; not o2 (JP); unknown o4, o7
			IPUnknown:     2,
			Money: []Money{
				money("INR", "1050", "800", "500.50"),
				money("JPY", "500000", "0", "100000"),
				money("USD", "10999", "10000", "2800"),
			},
		},
		fw: []Figures{
			{ // fa: P1, P2, P3, P6 (P6 serves two of its commitments, counted once)
				Commitments:       StatusCounts{StatementOnly: 1, Delivered: 1, Overdue: 1},
				Conversion:        Share{N: 1, Of: 3},
				Projects:          4,
				Milestones:        3,
				OverdueMilestones: 1,
				LateMilestones:    1,
				Outputs:           outputs(OutputSoftware, 1, OutputPatent, 1, OutputDataset, 1, OutputModel, 1, OutputPeopleTrained, 1),
				PeopleTrained:     12,
				ReturnedHome:      Share{N: 2, Of: 4},
				IPUnknown:         1,
				Money: []Money{
					money("INR", "1050", "800", "500.50"),
					money("JPY", "500000", "0", "100000"),
					money("USD", "10000", "10000", "2500"),
				},
			},
			{ // fb: P2, P4
				Commitments:       StatusCounts{InProgress: 2},
				Conversion:        Share{N: 2, Of: 2},
				Projects:          2,
				Milestones:        3,
				OverdueMilestones: 1,
				Outputs:           outputs(OutputModel, 1, OutputPeopleTrained, 1, OutputPublication, 1),
				PeopleTrained:     12,
				ReturnedHome:      Share{N: 1, Of: 2},
				IPUnknown:         1,
				Money:             []Money{money("USD", "10000", "10000", "2500")},
			},
			{ // fc: nothing
				Outputs: outputs(),
				Money:   []Money{},
			},
		},
	}
	if !reflect.DeepEqual(sc.Overall, want.overall) {
		t.Errorf("overall:\n got %+v\nwant %+v", sc.Overall, want.overall)
	}
	for i, f := range sc.Frameworks {
		if !reflect.DeepEqual(f.Figures, want.fw[i]) {
			t.Errorf("framework %s:\n got %+v\nwant %+v", f.FrameworkID, f.Figures, want.fw[i])
		}
	}
}

func TestScorecardWithoutCountries(t *testing.T) {
	l, _ := smallLedger(t)
	sc := l.Scorecard(mustDate(t, "2026-06-15"), nil)
	// Only the licensed-home output is known to have returned.
	if got, want := sc.Overall.ReturnedHome, (Share{N: 1, Of: 6}); got != want {
		t.Errorf("returned home: got %+v, want %+v", got, want)
	}
	if got := sc.Overall.IPUnknown; got != 5 {
		t.Errorf("IP unknown: got %d, want 5", got)
	}
}

func TestShareJSON(t *testing.T) {
	tests := []struct {
		s    Share
		want string
	}{
		{Share{N: 1, Of: 4}, `{"n":1,"of":4,"rate":0.25}`},
		{Share{}, `{"n":0,"of":0}`},
	}
	for _, tt := range tests {
		b, err := json.Marshal(tt.s)
		if err != nil {
			t.Fatal(err)
		}
		if string(b) != tt.want {
			t.Errorf("got %s, want %s", b, tt.want)
		}
	}
	if !math.IsNaN(Share{}.Rate()) {
		t.Errorf("Rate of 0/0: got a number, want NaN")
	}
}

func TestScorecardJSON(t *testing.T) {
	l, countries := smallLedger(t)
	b, err := json.Marshal(l.Scorecard(mustDate(t, "2026-06-15"), countries))
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{`"as_of":"2026-06-15"`, `"disbursed":500.5`, `"status":"statement-only"`, `"delivered_on":"2026-03-31"`} {
		if !strings.Contains(string(b), s) {
			t.Errorf("scorecard JSON lacks %s", s)
		}
	}
}

func TestScorecardOrderFree(t *testing.T) {
	l, countries := smallLedger(t)
	want := l.Scorecard(mustDate(t, "2026-06-15"), countries)
	slices.Reverse(l.Milestones)
	slices.Reverse(l.Outputs)
	l.Outputs[0], l.Outputs[3] = l.Outputs[3], l.Outputs[0]
	got := l.Scorecard(mustDate(t, "2026-06-15"), countries)
	if !reflect.DeepEqual(got, want) {
		t.Errorf("reordering milestones and outputs changed the scorecard:\n got %+v\nwant %+v", got, want)
	}
}
