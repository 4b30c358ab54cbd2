package sovereignty

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/setu-council/setu/internal/errs"
)

// Base is the currency that every amount is converted into before
// amounts are added.
const Base = "USD"

// Rate is one row of the exchange-rate table: on Date, one unit of
// Currency was worth Rate units of Base, as Source says.
type Rate struct {
	Currency string  `json:"currency"`
	Date     string  `json:"date"` // YYYY-MM-DD
	Rate     float64 `json:"rate"`
	Source   string  `json:"source"`
}

// Normalize trims the rate's fields and upper-cases its currency.
func (r *Rate) Normalize() {
	r.Currency = strings.ToUpper(strings.TrimSpace(r.Currency))
	r.Date = strings.TrimSpace(r.Date)
	r.Source = strings.TrimSpace(r.Source)
}

// Validate checks a rate, naming the field at fault.
func (r Rate) Validate() error {
	var p errs.Problems
	if len(r.Currency) != 3 || strings.Trim(r.Currency, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") != "" {
		p.Add("currency", "%q is not a three-letter ISO 4217 code", r.Currency)
	} else if r.Currency == Base {
		p.Add("currency", "%s is the base currency; its rate is 1", Base)
	}
	if _, err := time.Parse(time.DateOnly, r.Date); err != nil {
		p.Add("date", "%q is not a date YYYY-MM-DD", r.Date)
	}
	if !(r.Rate > 0) || r.Rate > 1e9 {
		p.Add("rate", "%v: want a positive number of %s per unit", r.Rate, Base)
	}
	if r.Source == "" {
		p.Add("source", "required: where the rate comes from")
	} else if len(r.Source) > 200 {
		p.Add("source", "at most 200 bytes")
	}
	return p.Err("exchange rate")
}

// Rates is an exchange-rate table, ready to convert.
type Rates struct {
	by map[string][]Rate // by currency, by date ascending
}

// NewRates indexes rs. Later rows for the same currency and date win.
func NewRates(rs []Rate) *Rates {
	t := &Rates{by: map[string][]Rate{}}
	for _, r := range rs {
		t.by[r.Currency] = append(t.by[r.Currency], r)
	}
	for c, list := range t.by {
		slices.SortStableFunc(list, func(a, b Rate) int { return strings.Compare(a.Date, b.Date) })
		t.by[c] = list
	}
	return t
}

// Convert converts amount of currency on date (YYYY, YYYY-MM or
// YYYY-MM-DD; the first day of the period is used) into Base with the
// latest rate dated on or before it. It reports false when the table has
// no such rate; amounts in Base convert at 1.
func (t *Rates) Convert(amount float64, currency, date string) (float64, bool) {
	if currency == Base {
		return amount, true
	}
	r, ok := t.rateFor(currency, date)
	if !ok {
		return 0, false
	}
	return amount * r.Rate, true
}

func (t *Rates) rateFor(currency, date string) (Rate, bool) {
	list := t.by[currency]
	day := firstDay(date)
	// The first rate dated after day; the one before it applies.
	i, _ := slices.BinarySearchFunc(list, day, func(r Rate, d string) int {
		if r.Date <= d {
			return -1
		}
		return 1
	})
	if i == 0 || day == "" {
		return Rate{}, false
	}
	return list[i-1], true
}

// firstDay turns "2026", "2026-04" or "2026-04-21" into a YYYY-MM-DD
// string that compares correctly with the table's dates; "" stays "".
func firstDay(d string) string {
	switch len(d) {
	case 4:
		return d + "-01-01"
	case 7:
		return d + "-01"
	case 10:
		return d
	}
	return ""
}

// Unconverted is money that could not be converted for lack of a rate:
// the total per currency, and how many amounts it sums.
type Unconverted struct {
	Source   string  `json:"source"`
	Currency string  `json:"currency"`
	Amount   float64 `json:"amount"`
	Count    int     `json:"count"`
	Earliest string  `json:"earliest_date"` // the earliest date of an amount left out
}

// String describes u for a reader.
func (u Unconverted) String() string {
	return fmt.Sprintf("%s: %d amounts totalling %.2f %s not converted (no rate on or before %s)",
		u.Source, u.Count, u.Amount, u.Currency, u.Earliest)
}
