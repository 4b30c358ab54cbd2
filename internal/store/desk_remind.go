package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/setu-council/setu/internal/desk"
)

// The kinds of reminder.
const (
	ReminderNextAction    = "next-action"    // a lead's next action is overdue
	ReminderBarrierTarget = "barrier-target" // a barrier's target has passed (or it was escalated)
)

// ReminderItem is one thing the desk is reminded of on one channel. Its
// Key is unique per reminder and channel: a reminder with a key already
// sent (or being sent) is never sent again.
type ReminderItem struct {
	Key     string `json:"key"`
	Kind    string `json:"kind"`
	Subject string `json:"subject"` // the lead or barrier id
	Title   string `json:"title"`
	Due     string `json:"due"`             // YYYY-MM-DD: the next action's date or the barrier's target
	Level   string `json:"level,omitempty"` // a barrier's escalation level
	To      string `json:"-"`               // the officer in charge, if known
	failed  bool   // a failed earlier attempt: claimed by update
}

// Escalated is a barrier that the rule escalated.
type Escalated struct {
	ID   string `json:"id"`
	From int    `json:"from"`
	To   int    `json:"to"`
}

// AutoEscalate applies the escalation rule at now to every open barrier
// whose target has passed: each is raised to the level the rule demands,
// with an event, all in one transaction with one audit entry listing them.
func (s *Store) AutoEscalate(ctx context.Context, now time.Time) ([]Escalated, error) {
	now = now.UTC().Truncate(time.Microsecond)
	var out []Escalated
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, s.dialect.rebind(`SELECT id, opened_at, target_days, level FROM desk_barriers
			WHERE status = ? AND due_at < ? AND level < ?`), desk.Open, s.deskTime(now), desk.LevelCouncil)
		if err != nil {
			return err
		}
		for rows.Next() {
			var id string
			var opened time.Time
			var days, level int
			if err := rows.Scan(&id, timeScan{&opened}, &days, &level); err != nil {
				rows.Close()
				return err
			}
			if to, moved := desk.Escalation(level, opened, days, now); moved {
				out = append(out, Escalated{ID: id, From: level, To: to})
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		if len(out) == 0 {
			return nil
		}
		upd, err := tx.PrepareContext(ctx, s.dialect.rebind(`UPDATE desk_barriers SET level = ? WHERE id = ?`))
		if err != nil {
			return err
		}
		defer upd.Close()
		ev, err := tx.PrepareContext(ctx, s.dialect.rebind(`INSERT INTO desk_barrier_events (barrier_id, seq, at, actor, action, level, note)
			SELECT ?, COALESCE(MAX(seq), 0) + 1, ?, ?, ?, ?, ? FROM desk_barrier_events WHERE barrier_id = ?`))
		if err != nil {
			return err
		}
		defer ev.Close()
		at := s.deskTime(now)
		for _, e := range out {
			if _, err := upd.ExecContext(ctx, e.To, e.ID); err != nil {
				return err
			}
			note := fmt.Sprintf("target passed: %s -> %s", desk.LevelName(e.From), desk.LevelName(e.To))
			if _, err := ev.ExecContext(ctx, e.ID, at, "system:desk-remind", desk.EventAutoEscalated, e.To, note, e.ID); err != nil {
				return err
			}
		}
		return s.recordAudit(ctx, tx, "escalate automatically", AuditDeskRun, now.Format(time.RFC3339), nil, map[string]any{"escalated": out})
	})
	if err != nil {
		return nil, fmt.Errorf("store: auto-escalate: %w", err)
	}
	return out, nil
}

// PendingReminders returns the reminders due at now on channel that have
// not been sent on it: overdue next actions of leads still in the
// pipeline, and open barriers past their target (one reminder per level
// reached). Those whose earlier attempt failed come again.
func (s *Store) PendingReminders(ctx context.Context, channel string, now time.Time) ([]ReminderItem, error) {
	today := now.UTC().Format(time.DateOnly)
	var out []ReminderItem
	leads, err := s.db.QueryContext(ctx, s.dialect.rebind(`SELECT k.key, k.id, k.next_action, k.next_action_due, k.officer, r.status FROM
		(SELECT 'lead:' || l.id || ':next:' || l.next_action_due || ':' || CAST(? AS TEXT) AS key, l.id, l.next_action, l.next_action_due, l.officer
		 FROM desk_leads l WHERE l.next_action_due <> '' AND l.next_action_due < ? AND l.stage NOT IN (?, ?)) k
		LEFT JOIN desk_reminders r ON r.key = k.key
		WHERE r.key IS NULL OR r.status = 'failed' ORDER BY k.next_action_due, k.id`), channel, today, desk.Operational, desk.Lost)
	if err != nil {
		return nil, fmt.Errorf("store: pending reminders: %w", err)
	}
	for leads.Next() {
		var it ReminderItem
		var status sql.NullString
		if err := leads.Scan(&it.Key, &it.Subject, &it.Title, &it.Due, &it.To, &status); err != nil {
			leads.Close()
			return nil, fmt.Errorf("store: pending reminders: %w", err)
		}
		it.Kind, it.Title, it.failed = ReminderNextAction, "Next action overdue: "+it.Title, status.Valid
		out = append(out, it)
	}
	leads.Close()
	if err := leads.Err(); err != nil {
		return nil, fmt.Errorf("store: pending reminders: %w", err)
	}
	bars, err := s.db.QueryContext(ctx, s.dialect.rebind(`SELECT k.key, k.id, k.category, k.jurisdiction, k.agency, k.due_at, k.level, k.officer, r.status FROM
		(SELECT 'barrier:' || b.id || ':level:' || CAST(b.level AS TEXT) || ':' || CAST(? AS TEXT) AS key, b.id, b.category, b.jurisdiction,
		  b.agency, b.due_at, b.level, COALESCE(l.officer, '') AS officer
		 FROM desk_barriers b LEFT JOIN desk_leads l ON l.id = b.lead_id WHERE b.status = ? AND b.level > 0) k
		LEFT JOIN desk_reminders r ON r.key = k.key
		WHERE r.key IS NULL OR r.status = 'failed' ORDER BY k.due_at, k.id`), channel, desk.Open)
	if err != nil {
		return nil, fmt.Errorf("store: pending reminders: %w", err)
	}
	defer bars.Close()
	for bars.Next() {
		var it ReminderItem
		var cat, jur, agency string
		var due time.Time
		var level int
		var status sql.NullString
		if err := bars.Scan(&it.Key, &it.Subject, &cat, &jur, &agency, timeScan{&due}, &level, &it.To, &status); err != nil {
			return nil, fmt.Errorf("store: pending reminders: %w", err)
		}
		it.Kind, it.Due, it.Level, it.failed = ReminderBarrierTarget, due.Format(time.DateOnly), desk.LevelName(level), status.Valid
		it.Title = fmt.Sprintf("%s barrier (%s, %s) past its target, now with the %s", desk.LabelOf(desk.Categories, cat), jur, agency, it.Level)
		out = append(out, it)
	}
	return out, bars.Err()
}

// ClaimReminders marks items as being sent on channel, in one
// transaction, and returns those it claimed: an item that another run
// claimed meanwhile is left out. A claimed reminder is never claimed
// again unless it is finished as failed.
func (s *Store) ClaimReminders(ctx context.Context, channel string, items []ReminderItem) ([]ReminderItem, error) {
	var claimed []ReminderItem
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		ins, err := tx.PrepareContext(ctx, s.dialect.rebind(`INSERT INTO desk_reminders (key, kind, subject, channel, status, created_at)
			VALUES (?, ?, ?, ?, 'sending', ?) ON CONFLICT (key) DO NOTHING`))
		if err != nil {
			return err
		}
		defer ins.Close()
		retry, err := tx.PrepareContext(ctx, s.dialect.rebind(`UPDATE desk_reminders SET status = 'sending' WHERE key = ? AND status = 'failed'`))
		if err != nil {
			return err
		}
		defer retry.Close()
		at := s.deskTime(s.deskNow())
		for _, it := range items {
			var res sql.Result
			if it.failed {
				res, err = retry.ExecContext(ctx, it.Key)
			} else {
				res, err = ins.ExecContext(ctx, it.Key, it.Kind, it.Subject, channel, at)
			}
			if err != nil {
				return err
			}
			if n, _ := res.RowsAffected(); n == 1 {
				claimed = append(claimed, it)
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("store: claim reminders: %w", err)
	}
	return claimed, nil
}

// FinishReminders marks the reminders keys as sent, or as failed (to be
// tried again by the next run).
func (s *Store) FinishReminders(ctx context.Context, keys []string, sent bool) error {
	status := "failed"
	if sent {
		status = "sent"
	}
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		at := s.deskTime(s.deskNow())
		for start := 0; start < len(keys); start += 500 {
			chunk := keys[start:min(start+500, len(keys))]
			args := []any{status, at}
			for _, k := range chunk {
				args = append(args, k)
			}
			if _, err := tx.ExecContext(ctx, s.dialect.rebind(`UPDATE desk_reminders SET status = ?, sent_at = ? WHERE key IN (`+placeholders(len(chunk))+`)`), args...); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("store: finish reminders: %w", err)
	}
	return nil
}

// Delivery is one attempt to deliver reminders.
type Delivery struct {
	RunID   string    `json:"run_id"`
	Channel string    `json:"channel"` // "email" or "webhook"
	Target  string    `json:"target"`  // the recipient's address or the webhook URL
	Attempt int       `json:"attempt"`
	Items   int       `json:"items"`
	OK      bool      `json:"ok"`
	Status  string    `json:"status"` // the server's answer
	Error   string    `json:"error,omitempty"`
	At      time.Time `json:"at"`
}

// LogDeliveries records delivery attempts and one audit entry for the run
// that made them, with its summary, in one transaction.
func (s *Store) LogDeliveries(ctx context.Context, runID string, ds []Delivery, summary any) error {
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		for _, d := range ds {
			ok := 0
			if d.OK {
				ok = 1
			}
			if _, err := tx.ExecContext(ctx, s.dialect.rebind(`INSERT INTO desk_deliveries (run_id, channel, target, attempt, items, ok, status, error, at)
				VALUES (`+placeholders(9)+`)`), d.RunID, d.Channel, d.Target, d.Attempt, d.Items, ok, d.Status, d.Error, s.deskTime(d.At)); err != nil {
				return err
			}
		}
		return s.recordAudit(ctx, tx, "remind", AuditDeskRun, runID, nil, summary)
	})
	if err != nil {
		return fmt.Errorf("store: log deliveries: %w", err)
	}
	return nil
}

// Deliveries returns the delivery attempts of a run, in order.
func (s *Store) Deliveries(ctx context.Context, runID string) ([]Delivery, error) {
	rows, err := s.db.QueryContext(ctx, s.dialect.rebind(`SELECT run_id, channel, target, attempt, items, ok, status, error, at
		FROM desk_deliveries WHERE run_id = ? ORDER BY id`), runID)
	if err != nil {
		return nil, fmt.Errorf("store: deliveries: %w", err)
	}
	defer rows.Close()
	out := []Delivery{}
	for rows.Next() {
		var d Delivery
		var ok int
		if err := rows.Scan(&d.RunID, &d.Channel, &d.Target, &d.Attempt, &d.Items, &ok, &d.Status, &d.Error, timeScan{&d.At}); err != nil {
			return nil, fmt.Errorf("store: deliveries: %w", err)
		}
		d.OK = ok == 1
		out = append(out, d)
	}
	return out, rows.Err()
}
