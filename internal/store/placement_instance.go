package store

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"sort"

	"github.com/setu-council/setu/internal/placement"
)

// roundInput is a round as the engine sees it, with the records its
// indices stand for.
type roundInput struct {
	round     *Round
	inst      *placement.Instance
	people    []string    // applicant index -> person id
	positions []*Position // position index -> position
	canonical []byte      // ROUND.json as placement.WriteRound writes it
	digest    string      // SHA-256 of canonical, hex
}

// roundInputTx reads a round's positions, applications, host rankings and
// caps into an engine instance: applicants are people in id order,
// positions in the order they were published, each capped country a
// region over its positions in the order ImportRound stored for it (the
// positions it does not list, and every position of a country without
// one, in publication order), with the positions' targets.
// Ties left by the rankings are broken by the round's seeded lottery.
func (s *Store) roundInputTx(ctx context.Context, q querier, r *Round) (*roundInput, error) {
	ps, err := s.positions(ctx, q, `p.round_id = ?`, r.ID)
	if err != nil {
		return nil, err
	}
	rows, err := q.QueryContext(ctx, s.dialect.rebind(`SELECT person_id, ranking FROM placement_applications WHERE round_id = ? ORDER BY person_id`), r.ID)
	if err != nil {
		return nil, err
	}
	var people []string
	var rankings []Ranking
	for rows.Next() {
		var id, text string
		if err := rows.Scan(&id, &text); err != nil {
			rows.Close()
			return nil, err
		}
		people = append(people, id)
		rankings = append(rankings, parseRanking(text))
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	hostRk := make([]Ranking, len(ps))
	byPos := make(map[string]string, len(ps))
	prows, err := q.QueryContext(ctx, s.dialect.rebind(`SELECT id, ranking FROM placement_positions WHERE round_id = ?`), r.ID)
	if err != nil {
		return nil, err
	}
	for prows.Next() {
		var id, text string
		if err := prows.Scan(&id, &text); err != nil {
			prows.Close()
			return nil, err
		}
		byPos[id] = text
	}
	prows.Close()
	if err := prows.Err(); err != nil {
		return nil, err
	}
	for i, p := range ps {
		hostRk[i] = parseRanking(byPos[p.ID])
	}
	aIdx := make(map[string]int32, len(people))
	for i, id := range people {
		aIdx[id] = int32(i)
	}
	pIdx := make(map[string]int32, len(ps))
	for i, p := range ps {
		pIdx[p.ID] = int32(i)
	}
	in := &placement.Instance{Lottery: true, Seed: r.Seed}
	for i, id := range people {
		prefs, tied := indexRanking(rankings[i], pIdx)
		in.Applicants = append(in.Applicants, placement.Applicant{ID: id, Prefs: prefs, Tied: tied})
	}
	for i, p := range ps {
		prefs, tied := indexRanking(hostRk[i], aIdx)
		in.Positions = append(in.Positions, placement.Position{ID: p.ID, Capacity: p.Capacity, Prefs: prefs, Tied: tied})
	}
	orders, err := s.regionOrders(ctx, q, r.ID)
	if err != nil {
		return nil, err
	}
	caps := append([]Cap(nil), r.Caps...)
	sort.Slice(caps, func(i, j int) bool { return caps[i].Country < caps[j].Country })
	for _, c := range caps {
		reg := placement.Region{ID: c.Country, Cap: c.Cap, Positions: regionPositions(c.Country, ps, pIdx, orders[c.Country])}
		in.Regions = append(in.Regions, reg)
		for _, i := range reg.Positions {
			if t := ps[i].Target; t != nil {
				in.Positions[i].Target = *t
			}
		}
	}
	if err := in.Validate(); err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if err := placement.WriteRound(&buf, in); err != nil {
		return nil, err
	}
	sum := sha256.Sum256(buf.Bytes())
	return &roundInput{round: r, inst: in, people: people, positions: ps, canonical: buf.Bytes(), digest: hex.EncodeToString(sum[:])}, nil
}

// regionPositions returns the indices of a country's positions in the
// region's order: those its stored order lists (ImportRound's), in that
// order, then the others in publication order.
func regionPositions(country string, ps []*Position, pIdx map[string]int32, order []string) []int32 {
	out := []int32{}
	taken := make(map[int32]bool, len(order))
	for _, id := range order {
		i, ok := pIdx[id]
		if ok && !taken[i] && ps[i].Country == country {
			out = append(out, i)
			taken[i] = true
		}
	}
	for i, p := range ps {
		if p.Country == country && !taken[int32(i)] {
			out = append(out, int32(i))
		}
	}
	return out
}

// indexRanking turns a ranking into indices and tie marks, dropping ids
// not in idx (a person erased since, a position of another round).
func indexRanking(rk Ranking, idx map[string]int32) ([]int32, []bool) {
	var prefs []int32
	var tied []bool
	hasTies := false
	for _, g := range rk {
		first := true
		for _, id := range g {
			i, ok := idx[id]
			if !ok {
				continue
			}
			prefs = append(prefs, i)
			tied = append(tied, !first)
			if !first {
				hasTies = true
			}
			first = false
		}
	}
	if !hasTies {
		tied = nil
	}
	if prefs == nil {
		prefs = []int32{}
	}
	return prefs, tied
}

// ExportRound writes a round as ROUND.json, the format of setu match: its
// applicants' and hosts' rankings, capped countries as regions with the
// positions' targets, and the round's seed.
func (s *Store) ExportRound(ctx context.Context, id string) ([]byte, error) {
	r, err := s.roundTx(ctx, s.db, id)
	if err != nil {
		return nil, err
	}
	ri, err := s.roundInputTx(ctx, s.db, r)
	if err != nil {
		return nil, err
	}
	return ri.canonical, nil
}
