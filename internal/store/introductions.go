package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/setu-council/setu/internal/auth"
	"github.com/setu-council/setu/internal/errs"
	"github.com/setu-council/setu/internal/partners"
)

// The statuses of an introduction.
const (
	IntroRequested = "requested"
	IntroAccepted  = "accepted"
	IntroDeclined  = "declined"
	IntroConverted = "converted"
)

// AuditIntroduction is the entity type of introductions in the audit trail.
const AuditIntroduction = "introduction"

// maxIntroText bounds an introduction's message and a decline reason.
const maxIntroText = 4000

// Introduction is a request from one organisation to be introduced to
// another, its answer and, once accepted, the project it became.
type Introduction struct {
	ID            string              `json:"id"`
	From          string              `json:"from"` // organisation id of the requester
	To            string              `json:"to"`   // organisation id of the counterpart
	FromName      string              `json:"from_name"`
	ToName        string              `json:"to_name"`
	FromCountry   string              `json:"from_country"`
	ToCountry     string              `json:"to_country"`
	Purpose       string              `json:"purpose"`
	Message       string              `json:"message"`
	Status        string              `json:"status"`
	DeclineReason string              `json:"decline_reason,omitempty"`
	ProjectID     string              `json:"project_id,omitempty"`
	CreatedAt     time.Time           `json:"created_at"`
	AnsweredAt    *time.Time          `json:"answered_at,omitempty"`
	ConvertedAt   *time.Time          `json:"converted_at,omitempty"`
	Events        []IntroductionEvent `json:"events"`
}

// IntroductionEvent is one step of an introduction: requested, accepted,
// declined or converted, when and by whom.
type IntroductionEvent struct {
	At     time.Time `json:"at"`
	Actor  string    `json:"actor"`
	Action string    `json:"action"`
}

// NewIntroductionID returns a fresh introduction id.
func NewIntroductionID() string { return "intro-" + randomID() }

// RequestIntroduction records a request from in.From to in.To, with a
// purpose and a message, and fills in its id, status and time.
func (s *Store) RequestIntroduction(ctx context.Context, in *Introduction) error {
	const op = "request introduction"
	var p errs.Problems
	if in.From == "" {
		p.Add("from", "is required")
	}
	if in.To == "" {
		p.Add("to", "is required")
	}
	if in.From != "" && in.From == in.To {
		p.Add("to", "must be another organisation than from")
	}
	if _, err := partners.ParsePurpose(in.Purpose); err != nil {
		p = append(p, errs.FieldsOf(err)...)
	}
	in.Message = strings.TrimSpace(in.Message)
	if utf8.RuneCountInString(in.Message) > maxIntroText {
		p.Add("message", "has more than %d characters", maxIntroText)
	}
	if err := p.Err(op); err != nil {
		return err
	}
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		from, err := s.orgSeq(ctx, tx, in.From)
		if err != nil {
			return err
		}
		to, err := s.orgSeq(ctx, tx, in.To)
		if err != nil {
			return err
		}
		in.ID = NewIntroductionID()
		in.Status = IntroRequested
		in.CreatedAt = s.now().UTC().Truncate(time.Microsecond)
		if _, err := tx.ExecContext(ctx, s.dialect.rebind(`INSERT INTO introductions (id, from_org, to_org, purpose, message, status, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?)`), in.ID, from, to, in.Purpose, in.Message, in.Status, s.dialect.timeValue(in.CreatedAt)); err != nil {
			return err
		}
		if err := s.introEvent(ctx, tx, in.ID, in.CreatedAt, IntroRequested); err != nil {
			return err
		}
		stored, err := s.introductionTx(ctx, tx, in.ID)
		if err != nil {
			return err
		}
		*in = *stored
		return s.recordAudit(ctx, tx, "request", AuditIntroduction, in.ID, nil, in)
	})
	if err != nil {
		return errs.Wrap(op, fmt.Errorf("store: %s: %w", op, err))
	}
	return nil
}

// AnswerIntroduction accepts or declines a requested introduction, with
// an optional reason for a decline, and returns it as stored. An
// introduction is answered once: answering it again is a conflict.
func (s *Store) AnswerIntroduction(ctx context.Context, id string, accept bool, reason string) (*Introduction, error) {
	op, action, status := "decline introduction", "decline", IntroDeclined
	if accept {
		op, action, status, reason = "accept introduction", "accept", IntroAccepted, ""
	}
	reason = strings.TrimSpace(reason)
	if utf8.RuneCountInString(reason) > maxIntroText {
		var p errs.Problems
		p.Add("reason", "has more than %d characters", maxIntroText)
		return nil, p.Err(op)
	}
	var out *Introduction
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		before, err := s.introductionTx(ctx, tx, id)
		if err != nil {
			return err
		}
		if before.Status != IntroRequested {
			return errs.E(op, errs.Conflict, "introduction %s is already %s", id, before.Status)
		}
		at := s.now().UTC().Truncate(time.Microsecond)
		if _, err := tx.ExecContext(ctx, s.dialect.rebind(`UPDATE introductions SET status = ?, decline_reason = ?, answered_at = ? WHERE id = ?`),
			status, reason, s.dialect.timeValue(at), id); err != nil {
			return err
		}
		if err := s.introEvent(ctx, tx, id, at, status); err != nil {
			return err
		}
		if out, err = s.introductionTx(ctx, tx, id); err != nil {
			return err
		}
		return s.recordAudit(ctx, tx, action, AuditIntroduction, id, before, out)
	})
	if err != nil {
		return nil, errs.Wrap(op, fmt.Errorf("store: %s %s: %w", op, id, err))
	}
	return out, nil
}

// Introduction returns the introduction with id and its events.
func (s *Store) Introduction(ctx context.Context, id string) (*Introduction, error) {
	in, err := s.introductionTx(ctx, s.db, id)
	if err != nil {
		return nil, errs.Wrap("get introduction", fmt.Errorf("store: get introduction %s: %w", id, err))
	}
	return in, nil
}

// Introductions returns the introductions that organisation orgID asked
// for or was asked for, newest first, without their events.
func (s *Store) Introductions(ctx context.Context, orgID string) ([]*Introduction, error) {
	rows, err := s.db.QueryContext(ctx, s.dialect.rebind(`SELECT `+introColumns+introFrom+`
		WHERE f.id = ? OR t.id = ? ORDER BY i.created_at DESC, i.id`), orgID, orgID)
	if err != nil {
		return nil, fmt.Errorf("store: list introductions: %w", err)
	}
	defer rows.Close()
	out := []*Introduction{}
	for rows.Next() {
		in, err := scanIntroduction(rows)
		if err != nil {
			return nil, fmt.Errorf("store: list introductions: %w", err)
		}
		out = append(out, in)
	}
	return out, rows.Err()
}

// HasAcceptedIntroduction reports whether one of the organisations
// fromIDs has an accepted (or converted) introduction to toID: the
// condition for seeing toID's contact.
func (s *Store) HasAcceptedIntroduction(ctx context.Context, fromIDs []string, toID string) (bool, error) {
	if len(fromIDs) == 0 {
		return false, nil
	}
	args := append(stringsAny(fromIDs), toID, IntroAccepted, IntroConverted)
	var n int
	err := s.db.QueryRowContext(ctx, s.dialect.rebind(`SELECT count(*) `+introFrom+`
		WHERE f.id IN (`+placeholders(len(fromIDs))+`) AND t.id = ? AND i.status IN (?, ?)`), args...).Scan(&n)
	if err != nil {
		return false, fmt.Errorf("store: check introductions: %w", err)
	}
	return n > 0, nil
}

const introColumns = `i.id, f.id, t.id, f.name, t.name, f.country, t.country, i.purpose, i.message, i.status,
	i.decline_reason, i.project_id, i.created_at, i.answered_at, i.converted_at`

const introFrom = ` FROM introductions i JOIN organisations f ON f.seq = i.from_org JOIN organisations t ON t.seq = i.to_org`

func scanIntroduction(sc interface{ Scan(...any) error }) (*Introduction, error) {
	var in Introduction
	var answered, converted time.Time
	if err := sc.Scan(&in.ID, &in.From, &in.To, &in.FromName, &in.ToName, &in.FromCountry, &in.ToCountry, &in.Purpose,
		&in.Message, &in.Status, &in.DeclineReason, &in.ProjectID, timeScan{&in.CreatedAt}, timeScan{&answered}, timeScan{&converted}); err != nil {
		return nil, err
	}
	if !answered.IsZero() {
		in.AnsweredAt = &answered
	}
	if !converted.IsZero() {
		in.ConvertedAt = &converted
	}
	in.Events = []IntroductionEvent{}
	return &in, nil
}

// introductionTx reads an introduction and its events in q.
func (s *Store) introductionTx(ctx context.Context, q querier, id string) (*Introduction, error) {
	in, err := scanIntroduction(q.QueryRowContext(ctx, s.dialect.rebind(`SELECT `+introColumns+introFrom+` WHERE i.id = ?`), id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errs.E("get introduction", errs.NotFound, "no introduction %q", id)
	}
	if err != nil {
		return nil, err
	}
	rows, err := q.QueryContext(ctx, s.dialect.rebind(`SELECT at, actor, action FROM introduction_events WHERE intro_id = ? ORDER BY seq`), id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var e IntroductionEvent
		if err := rows.Scan(timeScan{&e.At}, &e.Actor, &e.Action); err != nil {
			return nil, err
		}
		in.Events = append(in.Events, e)
	}
	return in, rows.Err()
}

// introEvent appends a step to an introduction's history, by the
// principal in ctx.
func (s *Store) introEvent(ctx context.Context, tx *sql.Tx, id string, at time.Time, action string) error {
	_, err := tx.ExecContext(ctx, s.dialect.rebind(`INSERT INTO introduction_events (intro_id, seq, at, actor, action)
		SELECT ?, COALESCE(MAX(seq), 0) + 1, ?, ?, ? FROM introduction_events WHERE intro_id = ?`),
		id, s.dialect.timeValue(at), auth.FromContext(ctx).Actor(), action, id)
	return err
}
