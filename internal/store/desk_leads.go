package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/setu-council/setu/internal/auth"
	"github.com/setu-council/setu/internal/desk"
	"github.com/setu-council/setu/internal/errs"
)

// NewLeadID returns a fresh lead id.
func NewLeadID() string { return "lead-" + randomID() }

const leadColumns = `l.id, o.id, o.name, l.origin_country, l.destination_country, l.segment, l.layers, l.amount, l.currency, l.location, l.officer,
	l.next_action, l.next_action_due, l.notes, l.stage, l.stage_since, l.lost_reason, l.lost_text, l.created_at, l.updated_at`

const leadFrom = ` FROM desk_leads l JOIN organisations o ON o.seq = l.investor_org`

func scanLead(sc interface{ Scan(...any) error }) (*desk.Lead, error) {
	var l desk.Lead
	var layers string
	if err := sc.Scan(&l.ID, &l.Investor, &l.InvestorName, &l.OriginCountry, &l.DestinationCountry, &l.Segment, &layers, &l.Amount, &l.Currency,
		&l.Location, &l.Officer, &l.NextAction, &l.NextActionDue, &l.Notes, &l.Stage, timeScan{&l.StageSince},
		&l.LostReason, &l.LostText, timeScan{&l.CreatedAt}, timeScan{&l.UpdatedAt}); err != nil {
		return nil, err
	}
	l.Layers = []string{}
	if layers != "" {
		l.Layers = strings.Split(layers, ",")
	}
	return &l, nil
}

// CreateLead stores a new lead in the prospect stage and fills in its id,
// stage and times.
func (s *Store) CreateLead(ctx context.Context, l *desk.Lead) error {
	const op = "create lead"
	l.Normalize()
	if err := l.Check(); err != nil {
		return errs.Wrap(op, err)
	}
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		org, err := s.orgSeq(ctx, tx, l.Investor)
		if err != nil {
			return &errs.Error{Kind: errs.Invalid, Fields: []errs.FieldError{{Field: "investor", Problem: fmt.Sprintf("no organisation %q", l.Investor)}}}
		}
		now := s.deskNow()
		l.ID, l.Stage, l.StageSince, l.CreatedAt, l.UpdatedAt = NewLeadID(), desk.Prospect, now, now, now
		if _, err := tx.ExecContext(ctx, s.dialect.rebind(`INSERT INTO desk_leads (id, investor_org, origin_country, destination_country, segment, layers,
			amount, currency, location, officer, next_action, next_action_due, notes, stage, stage_since, created_at, updated_at)
			VALUES (`+placeholders(17)+`)`), l.ID, org, l.OriginCountry, l.DestinationCountry, l.Segment, strings.Join(l.Layers, ","), l.Amount, l.Currency,
			l.Location, l.Officer, l.NextAction, l.NextActionDue, l.Notes, l.Stage, s.deskTime(now), s.deskTime(now), s.deskTime(now)); err != nil {
			return err
		}
		if err := s.insertStage(ctx, tx, l.ID, 1, desk.StageChange{Stage: desk.Prospect, At: now, Actor: auth.FromContext(ctx).Actor()}); err != nil {
			return err
		}
		stored, err := s.leadTx(ctx, tx, l.ID)
		if err != nil {
			return err
		}
		*l = *stored
		return s.recordAudit(ctx, tx, "create", AuditLead, l.ID, nil, l)
	})
	if err != nil {
		return errs.Wrap(op, fmt.Errorf("store: %s: %w", op, err))
	}
	return nil
}

func (s *Store) insertStage(ctx context.Context, tx querier, leadID string, seq int, c desk.StageChange) error {
	_, err := tx.ExecContext(ctx, s.dialect.rebind(`INSERT INTO desk_lead_stages (lead_id, seq, stage, at, actor, lost_reason, lost_text)
		VALUES (?, ?, ?, ?, ?, ?, ?)`), leadID, seq, c.Stage, s.deskTime(c.At), c.Actor, c.LostReason, c.LostText)
	return err
}

// UpdateLead replaces the details of lead id (not its investor or stage)
// with those of l and returns it as stored.
func (s *Store) UpdateLead(ctx context.Context, id string, l *desk.Lead) (*desk.Lead, error) {
	const op = "update lead"
	l.Normalize()
	var out *desk.Lead
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		before, err := s.leadTx(ctx, tx, id)
		if err != nil {
			return err
		}
		if l.Investor == "" {
			l.Investor = before.Investor
		}
		if l.Investor != before.Investor {
			return &errs.Error{Kind: errs.Invalid, Fields: []errs.FieldError{{Field: "investor", Problem: "cannot change; open a new lead"}}}
		}
		if err := l.Check(); err != nil {
			return err
		}
		now := s.deskNow()
		if _, err := tx.ExecContext(ctx, s.dialect.rebind(`UPDATE desk_leads SET origin_country = ?, destination_country = ?, segment = ?, layers = ?, amount = ?,
			currency = ?, location = ?, officer = ?, next_action = ?, next_action_due = ?, notes = ?, updated_at = ? WHERE id = ?`),
			l.OriginCountry, l.DestinationCountry, l.Segment, strings.Join(l.Layers, ","), l.Amount, l.Currency, l.Location, l.Officer, l.NextAction,
			l.NextActionDue, l.Notes, s.deskTime(now), id); err != nil {
			return err
		}
		if out, err = s.leadTx(ctx, tx, id); err != nil {
			return err
		}
		return s.recordAudit(ctx, tx, "update", AuditLead, id, before, out)
	})
	if err != nil {
		return nil, errs.Wrap(op, fmt.Errorf("store: %s: %w", op, err))
	}
	return out, nil
}

// ChangeStage moves lead id into stage, with a reason and text when it is
// lost, closes the stay in the stage it leaves (its days are counted) and
// returns the lead as stored.
func (s *Store) ChangeStage(ctx context.Context, id, stage, reason, text string) (*desk.Lead, error) {
	const op = "change stage"
	stage, reason, text = strings.TrimSpace(stage), strings.TrimSpace(reason), strings.TrimSpace(text)
	var out *desk.Lead
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		before, err := s.leadTx(ctx, tx, id)
		if err != nil {
			return err
		}
		if err := desk.CheckStageChange(before.Stage, stage, reason, text); err != nil {
			return err
		}
		now := s.deskNow()
		var seq int
		if err := tx.QueryRowContext(ctx, s.dialect.rebind(`SELECT COALESCE(MAX(seq), 0) FROM desk_lead_stages WHERE lead_id = ?`), id).Scan(&seq); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, s.dialect.rebind(`UPDATE desk_lead_stages SET left_at = ?, days = ? WHERE lead_id = ? AND seq = ?`),
			s.deskTime(now), desk.WholeDays(before.StageSince, now), id, seq); err != nil {
			return err
		}
		if err := s.insertStage(ctx, tx, id, seq+1, desk.StageChange{Stage: stage, At: now, Actor: auth.FromContext(ctx).Actor(),
			LostReason: reason, LostText: text}); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, s.dialect.rebind(`UPDATE desk_leads SET stage = ?, stage_since = ?, lost_reason = ?, lost_text = ?,
			updated_at = ? WHERE id = ?`), stage, s.deskTime(now), reason, text, s.deskTime(now), id); err != nil {
			return err
		}
		if out, err = s.leadTx(ctx, tx, id); err != nil {
			return err
		}
		return s.recordAudit(ctx, tx, "change stage", AuditLead, id, before, out)
	})
	if err != nil {
		return nil, errs.Wrap(op, fmt.Errorf("store: %s: %w", op, err))
	}
	return out, nil
}

// Lead returns lead id with its stage history and barriers.
func (s *Store) Lead(ctx context.Context, id string) (*desk.Lead, error) {
	l, err := s.leadTx(ctx, s.db, id)
	if err != nil {
		return nil, errs.Wrap("lead", fmt.Errorf("store: lead: %w", err))
	}
	if l.History, err = s.leadHistory(ctx, s.db, id); err != nil {
		return nil, fmt.Errorf("store: lead history: %w", err)
	}
	bs, err := s.Barriers(ctx, BarrierQuery{LeadID: id, Status: "all"})
	if err != nil {
		return nil, err
	}
	l.Barriers = bs
	return l, nil
}

func (s *Store) leadTx(ctx context.Context, q querier, id string) (*desk.Lead, error) {
	l, err := scanLead(q.QueryRowContext(ctx, s.dialect.rebind(`SELECT `+leadColumns+leadFrom+` WHERE l.id = ?`), id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, &errs.Error{Kind: errs.NotFound, Msg: fmt.Sprintf("no lead %q", id)}
	}
	return l, err
}

func (s *Store) leadHistory(ctx context.Context, q querier, id string) ([]desk.StageChange, error) {
	rows, err := q.QueryContext(ctx, s.dialect.rebind(`SELECT stage, at, actor, lost_reason, lost_text, left_at, days
		FROM desk_lead_stages WHERE lead_id = ? ORDER BY seq`), id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []desk.StageChange{}
	for rows.Next() {
		var c desk.StageChange
		var days sql.NullInt64
		if err := rows.Scan(&c.Stage, timeScan{&c.At}, &c.Actor, &c.LostReason, &c.LostText, nullTime{&c.LeftAt}, &days); err != nil {
			return nil, err
		}
		if days.Valid {
			d := int(days.Int64)
			c.Days = &d
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// LeadQuery selects leads: of one investor, in one stage; at most Limit
// (default 500), in order of the stage, then the oldest in it first.
type LeadQuery struct {
	Investor string
	Stage    string
	Limit    int
}

// Leads returns the leads q selects.
func (s *Store) Leads(ctx context.Context, q LeadQuery) ([]desk.Lead, error) {
	var cs []condition
	if q.Investor != "" {
		cs = append(cs, condition{`o.id = ?`, []any{q.Investor}})
	}
	if q.Stage != "" {
		cs = append(cs, condition{`l.stage = ?`, []any{q.Stage}})
	}
	if q.Limit <= 0 {
		q.Limit = 500
	}
	w, args := where(cs)
	rows, err := s.db.QueryContext(ctx, s.dialect.rebind(`SELECT `+leadColumns+leadFrom+w+` ORDER BY l.stage_since, l.id LIMIT ?`), append(args, q.Limit)...)
	if err != nil {
		return nil, fmt.Errorf("store: leads: %w", err)
	}
	defer rows.Close()
	out := []desk.Lead{}
	for rows.Next() {
		l, err := scanLead(rows)
		if err != nil {
			return nil, fmt.Errorf("store: leads: %w", err)
		}
		out = append(out, *l)
	}
	return out, rows.Err()
}
