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

// LedgerSampleProjectsName is the name of the embedded sample projects
// file, for error messages and import records.
const LedgerSampleProjectsName = "ledger/sample-projects.json"

// LedgerSampleProjects holds fictional sample projects, milestones and
// outputs in the form of a ledger file (with no frameworks or commitments
// of its own): each project has sample set to true and a title that starts
// with "SAMPLE:", serves commitments of LedgerFrameworks and names sample
// organisations of SampleOrganisations. They show every feature of the
// ledger; none is a real project.
//
//go:embed ledger/sample-projects.json
var LedgerSampleProjects []byte
