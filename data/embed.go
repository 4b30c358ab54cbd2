// Package data embeds the reference data files that ship with Setu, so the
// program can seed a database without reading anything from disk. Each file's
// provenance and licence is described in a SOURCE.md beside it.
package data

import _ "embed"

// RORAsiaName is the name of the embedded ROR extract, for error messages and
// import records.
const RORAsiaName = "ror-asia.jsonl.gz"

// RORAsiaSource says where the ROR extract comes from: the ror-records
// repository at the commit of release v2.9. It is a partial extract; see
// ror/SOURCE.md.
const RORAsiaSource = "github.com/ror-community/ror-records@d93fc667872f8ef9386896bd6c68bd3c6103603e (v2.9)"

// RORAsiaSHA256 is the hex SHA-256 of the uncompressed ROR extract.
const RORAsiaSHA256 = "92a4c9492c1d4d4ff994437de358380da2706f051e08c651ff9a6015650bf4ba"

// RORAsia is the gzip-compressed ROR extract in compact JSON Lines: 11,342
// organisations in ten Asian countries plus a contrast sample of five others.
// Read it with internal/ror.
//
//go:embed ror/ror-asia.jsonl.gz
var RORAsia []byte

// SampleOrganisations holds the fictional sample organisations in JSON Lines,
// one registry.Organisation per line, each with sample set to true and
// provenance source "setu-sample". They were invented by the Setu developers
// so that partner matching has something to show; none is a real company.
// See sample/SOURCE.md.
//
//go:embed sample/organisations.jsonl
var SampleOrganisations []byte

// SamplePeople holds the fictional sample engineers and domain specialists in
// JSON Lines, one registry.Person per line, each with sample set to true and
// a home_org_id (when set) naming one of SampleOrganisations. See
// sample/SOURCE.md.
//
//go:embed sample/people.jsonl
var SamplePeople []byte
