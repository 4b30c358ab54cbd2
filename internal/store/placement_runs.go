package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/setu-council/setu/internal/auth"
	"github.com/setu-council/setu/internal/errs"
	"github.com/setu-council/setu/internal/placement"
)

// Run is one stored run of a round's match. It is never changed: running
// the match again stores a new run.
type Run struct {
	ID          string          `json:"id"`
	RoundID     string          `json:"round_id"`
	Number      int             `json:"number"`
	Seed        uint64          `json:"seed"`
	InputSHA256 string          `json:"input_sha256"`
	VerdictOK   bool            `json:"verdict_ok"`
	Verdict     json.RawMessage `json:"verdict"`
	Applicants  int             `json:"applicants"`
	Positions   int             `json:"positions"`
	Assigned    int             `json:"assigned"`
	Proposals   int64           `json:"proposals"`
	RanAt       time.Time       `json:"ran_at"`
	Actor       string          `json:"actor"`
}

// Why explains, in the terms of placement.Reason, why an applicant is not
// at a position it ranked above the one it received; Text says it in
// plain words.
type Why struct {
	Position string `json:"position"`
	Title    string `json:"title"`
	Reason   string `json:"reason"`
	Rank     int32  `json:"rank,omitempty"`
	Kept     int32  `json:"kept,omitempty"`
	LastKept int32  `json:"last_kept_rank,omitempty"`
	Tie      bool   `json:"tie,omitempty"`
	Country  string `json:"country,omitempty"` // the capped country, for region_full
	Text     string `json:"text"`
}

// HostWhy explains why an applicant a position ranked is elsewhere.
type HostWhy struct {
	Person   string `json:"person"`
	Rank     int32  `json:"rank"`
	Reason   string `json:"reason"`
	PlacedAt string `json:"placed_at,omitempty"`
	Text     string `json:"text"`
}

// Outcome is an applicant's result in a run, with its explanation.
type Outcome struct {
	RoundID     string    `json:"round_id"`
	RunID       string    `json:"run_id"`
	PersonID    string    `json:"person_id"`
	Position    *Position `json:"position"` // nil when not placed
	Explanation []Why     `json:"explanation"`
	Published   bool      `json:"published"`
}

// NewRunID returns a fresh run id.
func NewRunID() string { return "run-" + randomID() }

// RunRound runs a round's match once its ranking has closed: it reads the
// round into the engine, runs applicant-proposing deferred acceptance with
// the round's caps (placement.Match), and stores the run, its seed, the
// SHA-256 of the canonical input, the verifier's verdict, every
// applicant's outcome and explanation and every host's, in one
// transaction. A published round is not run again.
func (s *Store) RunRound(ctx context.Context, roundID string) (*Run, error) {
	const op = "run match"
	var run *Run
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		r, err := s.roundTx(ctx, tx, roundID)
		if err != nil {
			return err
		}
		if r.Status != RoundClosed && r.Status != RoundMatched {
			return errs.E(op, errs.Conflict, "round %s is %s: the match runs once ranking has closed (%s) and until results are published",
				r.ID, r.Status, r.RankingClose.Format(time.RFC3339))
		}
		ri, err := s.roundInputTx(ctx, tx, r)
		if err != nil {
			return err
		}
		res, err := placement.Match(ri.inst)
		if err != nil {
			return err
		}
		run = &Run{ID: NewRunID(), RoundID: r.ID, Number: r.Runs + 1, Seed: r.Seed, InputSHA256: ri.digest, VerdictOK: res.Verdict.OK,
			Applicants: len(ri.people), Positions: len(ri.positions), Proposals: res.Proposals,
			RanAt: s.now().UTC().Truncate(time.Microsecond), Actor: auth.FromContext(ctx).Actor()}
		run.Verdict = verdictJSON(ri.inst, res.Verdict)
		for _, p := range res.Assignment {
			if p >= 0 {
				run.Assigned++
			}
		}
		if _, err := tx.ExecContext(ctx, s.dialect.rebind(`INSERT INTO placement_runs (id, round_id, number, seed, input_sha256, input, verdict_ok,
			verdict, applicants, positions, assigned, proposals, ran_at, actor) VALUES (`+placeholders(14)+`)`),
			run.ID, run.RoundID, run.Number, int64(run.Seed), run.InputSHA256, string(ri.canonical), run.VerdictOK, string(run.Verdict),
			run.Applicants, run.Positions, run.Assigned, run.Proposals, s.dialect.timeValue(run.RanAt), run.Actor); err != nil {
			return err
		}
		if err := s.storeOutcomes(ctx, tx, run, ri, res); err != nil {
			return err
		}
		if hook := runHookFrom(ctx); hook != nil {
			hook()
		}
		return s.recordAudit(ctx, tx, "run", AuditRun, run.ID, nil, run)
	})
	if isUniqueViolation(err) {
		return nil, errs.E(op, errs.Conflict, "round %s: another run was stored at the same time; look at its runs", roundID)
	}
	if err != nil {
		return nil, errs.Wrap(op, err)
	}
	return run, nil
}

// storeOutcomes stores every applicant's and every host's explanation of
// a run, many rows to a statement.
func (s *Store) storeOutcomes(ctx context.Context, tx querier, run *Run, ri *roundInput, res *placement.Result) error {
	in := ri.inst
	vals := make([]any, 0, 4*len(res.Assignment))
	for a, p := range res.Assignment {
		why := []Why{}
		for _, x := range res.ExplainApplicant(int32(a)) {
			why = append(why, ri.why(x))
		}
		pos := ""
		if p >= 0 {
			pos = in.Positions[p].ID
		}
		b, _ := json.Marshal(why)
		vals = append(vals, run.ID, ri.people[a], pos, string(b))
	}
	if err := s.insertRows(ctx, tx, "placement_run_assignments", []string{"run_id", "person_id", "position_id", "explanation"}, vals); err != nil {
		return err
	}
	vals = vals[:0]
	for p := range in.Positions {
		host := []HostWhy{}
		for _, x := range res.ExplainHost(int32(p)) {
			host = append(host, ri.hostWhy(x))
		}
		b, _ := json.Marshal(host)
		vals = append(vals, run.ID, in.Positions[p].ID, string(b))
	}
	return s.insertRows(ctx, tx, "placement_run_hosts", []string{"run_id", "position_id", "explanation"}, vals)
}

// verdictJSON is the verifier's verdict with each violation in words.
func verdictJSON(in *placement.Instance, v placement.Verdict) json.RawMessage {
	type violation struct {
		Kind    string `json:"kind"`
		Message string `json:"message"`
	}
	out := struct {
		OK         bool        `json:"ok"`
		Violations []violation `json:"violations"`
	}{OK: v.OK, Violations: []violation{}}
	for _, x := range v.Violations {
		out.Violations = append(out.Violations, violation{Kind: string(x.Kind), Message: x.Message(in)})
	}
	b, _ := json.Marshal(out)
	return b
}

// Runs returns a round's runs, first first.
func (s *Store) Runs(ctx context.Context, roundID string) ([]*Run, error) {
	out, err := s.runs(ctx, s.db, `round_id = ?`, roundID)
	if err != nil {
		return nil, fmt.Errorf("store: list runs: %w", err)
	}
	return out, nil
}

// RunInput returns the canonical ROUND.json a run read.
func (s *Store) RunInput(ctx context.Context, runID string) ([]byte, error) {
	var text string
	err := s.db.QueryRowContext(ctx, s.dialect.rebind(`SELECT input FROM placement_runs WHERE id = ?`), runID).Scan(&text)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errs.E("get run input", errs.NotFound, "no run %q", runID)
	}
	return []byte(text), err
}

func (s *Store) runs(ctx context.Context, q querier, cond string, args ...any) ([]*Run, error) {
	rows, err := q.QueryContext(ctx, s.dialect.rebind(`SELECT id, round_id, number, seed, input_sha256, verdict_ok, verdict, applicants,
		positions, assigned, proposals, ran_at, actor FROM placement_runs WHERE `+cond+` ORDER BY number`), args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []*Run{}
	for rows.Next() {
		var r Run
		var seed int64
		var verdict string
		if err := rows.Scan(&r.ID, &r.RoundID, &r.Number, &seed, &r.InputSHA256, &r.VerdictOK, &verdict, &r.Applicants, &r.Positions,
			&r.Assigned, &r.Proposals, timeScan{&r.RanAt}, &r.Actor); err != nil {
			return nil, err
		}
		r.Seed, r.Verdict = uint64(seed), json.RawMessage(verdict)
		out = append(out, &r)
	}
	return out, rows.Err()
}

// PublishRound publishes a round's latest run, which must have passed its
// verification: applicants see their results, and each placement is
// tracked from then on. A round is published once.
func (s *Store) PublishRound(ctx context.Context, roundID string) (*Round, error) {
	const op = "publish round"
	var out *Round
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		before, err := s.roundTx(ctx, tx, roundID)
		if err != nil {
			return err
		}
		if before.Status != RoundMatched {
			return errs.E(op, errs.Conflict, "round %s is %s: a round is published once, after a run", roundID, before.Status)
		}
		runs, err := s.runs(ctx, tx, `round_id = ?`, roundID)
		if err != nil {
			return err
		}
		last := runs[len(runs)-1]
		if !last.VerdictOK {
			return errs.E(op, errs.Conflict, "run %d of round %s failed its verification; run the match again", last.Number, roundID)
		}
		now := s.now().UTC().Truncate(time.Microsecond)
		if _, err := tx.ExecContext(ctx, s.dialect.rebind(`UPDATE placement_rounds SET published_run = ?, published_at = ?, updated_at = ? WHERE id = ?`),
			last.ID, s.dialect.timeValue(now), s.dialect.timeValue(now), roundID); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, s.dialect.rebind(`INSERT INTO placements (id, round_id, run_id, person_id, position_id, status, updated_at, home_country)
			SELECT CAST(? AS TEXT) || '.' || a.person_id, ?, a.run_id, a.person_id, a.position_id, ?, ?,
				COALESCE((SELECT p.home_country FROM people p WHERE p.id = a.person_id), '')
			FROM placement_run_assignments a WHERE a.run_id = ? AND a.position_id <> ''`),
			roundID, roundID, PlacementPlaced, s.dialect.timeValue(now), last.ID); err != nil {
			return err
		}
		if out, err = s.roundTx(ctx, tx, roundID); err != nil {
			return err
		}
		return s.recordAudit(ctx, tx, "publish", AuditRound, roundID, before, out)
	})
	if isUniqueViolation(err) {
		return nil, errs.E(op, errs.Conflict, "round %s was published at the same time", roundID)
	}
	if err != nil {
		return nil, errs.Wrap(op, err)
	}
	return out, nil
}

// Outcome returns a person's result in a round: in the published run, or
// when published is false in the latest run (for the secretariat).
func (s *Store) Outcome(ctx context.Context, roundID, personID string, published bool) (*Outcome, error) {
	const op = "get result"
	r, err := s.roundTx(ctx, s.db, roundID)
	if err != nil {
		return nil, errs.Wrap(op, err)
	}
	runID := r.PublishedRun
	if runID == "" && !published {
		runs, err := s.Runs(ctx, roundID)
		if err != nil {
			return nil, err
		}
		if len(runs) > 0 {
			runID = runs[len(runs)-1].ID
		}
	}
	if runID == "" {
		return nil, errs.E(op, errs.NotFound, "round %s has no published result yet (due %s)", roundID, r.ResultsDue.Format(time.RFC3339))
	}
	o := Outcome{RoundID: roundID, RunID: runID, PersonID: personID, Published: runID == r.PublishedRun}
	var pos, text string
	err = s.db.QueryRowContext(ctx, s.dialect.rebind(`SELECT position_id, explanation FROM placement_run_assignments WHERE run_id = ? AND person_id = ?`),
		runID, personID).Scan(&pos, &text)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errs.E(op, errs.NotFound, "%s did not apply to round %s", personID, roundID)
	}
	if err != nil {
		return nil, fmt.Errorf("store: %s: %w", op, err)
	}
	if pos != "" {
		if o.Position, err = s.positionTx(ctx, s.db, pos); err != nil {
			return nil, errs.Wrap(op, err)
		}
	}
	if err := json.Unmarshal([]byte(text), &o.Explanation); err != nil {
		return nil, fmt.Errorf("store: %s: %w", op, err)
	}
	return &o, nil
}

// HostOutcome returns, for a position, why applicants its host ranked
// higher than those it got are elsewhere, in the published run.
func (s *Store) HostOutcome(ctx context.Context, roundID, positionID string) ([]HostWhy, error) {
	r, err := s.roundTx(ctx, s.db, roundID)
	if err != nil {
		return nil, err
	}
	out := []HostWhy{}
	if r.PublishedRun == "" {
		return out, nil
	}
	var text string
	err = s.db.QueryRowContext(ctx, s.dialect.rebind(`SELECT explanation FROM placement_run_hosts WHERE run_id = ? AND position_id = ?`),
		r.PublishedRun, positionID).Scan(&text)
	if errors.Is(err, sql.ErrNoRows) {
		return out, nil
	}
	if err != nil {
		return nil, err
	}
	err = json.Unmarshal([]byte(text), &out)
	return out, err
}

// runHookKey carries a function RunRound calls after writing a run's rows
// and before committing: the crash test's place to stop the process.
type runHookKey struct{}

// WithRunHook returns a context in which RunRound calls hook in the
// middle of its transaction. For crash tests only.
func WithRunHook(ctx context.Context, hook func()) context.Context {
	return context.WithValue(ctx, runHookKey{}, hook)
}

func runHookFrom(ctx context.Context) func() {
	h, _ := ctx.Value(runHookKey{}).(func())
	return h
}
