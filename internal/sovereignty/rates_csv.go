package sovereignty

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/setu-council/setu/internal/errs"
)

// RatesHeader is the header line of an exchange-rate CSV file.
var RatesHeader = []string{"currency", "date", "rate", "source"}

// maxRates bounds the rows of a rate file.
const maxRates = 100000

// ReadRates reads an exchange-rate table in CSV with the header
// RatesHeader. An error names the line and the field at fault.
func ReadRates(r io.Reader, name string) ([]Rate, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = len(RatesHeader)
	cr.ReuseRecord = true
	head, err := cr.Read()
	if err != nil {
		return nil, errs.E("read rates", errs.Invalid, "%s: line 1: %v", name, csvMessage(err))
	}
	if got := strings.Join(head, ","); strings.TrimPrefix(got, "\ufeff") != strings.Join(RatesHeader, ",") {
		return nil, errs.E("read rates", errs.Invalid, "%s: line 1: header %q, want %q", name, got, strings.Join(RatesHeader, ","))
	}
	var out []Rate
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				return nil, errs.E("read rates", errs.Invalid, "%s: line %d: %v", name, pe.Line, pe.Err)
			}
			return nil, errs.E("read rates", errs.Invalid, "%s: %v", name, err)
		}
		line, _ := cr.FieldPos(0)
		if len(out) == maxRates {
			return nil, errs.E("read rates", errs.Invalid, "%s: line %d: more than %d rates", name, line, maxRates)
		}
		v, perr := strconv.ParseFloat(strings.TrimSpace(rec[2]), 64)
		if perr != nil {
			return nil, errs.E("read rates", errs.Invalid, "%s: line %d: rate: %q is not a number", name, line, rec[2])
		}
		rt := Rate{Currency: rec[0], Date: rec[1], Rate: v, Source: rec[3]}
		rt.Normalize()
		if err := rt.Validate(); err != nil {
			return nil, errs.E("read rates", errs.Invalid, "%s: line %d: %v", name, line, err)
		}
		out = append(out, rt)
	}
}

func csvMessage(err error) string {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return fmt.Sprint(err)
}
