// Package ledger is the cooperation ledger's domain: the frameworks that
// frame the council (joint statements, memoranda, plans of action,
// dialogues, initiatives, programmes), the commitments they make, and the
// projects, milestones and outputs that keep them, with the rules that
// derive a commitment's status and the figures computed from the records.
//
// The package does no I/O beyond decoding from an io.Reader: it imports
// neither database/sql nor net/http. Records are plain values; statuses and
// figures are pure functions of the records and of the day they are
// computed for. See docs/ledger.md for the rules in prose.
package ledger
