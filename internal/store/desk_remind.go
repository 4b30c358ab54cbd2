package store

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
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

// deskChunk is how many values a set-based statement of the reminders
// takes at once.
const deskChunk = 500

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
		// Set-based, in chunks: one UPDATE and one INSERT of events per
		// chunk of barriers that move between the same two levels.
		type move struct{ from, to int }
		byMove := map[move][]string{}
		for _, e := range out {
			byMove[move{e.From, e.To}] = append(byMove[move{e.From, e.To}], e.ID)
		}
		at := s.deskTime(now)
		for m, ids := range byMove {
			note := fmt.Sprintf("target passed: %s -> %s", desk.LevelName(m.from), desk.LevelName(m.to))
			for start := 0; start < len(ids); start += deskChunk {
				chunk := ids[start:min(start+deskChunk, len(ids))]
				args := make([]any, 0, len(chunk)+5)
				args = append(args, m.to)
				for _, id := range chunk {
					args = append(args, id)
				}
				in := placeholders(len(chunk))
				if _, err := tx.ExecContext(ctx, s.dialect.rebind(`UPDATE desk_barriers SET level = ? WHERE id IN (`+in+`)`), args...); err != nil {
					return err
				}
				args = append([]any{at, "system:desk-remind", desk.EventAutoEscalated, m.to, note}, args[1:]...)
				if _, err := tx.ExecContext(ctx, s.dialect.rebind(`INSERT INTO desk_barrier_events (barrier_id, seq, at, actor, action, level, note)
					SELECT b.id, (SELECT COALESCE(MAX(e.seq), 0) + 1 FROM desk_barrier_events e WHERE e.barrier_id = b.id), ?, ?, ?, ?, ?
					FROM desk_barriers b WHERE b.id IN (`+in+`)`), args...); err != nil {
					return err
				}
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

// ClaimReminders records items as sent on channel by run runID, in one
// transaction, and returns those it claimed, in order: an item that
// another run claimed meanwhile is left out. A claimed reminder is never
// claimed again unless FailReminders marks it failed.
func (s *Store) ClaimReminders(ctx context.Context, runID, channel string, items []ReminderItem) ([]ReminderItem, error) {
	var claimed []ReminderItem
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		at := s.deskTime(s.deskNow())
		byKey := make(map[string]ReminderItem, len(items))
		var fresh, retried []ReminderItem
		for _, it := range items {
			byKey[it.Key] = it
			if it.failed {
				retried = append(retried, it)
			} else {
				fresh = append(fresh, it)
			}
		}
		// claim runs a set-based claim of chunk and collects what it
		// claimed: all of it when every row was written, else (another
		// run was quicker for some) those that carry this run's id.
		claim := func(chunk []ReminderItem, query string, args []any) error {
			res, err := tx.ExecContext(ctx, s.dialect.rebind(query), args...)
			if err != nil {
				return err
			}
			if n, err := res.RowsAffected(); err == nil && int(n) == len(chunk) {
				claimed = append(claimed, chunk...)
				return nil
			}
			keys := []any{runID}
			for _, it := range chunk {
				keys = append(keys, it.Key)
			}
			rows, err := tx.QueryContext(ctx, s.dialect.rebind(`SELECT key FROM desk_reminders WHERE run_id = ? AND key IN (`+placeholders(len(chunk))+`)`), keys...)
			if err != nil {
				return err
			}
			defer rows.Close()
			for rows.Next() {
				var k string
				if err := rows.Scan(&k); err != nil {
					return err
				}
				claimed = append(claimed, byKey[k])
			}
			return rows.Err()
		}
		const rowsPerInsert = deskChunk / 5
		for start := 0; start < len(fresh); start += rowsPerInsert {
			chunk := fresh[start:min(start+rowsPerInsert, len(fresh))]
			values := strings.TrimSuffix(strings.Repeat("(?, ?, ?, ?, 'sent', ?, ?), ", len(chunk)), ", ")
			args := make([]any, 0, 6*len(chunk))
			for _, it := range chunk {
				args = append(args, it.Key, it.Kind, it.Subject, channel, runID, at)
			}
			if err := claim(chunk, `INSERT INTO desk_reminders (key, kind, subject, channel, status, run_id, claimed_at) VALUES `+values+`
				ON CONFLICT (key) DO NOTHING`, args); err != nil {
				return err
			}
		}
		for start := 0; start < len(retried); start += deskChunk {
			chunk := retried[start:min(start+deskChunk, len(retried))]
			args := []any{runID, at}
			for _, it := range chunk {
				args = append(args, it.Key)
			}
			if err := claim(chunk, `UPDATE desk_reminders SET status = 'sent', run_id = ?, claimed_at = ? WHERE status = 'failed'
				AND key IN (`+placeholders(len(chunk))+`)`, args); err != nil {
				return err
			}
		}
		pos := make(map[string]int, len(items))
		for i, it := range items {
			pos[it.Key] = i
		}
		slices.SortFunc(claimed, func(a, b ReminderItem) int { return pos[a.Key] - pos[b.Key] })
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("store: claim reminders: %w", err)
	}
	return claimed, nil
}

// FailReminders marks the reminders keys, claimed but not delivered, as
// failed: the next run claims them again.
func (s *Store) FailReminders(ctx context.Context, keys []string) error {
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		for start := 0; start < len(keys); start += deskChunk {
			chunk := keys[start:min(start+deskChunk, len(keys))]
			args := make([]any, len(chunk))
			for i, k := range chunk {
				args[i] = k
			}
			if _, err := tx.ExecContext(ctx, s.dialect.rebind(`UPDATE desk_reminders SET status = 'failed' WHERE key IN (`+placeholders(len(chunk))+`)`), args...); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("store: fail reminders: %w", err)
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
