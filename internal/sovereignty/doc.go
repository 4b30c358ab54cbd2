// Package sovereignty computes how concentrated a home country's
// cooperation is, layer by layer of the AI stack: each partner country's
// share per source (projects counted, projects weighted by budget,
// outputs by IP holder, placements by host country) and combined, the
// Herfindahl-Hirschman index, partner groups, the trend by year, flags,
// and a stress test that removes a partner or a group. It does no I/O:
// the store supplies the records; docs/sovereignty.md gives every formula.
package sovereignty
