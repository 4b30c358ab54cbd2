package store

import (
	"context"
	"fmt"

	"github.com/setu-council/setu/internal/desk"
	"github.com/setu-council/setu/internal/registry"
)

// DeskStatistics computes the desk's public figures from the counts that
// triggers keep (desk_barrier_bins, desk_lead_counts, desk_stay_bins,
// migration 0007): a read of a few hundred rows however many leads and
// barriers there are; desk turns the counts into medians, percentiles and
// shares. Nothing confidential and no personal data: no lead, investor,
// officer, agency or description appears.
func (s *Store) DeskStatistics(ctx context.Context) (*desk.Statistics, error) {
	var st desk.Statistics
	if err := s.inReadTx(ctx, func(q querier) error {
		catOpened, jurOpened := map[string]int{}, map[string]int{}
		var catBins, jurBins []desk.ResolvedBin
		rows, err := q.QueryContext(ctx, `SELECT category, jurisdiction, resolved_days, within_target, n FROM desk_barrier_bins WHERE n > 0`)
		if err != nil {
			return err
		}
		for rows.Next() {
			var cat, jur string
			var days, within, n int
			if err := rows.Scan(&cat, &jur, &days, &within, &n); err != nil {
				rows.Close()
				return err
			}
			catOpened[cat] += n
			jurOpened[jur] += n
			if days >= 0 {
				w := 0
				if within == 1 {
					w = n
				}
				catBins = append(catBins, desk.ResolvedBin{Key: cat, Days: days, N: n, Within: w})
				jurBins = append(jurBins, desk.ResolvedBin{Key: jur, Days: days, N: n, Within: w})
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		st.ByCategory = desk.Groups(catOpened, catBins, desk.Categories)
		st.ByJurisdiction = desk.Groups(jurOpened, jurBins, nil)
		st.Barriers = desk.Totals(st.ByCategory, catBins)
		if err := q.QueryRowContext(ctx, s.dialect.rebind(`SELECT COUNT(*) FROM desk_barriers WHERE status = ? AND due_at < ?`),
			desk.Open, s.deskTime(s.deskNow())).Scan(&st.Barriers.OpenPastTarget); err != nil {
			return err
		}
		seg, stage, origin := map[string]int{}, map[string]int{}, map[string]int{}
		rows, err = q.QueryContext(ctx, `SELECT segment, stage, origin_country, n FROM desk_lead_counts WHERE n > 0`)
		if err != nil {
			return err
		}
		for rows.Next() {
			var sg, stg, o string
			var n int
			if err := rows.Scan(&sg, &stg, &o, &n); err != nil {
				rows.Close()
				return err
			}
			seg[sg] += n
			stage[stg] += n
			origin[o] += n
			st.Leads.Total += n
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		st.Leads.BySegment = desk.Counts(seg, desk.Segments, nil)
		st.Leads.ByStage = desk.Counts(stage, desk.Stages, nil)
		st.Leads.ByOrigin = desk.Counts(origin, nil, registry.CountryName)
		stays, err := q.QueryContext(ctx, `SELECT stage, days, n FROM desk_stay_bins WHERE n > 0`)
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
