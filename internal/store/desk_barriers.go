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

// NewBarrierID returns a fresh barrier id.
func NewBarrierID() string { return "bar-" + randomID() }

const barrierColumns = `b.id, COALESCE(b.lead_id, ''), o.id, o.name, b.category, b.jurisdiction, b.description, b.agency, b.opened_at,
	b.target_days, b.due_at, b.level, b.status, b.resolution, b.resolved_at, b.resolved_days, b.within_target`

const barrierFrom = ` FROM desk_barriers b JOIN organisations o ON o.seq = b.org_seq`

func scanBarrier(sc interface{ Scan(...any) error }) (*desk.Barrier, error) {
	var b desk.Barrier
	var days, within sql.NullInt64
	if err := sc.Scan(&b.ID, &b.LeadID, &b.Org, &b.OrgName, &b.Category, &b.Jurisdiction, &b.Description, &b.Agency,
		timeScan{&b.OpenedAt}, &b.TargetDays, timeScan{&b.DueAt}, &b.Level, &b.Status, &b.Resolution,
		nullTime{&b.ResolvedAt}, &days, &within); err != nil {
		return nil, err
	}
	b.LevelName = desk.LevelName(b.Level)
	if days.Valid {
		d := int(days.Int64)
		b.ResolvedDays = &d
	}
	if within.Valid {
		w := within.Int64 == 1
		b.WithinTarget = &w
	}
	return &b, nil
}

// OpenBarrier stores a new barrier with the target of its category, and
// fills in its id, times and level. A barrier on a lead blocks the lead's
// investor.
func (s *Store) OpenBarrier(ctx context.Context, b *desk.Barrier) error {
	const op = "open barrier"
	b.Normalize()
	if err := b.Check(); err != nil {
		return errs.Wrap(op, err)
	}
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		if b.LeadID != "" {
			l, err := s.leadTx(ctx, tx, b.LeadID)
			if err != nil {
				return &errs.Error{Kind: errs.Invalid, Fields: []errs.FieldError{{Field: "lead_id", Problem: fmt.Sprintf("no lead %q", b.LeadID)}}}
			}
			if b.Org != "" && b.Org != l.Investor {
				return &errs.Error{Kind: errs.Invalid, Fields: []errs.FieldError{{Field: "org", Problem: fmt.Sprintf("lead %s is of %s", l.ID, l.Investor)}}}
			}
			b.Org = l.Investor
		}
		org, err := s.orgSeq(ctx, tx, b.Org)
		if err != nil {
			return &errs.Error{Kind: errs.Invalid, Fields: []errs.FieldError{{Field: "org", Problem: fmt.Sprintf("no organisation %q", b.Org)}}}
		}
		days, err := s.targetDays(ctx, tx, b.Category)
		if err != nil {
			return err
		}
		now := s.deskNow()
		b.ID, b.OpenedAt, b.TargetDays, b.DueAt, b.Level, b.Status = NewBarrierID(), now, days, desk.DueAt(now, days), desk.LevelDesk, desk.Open
		var lead any
		if b.LeadID != "" {
			lead = b.LeadID
		}
		if _, err := tx.ExecContext(ctx, s.dialect.rebind(`INSERT INTO desk_barriers (id, lead_id, org_seq, category, jurisdiction,
			description, agency, opened_at, target_days, due_at, level, status) VALUES (`+placeholders(12)+`)`),
			b.ID, lead, org, b.Category, b.Jurisdiction, b.Description, b.Agency, s.deskTime(now), days, s.deskTime(b.DueAt),
			b.Level, b.Status); err != nil {
			return err
		}
		if err := s.barrierEvent(ctx, tx, b.ID, desk.BarrierEvent{At: now, Actor: auth.FromContext(ctx).Actor(), Action: desk.EventOpened}); err != nil {
			return err
		}
		stored, err := s.barrierTx(ctx, tx, b.ID)
		if err != nil {
			return err
		}
		*b = *stored
		return s.recordAudit(ctx, tx, "open", AuditBarrier, b.ID, nil, b)
	})
	if err != nil {
		return errs.Wrap(op, fmt.Errorf("store: %s: %w", op, err))
	}
	return nil
}

// barrierEvent appends an event to a barrier's history.
func (s *Store) barrierEvent(ctx context.Context, tx querier, id string, e desk.BarrierEvent) error {
	_, err := tx.ExecContext(ctx, s.dialect.rebind(`INSERT INTO desk_barrier_events (barrier_id, seq, at, actor, action, level, note)
		SELECT ?, COALESCE(MAX(seq), 0) + 1, ?, ?, ?, ?, ? FROM desk_barrier_events WHERE barrier_id = ?`),
		id, s.deskTime(e.At), e.Actor, e.Action, e.Level, e.Note, id)
	return err
}

// EscalateBarrier raises an open barrier one level by hand, with a note,
// and returns it as stored.
func (s *Store) EscalateBarrier(ctx context.Context, id, note string) (*desk.Barrier, error) {
	const op = "escalate barrier"
	note = strings.TrimSpace(note)
	var out *desk.Barrier
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		before, err := s.barrierTx(ctx, tx, id)
		if err != nil {
			return err
		}
		if err := desk.CheckEscalate(before.Status, before.Level); err != nil {
			return err
		}
		if len(note) > desk.MaxText {
			return &errs.Error{Kind: errs.Invalid, Fields: []errs.FieldError{{Field: "note", Problem: fmt.Sprintf("has more than %d characters", desk.MaxText)}}}
		}
		now := s.deskNow()
		if _, err := tx.ExecContext(ctx, s.dialect.rebind(`UPDATE desk_barriers SET level = ? WHERE id = ?`), before.Level+1, id); err != nil {
			return err
		}
		if err := s.barrierEvent(ctx, tx, id, desk.BarrierEvent{At: now, Actor: auth.FromContext(ctx).Actor(), Action: desk.EventEscalated,
			Level: before.Level + 1, Note: note}); err != nil {
			return err
		}
		if out, err = s.barrierTx(ctx, tx, id); err != nil {
			return err
		}
		return s.recordAudit(ctx, tx, "escalate", AuditBarrier, id, before, out)
	})
	if err != nil {
		return nil, errs.Wrap(op, fmt.Errorf("store: %s: %w", op, err))
	}
	return out, nil
}

// ResolveBarrier closes an open barrier with its resolution, counting the
// days it took and whether that was within its target.
func (s *Store) ResolveBarrier(ctx context.Context, id, resolution string) (*desk.Barrier, error) {
	const op = "resolve barrier"
	resolution = strings.TrimSpace(resolution)
	var out *desk.Barrier
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		before, err := s.barrierTx(ctx, tx, id)
		if err != nil {
			return err
		}
		if err := desk.CheckResolve(before.Status, resolution); err != nil {
			return err
		}
		now := s.deskNow()
		within := 0
		if !now.After(before.DueAt) {
			within = 1
		}
		if _, err := tx.ExecContext(ctx, s.dialect.rebind(`UPDATE desk_barriers SET status = ?, resolution = ?, resolved_at = ?,
			resolved_days = ?, within_target = ? WHERE id = ?`), desk.Resolved, resolution, s.deskTime(now),
			desk.WholeDays(before.OpenedAt, now), within, id); err != nil {
			return err
		}
		if err := s.barrierEvent(ctx, tx, id, desk.BarrierEvent{At: now, Actor: auth.FromContext(ctx).Actor(), Action: desk.EventResolved,
			Level: before.Level, Note: resolution}); err != nil {
			return err
		}
		if out, err = s.barrierTx(ctx, tx, id); err != nil {
			return err
		}
		return s.recordAudit(ctx, tx, "resolve", AuditBarrier, id, before, out)
	})
	if err != nil {
		return nil, errs.Wrap(op, fmt.Errorf("store: %s: %w", op, err))
	}
	return out, nil
}

// Barrier returns barrier id with its events.
func (s *Store) Barrier(ctx context.Context, id string) (*desk.Barrier, error) {
	b, err := s.barrierTx(ctx, s.db, id)
	if err != nil {
		return nil, errs.Wrap("barrier", fmt.Errorf("store: barrier: %w", err))
	}
	rows, err := s.db.QueryContext(ctx, s.dialect.rebind(`SELECT at, actor, action, level, note FROM desk_barrier_events
		WHERE barrier_id = ? ORDER BY seq`), id)
	if err != nil {
		return nil, fmt.Errorf("store: barrier events: %w", err)
	}
	defer rows.Close()
	b.Events = []desk.BarrierEvent{}
	for rows.Next() {
		var e desk.BarrierEvent
		if err := rows.Scan(timeScan{&e.At}, &e.Actor, &e.Action, &e.Level, &e.Note); err != nil {
			return nil, fmt.Errorf("store: barrier events: %w", err)
		}
		b.Events = append(b.Events, e)
	}
	return b, rows.Err()
}

func (s *Store) barrierTx(ctx context.Context, q querier, id string) (*desk.Barrier, error) {
	b, err := scanBarrier(q.QueryRowContext(ctx, s.dialect.rebind(`SELECT `+barrierColumns+barrierFrom+` WHERE b.id = ?`), id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, &errs.Error{Kind: errs.NotFound, Msg: fmt.Sprintf("no barrier %q", id)}
	}
	return b, err
}

// BarrierQuery selects barriers: of one organisation or lead, with a
// status ("open" by default, "resolved", or "all"); at most Limit
// (default 500). Open barriers come by urgency: past their target
// first, longest overdue first, then by nearest target.
type BarrierQuery struct {
	Org    string
	LeadID string
	Status string
	Limit  int
}

// Barriers returns the barriers q selects.
func (s *Store) Barriers(ctx context.Context, q BarrierQuery) ([]desk.Barrier, error) {
	var cs []condition
	switch q.Status {
	case "", desk.Open:
		cs = append(cs, condition{`b.status = ?`, []any{desk.Open}})
	case desk.Resolved:
		cs = append(cs, condition{`b.status = ?`, []any{desk.Resolved}})
	case "all":
	default:
		var p errs.Problems
		p.Add("status", "%q is not open, resolved or all", q.Status)
		return nil, p.Err("list barriers")
	}
	if q.Org != "" {
		cs = append(cs, condition{`o.id = ?`, []any{q.Org}})
	}
	if q.LeadID != "" {
		cs = append(cs, condition{`b.lead_id = ?`, []any{q.LeadID}})
	}
	if q.Limit <= 0 {
		q.Limit = 500
	}
	w, args := where(cs)
	rows, err := s.db.QueryContext(ctx, s.dialect.rebind(`SELECT `+barrierColumns+barrierFrom+w+` ORDER BY b.status, b.due_at, b.id LIMIT ?`), append(args, q.Limit)...)
	if err != nil {
		return nil, fmt.Errorf("store: barriers: %w", err)
	}
	defer rows.Close()
	out := []desk.Barrier{}
	for rows.Next() {
		b, err := scanBarrier(rows)
		if err != nil {
			return nil, fmt.Errorf("store: barriers: %w", err)
		}
		out = append(out, *b)
	}
	return out, rows.Err()
}
