package ledger

import (
	"encoding/json"
	"testing"
)

func TestParseAmount(t *testing.T) {
	tests := []struct {
		in   string
		want Amount
		out  string
		bad  bool
	}{
		{in: "0", want: 0, out: "0"},
		{in: "1250000", want: 125000000, out: "1250000"},
		{in: "99.5", want: 9950, out: "99.5"},
		{in: "99.50", want: 9950, out: "99.5"},
		{in: "0.05", want: 5, out: "0.05"},
		{in: "-30.25", want: -3025, out: "-30.25"},
		{in: "1000000000000000", want: MaxAmount, out: "1000000000000000"},
		{in: "1000000000000000.01", bad: true},
		{in: "1.234", bad: true},
		{in: "1e6", bad: true},
		{in: "1.", bad: true},
		{in: ".5", bad: true},
		{in: "-", bad: true},
		{in: `"12"`, bad: true},
		{in: "12 000", bad: true},
	}
	for _, tt := range tests {
		got, err := ParseAmount(tt.in)
		if tt.bad {
			if err == nil {
				t.Errorf("ParseAmount(%q): got %d, want an error", tt.in, got)
			}
			continue
		}
		if err != nil {
			t.Errorf("ParseAmount(%q): %v", tt.in, err)
			continue
		}
		if got != tt.want {
			t.Errorf("ParseAmount(%q): got %d, want %d", tt.in, got, tt.want)
		}
		if s := got.String(); s != tt.out {
			t.Errorf("String of %q: got %q, want %q", tt.in, s, tt.out)
		}
	}
}

func TestAmountJSON(t *testing.T) {
	var b Budget
	if err := json.Unmarshal([]byte(`{"value": 0.10, "currency": "SGD"}`), &b); err != nil {
		t.Fatal(err)
	}
	if b.Value != 10 {
		t.Errorf("got %d hundredths, want 10", b.Value)
	}
	out, _ := json.Marshal(b.Value)
	if string(out) != "0.1" {
		t.Errorf("marshal: got %s, want 0.1", out)
	}
}

func TestAddOverflow(t *testing.T) {
	const max = Amount(1<<63 - 1)
	if s, ok := add(max-1, 1); !ok || s != max {
		t.Errorf("add(max-1, 1): got %d, %v; want max, true", s, ok)
	}
	if _, ok := add(max, 1); ok {
		t.Errorf("add(max, 1): got ok, want overflow")
	}
	if _, ok := add(-max, -2); ok {
		t.Errorf("add(-max, -2): got ok, want overflow")
	}
}
