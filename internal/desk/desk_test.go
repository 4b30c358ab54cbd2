package desk

import (
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/setu-council/setu/internal/errs"
)

func fields(err error) string {
	var out []string
	for _, f := range errs.FieldsOf(err) {
		out = append(out, f.Field)
	}
	return strings.Join(out, ",")
}

func TestLeadCheck(t *testing.T) {
	ok := func() Lead {
		return Lead{Investor: "org-a", OriginCountry: "jp", Segment: "memory", Layers: []string{"semiconductor", " semiconductor"},
			Amount: 500_000_000, Currency: "usd", Officer: "desk@example.org", NextAction: "Call", NextActionDue: "2026-12-01"}
	}
	for _, tc := range []struct {
		name   string
		change func(*Lead)
		want   string // fields in error, "" for valid
	}{
		{"valid", func(*Lead) {}, ""},
		{"no investor", func(l *Lead) { l.Investor = "" }, "investor"},
		{"bad country", func(l *Lead) { l.OriginCountry = "XX" }, "origin_country"},
		{"bad segment", func(l *Lead) { l.Segment = "chips" }, "segment"},
		{"bad layer", func(l *Lead) { l.Layers = []string{"cloud"} }, "layers[0]"},
		{"negative amount", func(l *Lead) { l.Amount = -1 }, "amount"},
		{"bad currency", func(l *Lead) { l.Currency = "dollars" }, "currency"},
		{"bad officer", func(l *Lead) { l.Officer = "desk officer" }, "officer"},
		{"bad due date", func(l *Lead) { l.NextActionDue = "1 Dec" }, "next_action_due"},
		{"due without action", func(l *Lead) { l.NextAction = "" }, "next_action"},
		{"two problems", func(l *Lead) { l.Segment = ""; l.OriginCountry = "" }, "origin_country,segment"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			l := ok()
			tc.change(&l)
			l.Normalize()
			err := l.Check()
			if got := fields(err); got != tc.want {
				t.Errorf("got fields %q (%v), want %q", got, err, tc.want)
			}
			if tc.want != "" && !errs.Is(err, errs.Invalid) {
				t.Errorf("got kind %v, want invalid", errs.KindOf(err))
			}
		})
	}
	l := ok()
	l.Normalize()
	if l.OriginCountry != "JP" || l.Currency != "USD" || len(l.Layers) != 1 {
		t.Errorf("normalised: got %s %s %v, want JP USD [semiconductor]", l.OriginCountry, l.Currency, l.Layers)
	}
}

func TestCheckStageChange(t *testing.T) {
	for _, tc := range []struct {
		name, from, to, reason, text, want string
	}{
		{"forward", Prospect, Engaged, "", "", ""},
		{"skip", Engaged, Approvals, "", "", ""},
		{"back", Approvals, Memorandum, "", "", ""},
		{"same", Engaged, Engaged, "", "", "stage"},
		{"unknown", Engaged, "signed", "", "", "stage"},
		{"empty", Engaged, "", "", "", "stage"},
		{"lost with reason", Approvals, Lost, "land", "Plot not released", ""},
		{"lost without reason", Approvals, Lost, "", "", "lost_reason"},
		{"lost unknown reason", Approvals, Lost, "bad luck", "", "lost_reason"},
		{"lost other needs text", Approvals, Lost, "other", "", "lost_text"},
		{"reason on a live lead", Prospect, Engaged, "land", "", "lost_reason"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := fields(CheckStageChange(tc.from, tc.to, tc.reason, tc.text)); got != tc.want {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
}

func TestBarrierCheck(t *testing.T) {
	for _, tc := range []struct {
		name string
		b    Barrier
		want string
	}{
		{"valid", Barrier{Org: "o", Category: "logistics", Jurisdiction: "Gujarat", Description: "d", Agency: "Port trust"}, ""},
		{"on a lead", Barrier{LeadID: "l", Category: "logistics", Jurisdiction: "NATIONAL", Description: "d", Agency: "a"}, ""},
		{"nothing blocked", Barrier{Category: "logistics", Jurisdiction: "national", Description: "d", Agency: "a"}, "org"},
		{"bad category", Barrier{Org: "o", Category: "tax", Jurisdiction: "national", Description: "d", Agency: "a"}, "category"},
		{"empty", Barrier{Org: "o"}, "category,jurisdiction,description,agency"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tc.b.Normalize()
			if got := fields(tc.b.Check()); got != tc.want {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
	b := Barrier{Jurisdiction: "National"}
	b.Normalize()
	if b.Jurisdiction != National {
		t.Errorf("got jurisdiction %q, want national", b.Jurisdiction)
	}
}

func TestEscalation(t *testing.T) {
	opened := time.Date(2026, 1, 1, 9, 0, 0, 0, time.UTC)
	day := 24 * time.Hour
	for _, tc := range []struct {
		name      string
		level     int
		at        time.Duration
		wantLevel int
		wantMove  bool
	}{
		{"before target", LevelDesk, 10 * day, LevelDesk, false},
		{"at target", LevelDesk, 30 * day, LevelDesk, false},
		{"just past target", LevelDesk, 30*day + time.Second, LevelMinistry, true},
		{"second period", LevelDesk, 61 * day, LevelCouncil, true},
		{"already ministry", LevelMinistry, 40 * day, LevelMinistry, false},
		{"ministry to council", LevelMinistry, 60*day + time.Minute, LevelCouncil, true},
		{"escalated early stays", LevelCouncil, 1 * day, LevelCouncil, false},
		{"council is the top", LevelCouncil, 400 * day, LevelCouncil, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, moved := Escalation(tc.level, opened, 30, opened.Add(tc.at))
			if got != tc.wantLevel || moved != tc.wantMove {
				t.Errorf("got %d %v, want %d %v", got, moved, tc.wantLevel, tc.wantMove)
			}
		})
	}
}

func TestCheckEscalateResolve(t *testing.T) {
	if err := CheckEscalate(Open, LevelMinistry); err != nil {
		t.Errorf("escalate from ministry: %v", err)
	}
	if err := CheckEscalate(Open, LevelCouncil); !errs.Is(err, errs.Conflict) {
		t.Errorf("escalate beyond council: got %v, want conflict", err)
	}
	if err := CheckEscalate(Resolved, LevelDesk); !errs.Is(err, errs.Conflict) {
		t.Errorf("escalate resolved: got %v, want conflict", err)
	}
	if got := fields(CheckResolve(Open, " ")); got != "resolution" {
		t.Errorf("resolve without text: got %q, want resolution", got)
	}
	if err := CheckResolve(Resolved, "done"); !errs.Is(err, errs.Conflict) {
		t.Errorf("resolve twice: got %v, want conflict", err)
	}
	if got := fields(CheckTarget("logistics", 0)); got != "days" {
		t.Errorf("target 0: got %q", got)
	}
	if got := fields(CheckTarget("tax", 10)); got != "category" {
		t.Errorf("target unknown: got %q", got)
	}
}

func TestPercentile(t *testing.T) {
	for _, tc := range []struct {
		name string
		h    []DayCount
		p    float64
		want int
	}{
		{"empty", nil, 50, 0},
		{"one", []DayCount{{7, 1}}, 90, 7},
		{"median odd", []DayCount{{1, 1}, {2, 1}, {3, 1}}, 50, 2},
		{"median even is the lower", []DayCount{{1, 1}, {2, 1}, {3, 1}, {4, 1}}, 50, 2},
		{"p90 of ten", []DayCount{{10, 1}, {1, 9}}, 90, 1},
		{"p90 of ten, two high", []DayCount{{10, 2}, {1, 8}}, 90, 10},
		{"bins unsorted", []DayCount{{30, 5}, {5, 5}}, 50, 5},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := Percentile(tc.h, tc.p); got != tc.want {
				t.Errorf("got %d, want %d", got, tc.want)
			}
		})
	}
}

func TestGroupsAndTotals(t *testing.T) {
	opened := map[string]int{"logistics": 4, "utilities": 1, "custom": 1}
	bins := []ResolvedBin{{"logistics", 5, 2, 2}, {"logistics", 40, 1, 0}, {"utilities", 3, 1, 1}}
	g := Groups(opened, bins, Categories)
	if len(g) != len(Categories)+1 || g[2].Key != "logistics" || g[5].Key != "utilities" || g[len(g)-1].Key != "custom" || g[0].Opened != 0 {
		t.Fatalf("got groups %+v, want every category, then custom", g)
	}
	g[0], g[1], g[2] = g[2], g[5], g[len(g)-1]
	if g[0].Resolved != 3 || g[0].MedianDays != 5 || g[0].P90Days != 40 || g[0].ShareWithinTarget != 0.667 {
		t.Errorf("logistics: got %+v", g[0])
	}
	tot := Totals(Groups(opened, bins, Categories), bins)
	if tot.Opened != 6 || tot.Resolved != 4 || tot.Open != 2 || tot.WithinTarget != 3 || tot.ShareWithinTarget != 0.75 {
		t.Errorf("totals: got %+v", tot)
	}
}

func TestStageTimesAndCounts(t *testing.T) {
	st := StageTimes(map[string][]DayCount{Prospect: {{10, 3}}, Engaged: {{20, 1}, {40, 1}}})
	if len(st) != 6 || st[0].Left != 3 || st[0].MedianDays != 10 || st[1].P90Days != 40 {
		t.Errorf("got %+v", st)
	}
	c := Counts(map[string]int{"JP": 2, "KR": 5, "SG": 2}, nil, func(s string) string { return s })
	if c[0].Key != "KR" || c[1].Key != "JP" || c[2].Key != "SG" {
		t.Errorf("got %+v, want KR, JP, SG", c)
	}
	if c := Counts(map[string]int{"memory": 1}, Segments, nil); len(c) != len(Segments) || c[2].N != 1 {
		t.Errorf("by segment: got %+v", c)
	}
}

// TestNoIO keeps the domain package free of I/O packages.
func TestNoIO(t *testing.T) {
	out, err := exec.Command("go", "list", "-deps", ".").Output()
	if err != nil {
		t.Skipf("go list: %v", err)
	}
	for _, dep := range strings.Fields(string(out)) {
		if dep == "net/http" || dep == "database/sql" {
			t.Errorf("desk imports %s", dep)
		}
	}
}
