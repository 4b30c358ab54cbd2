// Package placement is the clearinghouse engine of talent placement
// rounds: pure functions over plain values, no I/O beyond the io.Reader
// and io.Writer of its file format.
//
// Applicants rank positions and positions rank applicants; a pair is
// acceptable only when each lists the other. [Match] runs
// applicant-proposing deferred acceptance (Gale and Shapley 1962) for
// many-to-one matching with capacities, which gives the applicant-optimal
// stable matching and is strategy-proof for applicants (Dubins and
// Freedman 1981; Roth 1982).
//
// Ties in preference lists are broken by single tie-breaking: one master
// order per side, given by the round or, where it leaves a tie open, drawn
// by a lottery from a seed that the result records.
//
// Regional caps limit how many applicants a group of positions (a host
// country) takes in total. Positions in a capped region are matched by the
// flexible deferred acceptance algorithm of Yuichiro Kamada and Fuhito
// Kojima, "Efficient Matching under Distributional Constraints: Theory and
// Applications", American Economic Review 105(1), 2015, pp. 67-99: each
// position keeps its best applicants up to its target, then the rest of
// the region's cap goes one seat at a time to the positions in the
// region's order, cycling from the first. Without binding caps the result
// is that of plain deferred acceptance. The outcome is weakly stable (no
// justified envy, no empty seat in a region with room left) and the
// mechanism stays strategy-proof for applicants.
//
// [Verify] checks any outcome against its instance, and every Match
// verifies its own result. [Result.ExplainApplicant] and
// [Result.ExplainHost] say why each applicant is not at a position it
// preferred and why a host's higher-ranked applicants are elsewhere.
//
// [ReadRound], [WriteResult] and [RunMatch] implement the ROUND.json and
// RESULT.json formats of "setu match"; docs/placement.md describes them.
package placement
