package store

import (
	"context"
	"fmt"

	"github.com/setu-council/setu/internal/ledger"
)

// The sovereignty view counts project participants by their
// organisation's country and placements by their person's home country.
// Both are written beside the rows at write time (migration 0010), so
// that a recomputation reads each source from one table: a participant
// carries its organisation's country, kept up to date when the
// organisation's country changes and emptied when it is deleted; a
// placement carries its person's home country when it was published.

// participantCountries returns the country of each participant of p, in
// order, read from the registry in q (empty for an organisation not there).
func (s *Store) participantCountries(ctx context.Context, q querier, p *ledger.Project) ([]string, error) {
	out := make([]string, len(p.Participants))
	if len(p.Participants) == 0 {
		return out, nil
	}
	ids := make([]any, len(p.Participants))
	for i, pt := range p.Participants {
		ids[i] = pt.OrgID
	}
	rows, err := q.QueryContext(ctx, s.dialect.rebind(`SELECT id, country FROM organisations WHERE id IN (`+placeholders(len(ids))+`)`), ids...)
	if err != nil {
		return nil, fmt.Errorf("participant countries: %w", err)
	}
	defer rows.Close()
	countries := make(map[string]string, len(ids))
	for rows.Next() {
		var id, country string
		if err := rows.Scan(&id, &country); err != nil {
			return nil, fmt.Errorf("participant countries: %w", err)
		}
		countries[id] = country
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("participant countries: %w", err)
	}
	for i, pt := range p.Participants {
		out[i] = countries[pt.OrgID]
	}
	return out, nil
}

// noteParticipantCountry gives the participants of the organisation id
// its country, in tx: country is the organisation's new country, or
// empty when it is deleted. Only rows whose country differs are written.
func (s *Store) noteParticipantCountry(ctx context.Context, tx querier, id, country string) error {
	_, err := tx.ExecContext(ctx, s.dialect.rebind(`UPDATE project_participants SET country = ? WHERE org_id = ? AND country <> ?`), country, id, country)
	if err != nil {
		return fmt.Errorf("participants of %s: %w", id, err)
	}
	return nil
}
