package data

import _ "embed"

// LedgerFrameworksName is the name of the embedded ledger file, for error
// messages and import records.
const LedgerFrameworksName = "ledger/frameworks.json"

// LedgerFrameworks is the cooperation ledger's shipped data in JSON: the
// frameworks that frame the council and their commitments, paraphrased
// from the article Setu grew from. Read it with internal/ledger.Decode; see
// ledger/SOURCE.md for provenance and licence (CC0-1.0).
//
//go:embed ledger/frameworks.json
var LedgerFrameworks []byte
