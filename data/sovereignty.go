package data

import _ "embed"

// SampleRatesName is the name of the embedded sample exchange rates, for
// error messages and import records.
const SampleRatesName = "sovereignty/sample-rates.csv"

// SampleRates is a SAMPLE exchange-rate table in CSV (currency, date,
// rate in US dollars per unit, source): rounded approximations, one per
// currency and year, so that the sovereignty view can combine budgets in
// different currencies out of the box. It is not an official rate; the
// secretariat replaces it with its own. See sovereignty/SOURCE.md.
//
//go:embed sovereignty/sample-rates.csv
var SampleRates []byte
