package ledger

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// Amount is a sum of money in hundredths of a currency unit, so that sums
// are exact. It is written as a JSON number with at most two decimals
// ("1250000", "99.5"). Amounts of different currencies are never added.
type Amount int64

// MaxAmount is the largest magnitude a single budget or transaction value
// may have: 10^15 currency units, above any project budget in any currency
// and far enough below the int64 limit that sums of many values stay exact.
const MaxAmount = Amount(1e17)

// ParseAmount parses a decimal such as "1250000", "-30.25" or "0.5". It
// accepts at most two decimals and no exponent.
func ParseAmount(s string) (Amount, error) {
	bad := fmt.Errorf("%q is not an amount (a decimal with at most two decimals)", s)
	neg := strings.HasPrefix(s, "-")
	body := strings.TrimPrefix(s, "-")
	whole, frac, hasDot := strings.Cut(body, ".")
	if whole == "" || len(whole) > 16 || (hasDot && (frac == "" || len(frac) > 2)) {
		return 0, bad
	}
	w, ok := digits(whole)
	if !ok {
		return 0, bad
	}
	f := 0
	if hasDot {
		if f, ok = digits(frac); !ok {
			return 0, bad
		}
		if len(frac) == 1 {
			f *= 10
		}
	}
	v := Amount(w)*100 + Amount(f)
	if v > MaxAmount {
		return 0, fmt.Errorf("%q is larger than %s", s, MaxAmount)
	}
	if neg {
		v = -v
	}
	return v, nil
}

// Decimals returns how many decimals a needs: 0 for 12, 1 for 12.5, 2 for
// 12.25.
func (a Amount) Decimals() int {
	switch {
	case a%100 == 0:
		return 0
	case a%10 == 0:
		return 1
	}
	return 2
}

// String returns a as a decimal with as few decimals as it needs.
func (a Amount) String() string {
	sign := ""
	u := uint64(a)
	if a < 0 {
		sign, u = "-", uint64(-a)
	}
	whole := strconv.FormatUint(u/100, 10)
	switch a.Decimals() {
	case 0:
		return sign + whole
	case 1:
		return fmt.Sprintf("%s%s.%d", sign, whole, u%100/10)
	}
	return fmt.Sprintf("%s%s.%02d", sign, whole, u%100)
}

// MarshalJSON writes a as a JSON number.
func (a Amount) MarshalJSON() ([]byte, error) { return []byte(a.String()), nil }

// UnmarshalJSON reads a JSON number with at most two decimals, exactly.
// null leaves a unchanged.
func (a *Amount) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		return nil
	}
	v, err := ParseAmount(string(b))
	if err != nil {
		return err
	}
	*a = v
	return nil
}

// add returns a+b, or the sum clamped to the int64 range and false if it
// overflows.
func add(a, b Amount) (Amount, bool) {
	s := a + b
	if (b > 0 && s < a) || (b < 0 && s > a) {
		if b > 0 {
			return math.MaxInt64, false
		}
		return math.MinInt64, false
	}
	return s, true
}
