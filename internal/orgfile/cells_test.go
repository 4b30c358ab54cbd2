package orgfile

import (
	"reflect"
	"strings"
	"testing"
)

func TestItemsRoundTrip(t *testing.T) {
	tests := []struct {
		name  string
		items [][]string
		cell  string
	}{
		{"empty", nil, ""},
		{"one value", [][]string{{"model"}}, "model"},
		{"two values", [][]string{{"model"}, {"energy"}}, "model; energy"},
		{"fields", [][]string{{"東京大学", "label", "ja"}, {"UT", "acronym"}}, "東京大学|label|ja; UT|acronym"},
		{"escapes", [][]string{{`a;b`, `c|d`, `e\f`}}, `a\;b|c\|d|e\\f`},
		{"leading space", [][]string{{"x"}, {" y"}}, `x; \ y`},
		{"empty fields", [][]string{{"offer", "", "", "text"}}, "offer|||text"},
		{"empty items", [][]string{{""}, {""}}, "; "},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := joinItems(tt.items); got != tt.cell {
				t.Errorf("joinItems: got %q, want %q", got, tt.cell)
			}
			got, err := splitItems(tt.cell)
			if err != nil {
				t.Fatalf("splitItems(%q): %v", tt.cell, err)
			}
			if !reflect.DeepEqual(got, tt.items) {
				t.Errorf("splitItems(%q): got %q, want %q", tt.cell, got, tt.items)
			}
		})
	}
}

func TestSplitItemsLenient(t *testing.T) {
	got, err := splitItems("a;b ;  c")
	want := [][]string{{"a"}, {"b "}, {" c"}}
	if err != nil || !reflect.DeepEqual(got, want) {
		t.Errorf("got %q, %v; want %q", got, err, want)
	}
}

func TestSplitFieldsErrors(t *testing.T) {
	tests := []struct {
		name, cell string
		min, max   int
		want       string
	}{
		{"lone backslash", `abc\`, 1, 1, `lone "\"`},
		{"too few", "a|b; c", 2, 2, "item 2 has 1 fields"},
		{"too many", "a|b|c|d", 2, 3, "want 2 to 3"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := splitFields(tt.cell, tt.min, tt.max)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("got %v, want an error containing %q", err, tt.want)
			}
		})
	}
}
