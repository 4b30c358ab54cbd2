package ledger

import "testing"

func TestMilestoneLate(t *testing.T) {
	tests := []struct {
		name, due, completed, today string
		late, overdue               bool
	}{
		{"open, before due", "2026-06-30", "", "2026-06-29", false, false},
		{"open, on the due day", "2026-06-30", "", "2026-06-30", false, false},
		{"open, day after", "2026-06-30", "", "2026-07-01", true, true},
		{"completed early", "2026-06-30", "2026-06-01", "2026-08-01", false, false},
		{"completed on the due day", "2026-06-30", "2026-06-30", "2026-08-01", false, false},
		{"completed a day late", "2026-06-30", "2026-07-01", "2026-08-01", true, false},
		{"completed late, asked before due", "2026-06-30", "2026-07-01", "2026-06-01", true, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := Milestone{Due: mustDate(t, tt.due), Completed: mustDate(t, tt.completed)}
			today := mustDate(t, tt.today)
			if got := m.Late(today); got != tt.late {
				t.Errorf("Late: got %v, want %v", got, tt.late)
			}
			if got := m.Overdue(today); got != tt.overdue {
				t.Errorf("Overdue: got %v, want %v", got, tt.overdue)
			}
		})
	}
}
