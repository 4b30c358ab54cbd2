package ledger

import (
	"encoding/json"
	"testing"
	"time"
)

func TestParseDate(t *testing.T) {
	tests := []struct {
		name, in string
		want     string
		prec     Precision
		bad      bool
	}{
		{"empty", "", "", PrecisionNone, false},
		{"year", "2030", "2030", PrecisionYear, false},
		{"month", "2025-08", "2025-08", PrecisionMonth, false},
		{"day", "2026-04-21", "2026-04-21", PrecisionDay, false},
		{"leap day", "2028-02-29", "2028-02-29", PrecisionDay, false},
		{"no leap day", "2026-02-29", "", 0, true},
		{"month 13", "2026-13", "", 0, true},
		{"day 0", "2026-04-00", "", 0, true},
		{"year 0", "0000", "", 0, true},
		{"slashes", "2026/04/21", "", 0, true},
		{"short", "26-4-21", "", 0, true},
		{"time", "2026-04-21T00:00:00Z", "", 0, true},
		{"sign", "+202", "", 0, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := ParseDate(tt.in)
			if tt.bad {
				if err == nil {
					t.Fatalf("ParseDate(%q): got %v, want an error", tt.in, d)
				}
				return
			}
			if err != nil {
				t.Fatalf("ParseDate(%q): %v", tt.in, err)
			}
			if got := d.String(); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
			if got := d.Precision(); got != tt.prec {
				t.Errorf("precision: got %d, want %d", got, tt.prec)
			}
		})
	}
}

func TestDateFirstLast(t *testing.T) {
	tests := []struct{ in, first, last string }{
		{"2030", "2030-01-01", "2030-12-31"},
		{"2026-04", "2026-04-01", "2026-04-30"},
		{"2028-02", "2028-02-01", "2028-02-29"},
		{"2026-02", "2026-02-01", "2026-02-28"},
		{"2026-04-21", "2026-04-21", "2026-04-21"},
		{"", "", ""},
	}
	for _, tt := range tests {
		d := mustDate(t, tt.in)
		if got := d.First().String(); got != tt.first {
			t.Errorf("%q.First(): got %q, want %q", tt.in, got, tt.first)
		}
		if got := d.Last().String(); got != tt.last {
			t.Errorf("%q.Last(): got %q, want %q", tt.in, got, tt.last)
		}
	}
}

func TestDateCompare(t *testing.T) {
	order := []string{"", "2025", "2025-08", "2025-08-01", "2025-08-31", "2025-09", "2026-01-01"}
	for i, a := range order {
		for j, b := range order {
			want := 0
			if i < j {
				want = -1
			} else if i > j {
				want = 1
			}
			if got := mustDate(t, a).Compare(mustDate(t, b)); got != want {
				t.Errorf("Compare(%q, %q): got %d, want %d", a, b, got, want)
			}
		}
	}
}

func TestDateJSON(t *testing.T) {
	type rec struct {
		D Date `json:"d"`
		E Date `json:"e,omitzero"`
	}
	b, err := json.Marshal(rec{D: MakeDate(2026, time.April, 21)})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := string(b), `{"d":"2026-04-21"}`; got != want {
		t.Errorf("marshal: got %s, want %s", got, want)
	}
	var r rec
	if err := json.Unmarshal([]byte(`{"d":"2025-08","e":""}`), &r); err != nil {
		t.Fatal(err)
	}
	if r.D.String() != "2025-08" || !r.E.IsZero() {
		t.Errorf("unmarshal: got %v, %v; want 2025-08 and zero", r.D, r.E)
	}
	if err := json.Unmarshal([]byte(`{"d":"21/04/2026"}`), &r); err == nil {
		t.Errorf("unmarshal of 21/04/2026: got no error, want one")
	}
}

func TestDateOfAndAddDays(t *testing.T) {
	ist := time.FixedZone("IST", 5*3600+1800)
	// 20:00 UTC on 20 April is already 21 April in India.
	if got := DateOf(time.Date(2026, 4, 20, 20, 0, 0, 0, time.UTC).In(ist)).String(); got != "2026-04-21" {
		t.Errorf("DateOf in IST: got %s, want 2026-04-21", got)
	}
	if got := mustDate(t, "2028-02-28").AddDays(1).String(); got != "2028-02-29" {
		t.Errorf("AddDays: got %s, want 2028-02-29", got)
	}
}

func mustDate(tb testing.TB, s string) Date {
	tb.Helper()
	d, err := ParseDate(s)
	if err != nil {
		tb.Fatal(err)
	}
	return d
}
