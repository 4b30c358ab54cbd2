package ledger

import (
	"fmt"
	"strconv"
	"time"
)

// Precision says how much of a Date is known.
type Precision uint8

// The precisions of a date. A source often gives only the month ("launched
// in August 2025") or the year ("by 2030"); a Date keeps that rather than
// inventing a day.
const (
	PrecisionNone  Precision = iota // the zero Date: no date
	PrecisionYear                   // YYYY
	PrecisionMonth                  // YYYY-MM
	PrecisionDay                    // YYYY-MM-DD
)

// Date is a civil date with no time of day or zone, written in ISO 8601
// calendar form with reduced precision allowed: "2030", "2025-08" or
// "2026-04-21". It marshals to and from that string in JSON; the zero Date
// is the empty string. Dates compare as strings do: "2025" < "2025-08" <
// "2025-08-01".
type Date struct {
	y    uint16
	m, d uint8
}

// MakeDate returns the day-precision date y-m-d. It panics if the date does
// not exist; use ParseDate for input.
func MakeDate(y int, m time.Month, d int) Date {
	t := time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	if t.Year() != y || t.Month() != m || t.Day() != d || y < 1 || y > 9999 {
		panic(fmt.Sprintf("ledger: no such date %04d-%02d-%02d", y, m, d))
	}
	return Date{uint16(y), uint8(m), uint8(d)}
}

// DateOf returns the day of t in t's location.
func DateOf(t time.Time) Date {
	y, m, d := t.Date()
	return MakeDate(y, m, d)
}

// ParseDate parses "YYYY", "YYYY-MM" or "YYYY-MM-DD". The empty string gives
// the zero Date.
func ParseDate(s string) (Date, error) {
	if s == "" {
		return Date{}, nil
	}
	bad := fmt.Errorf("%q is not a date (YYYY, YYYY-MM or YYYY-MM-DD)", s)
	if len(s) != 4 && len(s) != 7 && len(s) != 10 {
		return Date{}, bad
	}
	y, ok := digits(s[0:4])
	if !ok || y < 1 {
		return Date{}, bad
	}
	if len(s) == 4 {
		return Date{y: uint16(y)}, nil
	}
	m, ok := digits(s[5:7])
	if s[4] != '-' || !ok || m < 1 || m > 12 {
		return Date{}, bad
	}
	if len(s) == 7 {
		return Date{y: uint16(y), m: uint8(m)}, nil
	}
	d, ok := digits(s[8:10])
	if s[7] != '-' || !ok || d < 1 || d > daysIn(y, time.Month(m)) {
		return Date{}, bad
	}
	return Date{uint16(y), uint8(m), uint8(d)}, nil
}

func digits(s string) (int, bool) {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return 0, false
		}
	}
	n, err := strconv.Atoi(s)
	return n, err == nil
}

func daysIn(y int, m time.Month) int {
	return time.Date(y, m+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

// IsZero reports whether d is the zero Date (no date).
func (d Date) IsZero() bool { return d.y == 0 }

// Precision returns how much of d is known.
func (d Date) Precision() Precision {
	switch {
	case d.y == 0:
		return PrecisionNone
	case d.m == 0:
		return PrecisionYear
	case d.d == 0:
		return PrecisionMonth
	default:
		return PrecisionDay
	}
}

// First returns the first day d covers: 2025-08 gives 2025-08-01.
func (d Date) First() Date {
	switch d.Precision() {
	case PrecisionYear:
		return Date{d.y, 1, 1}
	case PrecisionMonth:
		return Date{d.y, d.m, 1}
	}
	return d
}

// Last returns the last day d covers: 2030 gives 2030-12-31 and 2026-04
// gives 2026-04-30. A target or due date with reduced precision is met by
// its last day.
func (d Date) Last() Date {
	switch d.Precision() {
	case PrecisionYear:
		return Date{d.y, 12, 31}
	case PrecisionMonth:
		return Date{d.y, d.m, uint8(daysIn(int(d.y), time.Month(d.m)))}
	}
	return d
}

func (d Date) key() uint32 { return uint32(d.y)<<9 | uint32(d.m)<<5 | uint32(d.d) }

// Compare returns -1, 0 or +1 as d sorts before, equal to or after e.
func (d Date) Compare(e Date) int {
	a, b := d.key(), e.key()
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// Before reports whether d sorts before e.
func (d Date) Before(e Date) bool { return d.key() < e.key() }

// After reports whether d sorts after e.
func (d Date) After(e Date) bool { return d.key() > e.key() }

// Time returns midnight UTC of the first day d covers, or the zero Time.
func (d Date) Time() time.Time {
	if d.IsZero() {
		return time.Time{}
	}
	f := d.First()
	return time.Date(int(f.y), time.Month(f.m), int(f.d), 0, 0, 0, 0, time.UTC)
}

// AddDays returns the day n days after the first day d covers.
func (d Date) AddDays(n int) Date { return DateOf(d.Time().AddDate(0, 0, n)) }

// String returns d in ISO 8601 form at its precision, or "".
func (d Date) String() string {
	switch d.Precision() {
	case PrecisionYear:
		return fmt.Sprintf("%04d", d.y)
	case PrecisionMonth:
		return fmt.Sprintf("%04d-%02d", d.y, d.m)
	case PrecisionDay:
		return fmt.Sprintf("%04d-%02d-%02d", d.y, d.m, d.d)
	}
	return ""
}

// MarshalText returns d.String().
func (d Date) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// UnmarshalText parses a date written by MarshalText.
func (d *Date) UnmarshalText(b []byte) error {
	v, err := ParseDate(string(b))
	if err != nil {
		return err
	}
	*d = v
	return nil
}
