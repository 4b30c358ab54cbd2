package ledger

import "testing"

// serving describes one project serving a commitment: its status, actual
// end and open milestones.
type serving struct {
	status ActivityStatus
	end    string
	open   int
}

func TestDerive(t *testing.T) {
	tests := []struct {
		name     string
		target   string
		projects []serving
		today    string
		want     Status
	}{
		{"no project, no target", "", nil, "2026-05-01", StatementOnly},
		{"pipeline only", "", []serving{{status: StatusPipeline}}, "2026-05-01", StatementOnly},
		{"cancelled only", "", []serving{{status: StatusCancelled}}, "2026-05-01", StatementOnly},
		{"pipeline and cancelled", "2027", []serving{{status: StatusPipeline}, {status: StatusCancelled}}, "2026-05-01", StatementOnly},
		{"implementation", "", []serving{{status: StatusImplementation}}, "2026-05-01", InProgress},
		{"suspended counts as started", "", []serving{{status: StatusSuspended}}, "2026-05-01", InProgress},
		{"finalisation, no milestones", "", []serving{{StatusFinalisation, "2026-03-31", 0}}, "2026-05-01", Delivered},
		{"closed, no milestones", "", []serving{{StatusClosed, "2026-03-31", 0}}, "2026-05-01", Delivered},
		{"closed with an open milestone", "", []serving{{StatusClosed, "2026-03-31", 1}}, "2026-05-01", InProgress},
		{"one of two delivers", "", []serving{{status: StatusPipeline}, {StatusClosed, "2026-03-31", 0}}, "2026-05-01", Delivered},

		// Target boundaries: a commitment is overdue from the day after
		// the last day its target covers.
		{"day target, day before", "2026-06-30", nil, "2026-06-29", StatementOnly},
		{"day target, on the day", "2026-06-30", nil, "2026-06-30", StatementOnly},
		{"day target, day after", "2026-06-30", nil, "2026-07-01", Overdue},
		{"month target, last day", "2026-06", []serving{{status: StatusImplementation}}, "2026-06-30", InProgress},
		{"month target, next month", "2026-06", []serving{{status: StatusImplementation}}, "2026-07-01", Overdue},
		{"year target, 31 December", "2030", nil, "2030-12-31", StatementOnly},
		{"year target, 1 January", "2030", nil, "2031-01-01", Overdue},
		{"leap month target", "2028-02", nil, "2028-02-29", StatementOnly},
		{"leap month target, 1 March", "2028-02", nil, "2028-03-01", Overdue},

		// Delivered wins over overdue, even when delivered late.
		{"delivered late", "2025-12-31", []serving{{StatusClosed, "2026-03-31", 0}}, "2026-05-01", Delivered},
		{"completed with open milestone after target", "2025-12-31", []serving{{StatusFinalisation, "2026-03-31", 2}}, "2026-05-01", Overdue},
		{"started but past target", "2026-01-01", []serving{{status: StatusImplementation}}, "2026-05-01", Overdue},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var g Progress
			for _, s := range tt.projects {
				g.Add(s.status, mustDate(t, s.end), s.open)
			}
			got := Derive(mustDate(t, tt.target), g, mustDate(t, tt.today))
			if got != tt.want {
				t.Errorf("got %s, want %s", got, tt.want)
			}
		})
	}
}

func TestProgress(t *testing.T) {
	var g Progress
	g.Add(StatusPipeline, Date{}, 0)
	if g.Converted() || g.Delivered || g.Projects != 1 {
		t.Errorf("after a pipeline project: got %+v, want 1 project, not converted or delivered", g)
	}
	g.Add(StatusClosed, mustDate(t, "2026-03-31"), 0)
	g.Add(StatusFinalisation, mustDate(t, "2026-01-15"), 0)
	g.Add(StatusClosed, mustDate(t, "2025-11-30"), 1) // open milestone: not a delivery
	if !g.Converted() || !g.Delivered || g.Projects != 4 {
		t.Errorf("got %+v, want 4 projects, converted and delivered", g)
	}
	if got := g.DeliveredOn.String(); got != "2026-01-15" {
		t.Errorf("DeliveredOn: got %s, want the earliest delivering end, 2026-01-15", got)
	}
}

func TestActivityStatus(t *testing.T) {
	tests := []struct {
		s                        ActivityStatus
		valid, started, complete bool
	}{
		{0, false, false, false},
		{StatusPipeline, true, false, false},
		{StatusImplementation, true, true, false},
		{StatusFinalisation, true, true, true},
		{StatusClosed, true, true, true},
		{StatusCancelled, true, false, false},
		{StatusSuspended, true, true, false},
		{7, false, false, false},
	}
	for _, tt := range tests {
		if tt.s.Valid() != tt.valid || tt.s.Started() != tt.started || tt.s.Completed() != tt.complete {
			t.Errorf("status %d: got valid %v started %v completed %v, want %v %v %v",
				tt.s, tt.s.Valid(), tt.s.Started(), tt.s.Completed(), tt.valid, tt.started, tt.complete)
		}
	}
}
