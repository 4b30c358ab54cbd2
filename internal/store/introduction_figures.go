package store

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"time"
)

// IntroductionFigures are public aggregates of introductions: how many
// were requested, accepted and converted into projects, and how long
// counterparts took to answer, overall, by country pair and by layer.
type IntroductionFigures struct {
	Total         IntroductionFigure   `json:"total"`
	ByCountryPair []IntroductionFigure `json:"by_country_pair"`
	ByLayer       []IntroductionFigure `json:"by_layer"`
}

// IntroductionFigure counts the introductions of one group. Key is
// "FROM-TO" (ISO codes of the requester's and the counterpart's
// countries) for a country pair, a layer code for a layer (the
// counterpart's layers: an introduction counts once in each), "" for the
// total. Accepted includes those converted since.
type IntroductionFigure struct {
	Key       string `json:"key"`
	Requested int    `json:"requested"`
	Accepted  int    `json:"accepted"`
	Declined  int    `json:"declined"`
	Converted int    `json:"converted"`
	// MedianHoursToAnswer is the median time from request to answer, in
	// hours, over the answered introductions; null when none is answered.
	MedianHoursToAnswer *float64 `json:"median_hours_to_answer"`
	waits               []float64
}

func (f *IntroductionFigure) add(status string, created, answered time.Time) {
	f.Requested++
	switch status {
	case IntroAccepted:
		f.Accepted++
	case IntroConverted:
		f.Accepted++
		f.Converted++
	case IntroDeclined:
		f.Declined++
	}
	if !answered.IsZero() {
		f.waits = append(f.waits, answered.Sub(created).Hours())
	}
}

func (f *IntroductionFigure) finish() {
	if len(f.waits) == 0 {
		return
	}
	slices.Sort(f.waits)
	n := len(f.waits)
	m := f.waits[n/2]
	if n%2 == 0 {
		m = (f.waits[n/2-1] + f.waits[n/2]) / 2
	}
	m = float64(int64(m*100+0.5)) / 100
	f.MedianHoursToAnswer = &m
}

// IntroductionFigures computes the figures over all introductions.
func (s *Store) IntroductionFigures(ctx context.Context) (*IntroductionFigures, error) {
	layers := map[int64][]string{}
	rows, err := s.db.QueryContext(ctx, `SELECT org_seq, layer FROM organisation_layers WHERE org_seq IN (SELECT to_org FROM introductions)`)
	if err != nil {
		return nil, fmt.Errorf("store: introduction figures: %w", err)
	}
	for rows.Next() {
		var seq int64
		var l string
		if err := rows.Scan(&seq, &l); err != nil {
			rows.Close()
			return nil, fmt.Errorf("store: introduction figures: %w", err)
		}
		layers[seq] = append(layers[seq], l)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: introduction figures: %w", err)
	}
	rows, err = s.db.QueryContext(ctx, `SELECT i.to_org, f.country, t.country, i.status, i.created_at, i.answered_at`+introFrom)
	if err != nil {
		return nil, fmt.Errorf("store: introduction figures: %w", err)
	}
	defer rows.Close()
	out := &IntroductionFigures{}
	pairs := map[string]*IntroductionFigure{}
	byLayer := map[string]*IntroductionFigure{}
	group := func(m map[string]*IntroductionFigure, key string) *IntroductionFigure {
		if m[key] == nil {
			m[key] = &IntroductionFigure{Key: key}
		}
		return m[key]
	}
	for rows.Next() {
		var to int64
		var fromC, toC, status string
		var created, answered time.Time
		if err := rows.Scan(&to, &fromC, &toC, &status, timeScan{&created}, timeScan{&answered}); err != nil {
			return nil, fmt.Errorf("store: introduction figures: %w", err)
		}
		out.Total.add(status, created, answered)
		group(pairs, fromC+"-"+toC).add(status, created, answered)
		for _, l := range layers[to] {
			group(byLayer, l).add(status, created, answered)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: introduction figures: %w", err)
	}
	out.Total.finish()
	out.ByCountryPair, out.ByLayer = figureList(pairs), figureList(byLayer)
	return out, nil
}

// figureList returns the groups finished, by key.
func figureList(m map[string]*IntroductionFigure) []IntroductionFigure {
	out := make([]IntroductionFigure, 0, len(m))
	for _, f := range m {
		f.finish()
		out = append(out, *f)
	}
	slices.SortFunc(out, func(a, b IntroductionFigure) int { return cmp.Compare(a.Key, b.Key) })
	return out
}
