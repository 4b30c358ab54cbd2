package store

import (
	"context"
	"fmt"

	"github.com/setu-council/setu/internal/desk"
	"github.com/setu-council/setu/internal/registry"
)

// DeskStatistics computes the desk's public figures. The database counts
// (grouped over covering indexes); desk turns the counts into medians,
// percentiles and shares. Nothing confidential and no personal data: no
// lead, investor, officer, agency or description appears.
func (s *Store) DeskStatistics(ctx context.Context) (*desk.Statistics, error) {
	var st desk.Statistics
	if err := s.inReadTx(ctx, func(q querier) error {
		cats, catBins, err := s.barrierGroups(ctx, q, "category")
		if err != nil {
			return err
		}
		jurs, jurBins, err := s.barrierGroups(ctx, q, "jurisdiction")
		if err != nil {
			return err
		}
		st.ByCategory = desk.Groups(cats, catBins, desk.Categories)
		st.ByJurisdiction = desk.Groups(jurs, jurBins, nil)
		st.Barriers = desk.Totals(st.ByCategory, catBins)
		if err := q.QueryRowContext(ctx, s.dialect.rebind(`SELECT COUNT(*) FROM desk_barriers WHERE status = ? AND due_at < ?`),
			desk.Open, s.deskTime(s.deskNow())).Scan(&st.Barriers.OpenPastTarget); err != nil {
			return err
		}
		seg, err := countBy(ctx, q, `SELECT segment, COUNT(*) FROM desk_leads GROUP BY segment`)
		if err != nil {
			return err
		}
		stage, err := countBy(ctx, q, `SELECT stage, COUNT(*) FROM desk_leads GROUP BY stage`)
		if err != nil {
			return err
		}
		origin, err := countBy(ctx, q, `SELECT origin_country, COUNT(*) FROM desk_leads GROUP BY origin_country`)
		if err != nil {
			return err
		}
		for _, n := range stage {
			st.Leads.Total += n
		}
		st.Leads.BySegment = desk.Counts(seg, desk.Segments, nil)
		st.Leads.ByStage = desk.Counts(stage, desk.Stages, nil)
		st.Leads.ByOrigin = desk.Counts(origin, nil, registry.CountryName)
		stays, err := q.QueryContext(ctx, `SELECT stage, days, COUNT(*) FROM desk_lead_stages WHERE days IS NOT NULL GROUP BY stage, days`)
		if err != nil {
			return err
		}
		defer stays.Close()
		bins := map[string][]desk.DayCount{}
		for stays.Next() {
			var stage string
			var c desk.DayCount
			if err := stays.Scan(&stage, &c.Days, &c.N); err != nil {
				return err
			}
			bins[stage] = append(bins[stage], c)
		}
		if err := stays.Err(); err != nil {
			return err
		}
		st.StageTimes = desk.StageTimes(bins)
		return nil
	}); err != nil {
		return nil, fmt.Errorf("store: desk statistics: %w", err)
	}
	return &st, nil
}

// barrierGroups counts barriers opened by col (category or jurisdiction)
// and the resolved ones in bins of days and within target, from the
// covering index that starts with col.
func (s *Store) barrierGroups(ctx context.Context, q querier, col string) (map[string]int, []desk.ResolvedBin, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+col+`, status, COALESCE(resolved_days, -1), COALESCE(within_target, 0), COUNT(*)
		FROM desk_barriers GROUP BY `+col+`, status, resolved_days, within_target`)
	if err != nil {
		return nil, nil, err
	}
	defer rows.Close()
	opened := map[string]int{}
	var bins []desk.ResolvedBin
	for rows.Next() {
		var key, status string
		var days, within, n int
		if err := rows.Scan(&key, &status, &days, &within, &n); err != nil {
			return nil, nil, err
		}
		opened[key] += n
		if status == desk.Resolved && days >= 0 {
			w := 0
			if within == 1 {
				w = n
			}
			if len(bins) > 0 && bins[len(bins)-1].Key == key && bins[len(bins)-1].Days == days {
				bins[len(bins)-1].N += n
				bins[len(bins)-1].Within += w
				continue
			}
			bins = append(bins, desk.ResolvedBin{Key: key, Days: days, N: n, Within: w})
		}
	}
	return opened, bins, rows.Err()
}

func countBy(ctx context.Context, q querier, query string) (map[string]int, error) {
	rows, err := q.QueryContext(ctx, query)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]int{}
	for rows.Next() {
		var k string
		var n int
		if err := rows.Scan(&k, &n); err != nil {
			return nil, err
		}
		out[k] = n
	}
	return out, rows.Err()
}
