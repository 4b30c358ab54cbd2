package ledger

import (
	_ "embed"
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/setu-council/setu/internal/errs"
)

//go:embed currencies.txt
var currenciesTxt string

//go:embed spdx.txt
var spdxTxt string

// currencyDecimals maps ISO 4217 codes to their minor units; spdxIDs maps
// lower-cased SPDX ids to their canonical spelling. Both are read once from
// the embedded lists.
var (
	currencyDecimals = readCurrencies(currenciesTxt)
	spdxIDs          = readSPDX(spdxTxt)
	licenseRefRe     = regexp.MustCompile(`^LicenseRef-[A-Za-z0-9.-]+$`)
)

func listLines(s string) []string {
	var out []string
	for line := range strings.Lines(s) {
		line = strings.TrimSpace(line)
		if line != "" && !strings.HasPrefix(line, "#") {
			out = append(out, line)
		}
	}
	return out
}

func readCurrencies(s string) map[string]int {
	m := map[string]int{}
	for _, line := range listLines(s) {
		code, dec, _ := strings.Cut(line, " ")
		n, err := strconv.Atoi(dec)
		if err != nil || len(code) != 3 {
			panic(fmt.Sprintf("ledger: bad line in currencies.txt: %q", line))
		}
		m[code] = n
	}
	return m
}

func readSPDX(s string) map[string]string {
	m := map[string]string{}
	for _, id := range listLines(s) {
		m[strings.ToLower(id)] = id
	}
	return m
}

// IsCurrency reports whether code is an active ISO 4217 currency code in
// the embedded list.
func IsCurrency(code string) bool {
	_, ok := currencyDecimals[code]
	return ok
}

// CurrencyDecimals returns the minor units of an ISO 4217 currency (0 for
// JPY and KRW, 2 for INR, 3 for KWD), or -1 if the code is unknown.
func CurrencyDecimals(code string) int {
	if n, ok := currencyDecimals[code]; ok {
		return n
	}
	return -1
}

// IsLicence reports whether id is one of the embedded SPDX licence ids,
// spelled canonically, or a "LicenseRef-" id.
func IsLicence(id string) bool {
	if licenseRefRe.MatchString(id) {
		return true
	}
	c, ok := spdxIDs[strings.ToLower(id)]
	return ok && c == id
}

// checkMoney reports a problem with an amount: a missing or unknown
// currency, decimals finer than the currency has, or a value out of range.
func checkMoney(p *errs.Problems, field string, v Amount, currency string, allowNegative bool) {
	switch {
	case currency == "":
		p.Add(field+".currency", "is required")
	case !IsCurrency(currency):
		p.Add(field+".currency", "%q is not an ISO 4217 currency code", currency)
	case v.Decimals() > CurrencyDecimals(currency):
		p.Add(field+".value", "%s has more decimals than %s has (%d)", v, currency, CurrencyDecimals(currency))
	}
	switch {
	case v > MaxAmount || v < -MaxAmount:
		p.Add(field+".value", "is larger than %s", MaxAmount)
	case v < 0 && !allowNegative:
		p.Add(field+".value", "must not be negative")
	}
}

// checkLicence reports a licence that is neither a known SPDX id nor a
// LicenseRef, suggesting the canonical spelling when only the case is off.
func checkLicence(p *errs.Problems, field, id string) {
	if id == "" || IsLicence(id) {
		return
	}
	if c, ok := spdxIDs[strings.ToLower(id)]; ok {
		p.Add(field, "write %q as %q", id, c)
		return
	}
	p.Add(field, "%q is not a known SPDX licence id; write other licences as LicenseRef-<name>", id)
}
