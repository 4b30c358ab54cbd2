package store

import (
	"context"
	"fmt"
	"strings"

	"github.com/setu-council/setu/internal/ledger"
)

// The sovereignty view counts project participants by their
// organisation's country and placements by their person's home country.
// Both are written beside the rows at write time (migration 0010), so
// that a recomputation reads each source from one table: a participant
// carries its organisation's country, kept up to date when the
// organisation's country changes and emptied when it is deleted; a
// placement carries its person's home country when it was published.
// Each project also has its row in sovereignty_projects: its status,
// dates, participants with their countries and layers, in one row.

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
	res, err := tx.ExecContext(ctx, s.dialect.rebind(`UPDATE project_participants SET country = ? WHERE org_id = ? AND country <> ?`), country, id, country)
	if err != nil {
		return fmt.Errorf("participants of %s: %w", id, err)
	}
	if n, err := res.RowsAffected(); err != nil || n == 0 {
		return err
	}
	if err := s.rewriteSovereigntyProjects(ctx, tx, id); err != nil {
		return fmt.Errorf("projects of %s: %w", id, err)
	}
	return nil
}

// The separators of sovereignty_projects.participants: between an
// organisation and its country, and between participants.
const (
	sovUnitSep   = "\x1f"
	sovRecordSep = "\x1e"
)

// writeSovereigntyProject writes p's row of sovereignty_projects, in tx,
// with countries[i] the country of p's participant i.
func (s *Store) writeSovereigntyProject(ctx context.Context, tx querier, p *ledger.Project, countries []string) error {
	if !freshRecord(tx) {
		if _, err := tx.ExecContext(ctx, s.dialect.rebind(`DELETE FROM sovereignty_projects WHERE project_id = ?`), p.ID); err != nil {
			return err
		}
	}
	parts := make([]string, 0, len(p.Participants))
	for i, pt := range p.Participants {
		if countries[i] != "" {
			parts = append(parts, pt.OrgID+sovUnitSep+countries[i])
		}
	}
	return s.insertLedgerRows(ctx, tx, `sovereignty_projects (project_id, status, actual_start, planned_start, participants, layers)`, 6,
		[]any{p.ID, int(p.Status), p.ActualStart.String(), p.PlannedStart.String(), strings.Join(parts, sovRecordSep), strings.Join(p.Layers, " ")})
}

// rewriteSovereigntyProjects rewrites, in tx, the participants of the
// sovereignty_projects rows of the projects in which the organisation
// id takes part, from their participants' countries.
func (s *Store) rewriteSovereigntyProjects(ctx context.Context, tx querier, id string) error {
	rows, err := tx.QueryContext(ctx, s.dialect.rebind(`SELECT project_id, org_id, country FROM project_participants
		WHERE project_id IN (SELECT project_id FROM project_participants WHERE org_id = ?) ORDER BY project_id, pos`), id)
	if err != nil {
		return err
	}
	var ids []string
	parts := map[string][]string{}
	for rows.Next() {
		var project, org, country string
		if err := rows.Scan(&project, &org, &country); err != nil {
			rows.Close()
			return err
		}
		if _, ok := parts[project]; !ok {
			ids = append(ids, project)
			parts[project] = nil
		}
		if country != "" {
			parts[project] = append(parts[project], org+sovUnitSep+country)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, project := range ids {
		if _, err := tx.ExecContext(ctx, s.dialect.rebind(`UPDATE sovereignty_projects SET participants = ? WHERE project_id = ?`),
			strings.Join(parts[project], sovRecordSep), project); err != nil {
			return err
		}
	}
	return nil
}
