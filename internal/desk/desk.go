// Package desk is the investment and fast-track desk: investment leads and
// the stages they pass through, the barriers investors meet, the targets
// by which barriers must be resolved, the rule that escalates a barrier
// when its target passes, and the public figures of how fast barriers are
// cleared. It does no I/O.
package desk

import "slices"

// Term is a code and its label.
type Term struct {
	Code  string `json:"code"`
	Label string `json:"label"`
}

func hasCode(ts []Term, code string) bool {
	return slices.ContainsFunc(ts, func(t Term) bool { return t.Code == code })
}

// LabelOf returns the label of code in ts, or code itself.
func LabelOf(ts []Term, code string) string {
	for _, t := range ts {
		if t.Code == code {
			return t.Label
		}
	}
	return code
}

func codes(ts []Term) []string {
	out := make([]string, len(ts))
	for i, t := range ts {
		out[i] = t.Code
	}
	return out
}

// Segments are what an investment is in.
var Segments = []Term{
	{"chip-fabrication", "Chip fabrication"},
	{"assembly-test-packaging", "Assembly, test and packaging"},
	{"memory", "Memory"},
	{"chip-design", "Chip design"},
	{"data-centres", "Data centres"},
	{"energy-for-ai", "Energy for AI"},
	{"talent-development", "Talent development"},
	{"other", "Other"},
}

// The stages of a lead, in order; Lost ends a lead from any open stage.
const (
	Prospect      = "prospect"
	Engaged       = "engaged"
	Memorandum    = "memorandum"
	Approvals     = "approvals"
	LandUtilities = "land-utilities"
	Construction  = "construction"
	Operational   = "operational"
	Lost          = "lost"
)

// Stages are the stages of a lead, in pipeline order, Lost last.
var Stages = []Term{
	{Prospect, "Prospect"},
	{Engaged, "Engaged"},
	{Memorandum, "Memorandum"},
	{Approvals, "Approvals"},
	{LandUtilities, "Land and utilities"},
	{Construction, "Construction"},
	{Operational, "Operational"},
	{Lost, "Lost"},
}

// StageIndex returns the position of stage in Stages, or -1.
func StageIndex(stage string) int {
	return slices.IndexFunc(Stages, func(t Term) bool { return t.Code == stage })
}

// IsTerminal reports whether a lead in stage is finished: operational or
// lost. A finished lead has no next action to remind of.
func IsTerminal(stage string) bool { return stage == Operational || stage == Lost }

// LostReasons are why a lead was lost; a text says more.
var LostReasons = []Term{
	{"went-elsewhere", "Invested in another country"},
	{"regulatory", "Regulatory complexity"},
	{"land", "Land acquisition delays"},
	{"logistics-costs", "Logistics costs"},
	{"compliance", "Compliance burden"},
	{"financing", "Financing fell through"},
	{"withdrawn", "Investor withdrew the project"},
	{"other", "Other"},
}

// Categories are the kinds of barrier.
var Categories = []Term{
	{"regulatory-approval", "Regulatory approval"},
	{"land-acquisition", "Land acquisition"},
	{"logistics", "Logistics"},
	{"compliance-burden", "Compliance burden"},
	{"visas-work-permits", "Visas and work permits"},
	{"utilities", "Power and water utilities"},
	{"environmental-clearance", "Environmental clearance"},
	{"state-approval", "State-level approval"},
	{"other", "Other"},
}

// DefaultTargetDays is the target resolution time of each category, in
// days, until the secretariat sets its own.
var DefaultTargetDays = map[string]int{
	"regulatory-approval":     30,
	"land-acquisition":        60,
	"logistics":               21,
	"compliance-burden":       30,
	"visas-work-permits":      14,
	"utilities":               45,
	"environmental-clearance": 60,
	"state-approval":          30,
	"other":                   30,
}

// MaxTargetDays bounds a target resolution time.
const MaxTargetDays = 730

// Escalation levels of a barrier: the desk works it first, then the
// ministry, then the council.
const (
	LevelDesk     = 0
	LevelMinistry = 1
	LevelCouncil  = 2
)

// Levels are the escalation levels, by number.
var Levels = []Term{{"desk", "Desk"}, {"ministry", "Ministry"}, {"council", "Council"}}

// LevelName returns the code of escalation level n.
func LevelName(n int) string {
	if n < 0 || n >= len(Levels) {
		return "unknown"
	}
	return Levels[n].Code
}

// The statuses of a barrier.
const (
	Open     = "open"
	Resolved = "resolved"
)

// National is the jurisdiction of a barrier that is the national
// government's to clear; any other jurisdiction names a state or province.
const National = "national"
