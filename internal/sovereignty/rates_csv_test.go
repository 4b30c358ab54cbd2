package sovereignty

import (
	"bytes"
	"os"
	"strings"
	"testing"
)

func TestReadRates(t *testing.T) {
	rs, err := ReadRates(strings.NewReader("currency,date,rate,source\njpy,2024-01-01,0.007,ECB\nEUR,2024-01-01,1.1,ECB\n"), "t.csv")
	if err != nil {
		t.Fatal(err)
	}
	if len(rs) != 2 || rs[0] != (Rate{Currency: "JPY", Date: "2024-01-01", Rate: 0.007, Source: "ECB"}) {
		t.Errorf("got %+v", rs)
	}
	bad := []struct{ name, in, want string }{
		{"empty", "", "t.csv: line 1"},
		{"header", "cur,date,rate,source\n", "line 1: header"},
		{"fields", "currency,date,rate,source\nJPY,2024-01-01\n", "line 2"},
		{"number", "currency,date,rate,source\nJPY,2024-01-01,x,ECB\n", "line 2: rate"},
		{"date", "currency,date,rate,source\nJPY,2024-01-01,1,ECB\nJPY,24-1-1,1,ECB\n", "line 3"},
	}
	for _, tt := range bad {
		_, err := ReadRates(strings.NewReader(tt.in), "t.csv")
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: got %v, want an error with %q", tt.name, err, tt.want)
		}
	}
}

// TestShippedSampleRates reads the shipped sample table: every row valid
// and labelled as a sample.
func TestShippedSampleRates(t *testing.T) {
	b, err := os.ReadFile("../../data/sovereignty/sample-rates.csv")
	if err != nil {
		t.Fatal(err)
	}
	rs, err := ReadRates(bytes.NewReader(b), "sample-rates.csv")
	if err != nil {
		t.Fatal(err)
	}
	if len(rs) < 50 {
		t.Errorf("got %d rates, want a table", len(rs))
	}
	for _, r := range rs {
		if !strings.HasPrefix(r.Source, "Setu sample") {
			t.Errorf("%s %s: source %q does not say it is a sample", r.Currency, r.Date, r.Source)
		}
	}
}

func FuzzReadRates(f *testing.F) {
	f.Add([]byte("currency,date,rate,source\nJPY,2024-01-01,0.007,ECB\n"))
	f.Add([]byte("currency,date,rate,source\nJPY,2024-13-01,NaN,\n"))
	f.Add([]byte("\ufeffcurrency,date,rate,source\n\"a\nb\",2024-01-01,1e400,x\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		rs, err := ReadRates(bytes.NewReader(b), "fuzz.csv")
		if err != nil {
			return
		}
		for _, r := range rs {
			if err := r.Validate(); err != nil {
				t.Errorf("read a rate that does not validate: %+v: %v", r, err)
			}
		}
	})
}
