package store

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/setu-council/setu/internal/errs"
	"github.com/setu-council/setu/internal/registry"
)

// The entity types of placement records in the audit trail.
const (
	AuditRound       = "placement round"
	AuditPosition    = "placement position"
	AuditApplication = "placement application"
	AuditRanking     = "placement ranking"
	AuditRun         = "placement run"
	AuditPlacement   = "placement"
)

// The statuses of a round, derived from its timetable and what was done.
const (
	RoundDraft     = "draft"     // before positions open
	RoundOpen      = "open"      // hosts publish positions, applicants apply and rank
	RoundRanking   = "ranking"   // applications closed; hosts rank until ranking closes
	RoundClosed    = "closed"    // ranking closed; waiting for the secretariat's run
	RoundMatched   = "matched"   // a run is stored, not yet published
	RoundPublished = "published" // a run is published; placements are tracked
)

// maxSeed bounds a round's lottery seed so that it fits a signed 64-bit
// column.
const maxSeed = math.MaxInt64

// Round is a placement round of a framework or programme: its host-country
// caps and timetable. Status is derived.
type Round struct {
	ID                string     `json:"id"`
	Title             string     `json:"title"`
	FrameworkID       string     `json:"framework_id,omitempty"`
	Programme         string     `json:"programme,omitempty"`
	Seed              uint64     `json:"seed"`
	Caps              []Cap      `json:"caps"`
	PositionsOpen     time.Time  `json:"positions_open"`
	ApplicationsClose time.Time  `json:"applications_close"`
	RankingClose      time.Time  `json:"ranking_close"`
	ResultsDue        time.Time  `json:"results_due"`
	Status            string     `json:"status"`
	Runs              int        `json:"runs"`
	PublishedRun      string     `json:"published_run,omitempty"`
	PublishedAt       *time.Time `json:"published_at,omitempty"`
	CreatedAt         time.Time  `json:"created_at"`
	UpdatedAt         time.Time  `json:"updated_at"`
}

// Cap is a host country's cap on a round's placements.
type Cap struct {
	Country string `json:"country"`
	Cap     int    `json:"cap"`
}

// status derives the round's status at now.
func (r *Round) status(now time.Time) string {
	switch {
	case r.PublishedRun != "":
		return RoundPublished
	case r.Runs > 0:
		return RoundMatched
	case now.Before(r.PositionsOpen):
		return RoundDraft
	case now.Before(r.ApplicationsClose):
		return RoundOpen
	case now.Before(r.RankingClose):
		return RoundRanking
	}
	return RoundClosed
}

// NewRoundID returns a fresh round id.
func NewRoundID() string { return "rnd-" + randomID() }

// newSeed draws a lottery seed.
func newSeed() uint64 {
	var b [8]byte
	rand.Read(b[:])
	return binary.LittleEndian.Uint64(b[:]) >> 1
}

// checkRound normalises and validates r's fields.
func checkRound(r *Round) error {
	var p errs.Problems
	r.Title = strings.TrimSpace(r.Title)
	r.FrameworkID = strings.TrimSpace(r.FrameworkID)
	r.Programme = strings.TrimSpace(r.Programme)
	if r.Title == "" {
		p.Add("title", "is required")
	}
	if r.FrameworkID == "" && r.Programme == "" {
		p.Add("framework_id", "or programme is required")
	}
	if r.Seed > maxSeed {
		p.Add("seed", "must be at most %d", uint64(maxSeed))
	}
	times := []struct {
		field string
		t     time.Time
	}{{"positions_open", r.PositionsOpen}, {"applications_close", r.ApplicationsClose}, {"ranking_close", r.RankingClose}, {"results_due", r.ResultsDue}}
	for i, x := range times {
		if x.t.IsZero() {
			p.Add(x.field, "is required")
		} else if i > 0 && !times[i-1].t.IsZero() && x.t.Before(times[i-1].t) {
			p.Add(x.field, "must not be before %s", times[i-1].field)
		}
	}
	seen := map[string]bool{}
	for i, c := range r.Caps {
		r.Caps[i].Country = strings.ToUpper(strings.TrimSpace(c.Country))
		c = r.Caps[i]
		f := fmt.Sprintf("caps[%d]", i)
		switch {
		case !registry.IsCountry(c.Country):
			p.Add(f+".country", "%q is not an ISO 3166-1 alpha-2 code", c.Country)
		case seen[c.Country]:
			p.Add(f+".country", "%s is capped twice", c.Country)
		}
		seen[c.Country] = true
		if c.Cap < 0 {
			p.Add(f+".cap", "must not be negative")
		}
	}
	slices.SortFunc(r.Caps, func(a, b Cap) int { return strings.Compare(a.Country, b.Country) })
	return p.Err("round")
}

// CreateRound validates and stores a new round, with a fresh id when
// r.ID is empty and a drawn seed when r.Seed is 0.
func (s *Store) CreateRound(ctx context.Context, r *Round) error {
	if r.Caps == nil {
		r.Caps = []Cap{}
	}
	if err := checkRound(r); err != nil {
		return err
	}
	if r.ID == "" {
		r.ID = NewRoundID()
	}
	if r.Seed == 0 {
		r.Seed = newSeed()
	}
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		if ok, err := s.exists(ctx, tx, "placement_rounds", r.ID); err != nil {
			return err
		} else if ok {
			return taken("round", r.ID)
		}
		now := s.now().UTC().Truncate(time.Microsecond)
		if _, err := tx.ExecContext(ctx, s.dialect.rebind(`INSERT INTO placement_rounds (id, title, framework_id, programme, seed,
			positions_open, applications_close, ranking_close, results_due, created_at, updated_at) VALUES (`+placeholders(11)+`)`),
			r.ID, r.Title, r.FrameworkID, r.Programme, int64(r.Seed), s.dialect.timeValue(r.PositionsOpen), s.dialect.timeValue(r.ApplicationsClose),
			s.dialect.timeValue(r.RankingClose), s.dialect.timeValue(r.ResultsDue), s.dialect.timeValue(now), s.dialect.timeValue(now)); err != nil {
			return err
		}
		if err := s.writeCaps(ctx, tx, r.ID, r.Caps); err != nil {
			return err
		}
		stored, err := s.roundTx(ctx, tx, r.ID)
		if err != nil {
			return err
		}
		*r = *stored
		return s.recordAudit(ctx, tx, "create", AuditRound, r.ID, nil, r)
	})
	return errs.Wrap("create round", err)
}

// UpdateRound replaces a round's title, owner, seed, caps and timetable.
// A round is changed only until it is matched.
func (s *Store) UpdateRound(ctx context.Context, r *Round) error {
	if r.Caps == nil {
		r.Caps = []Cap{}
	}
	if err := checkRound(r); err != nil {
		return err
	}
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		before, err := s.roundTx(ctx, tx, r.ID)
		if err != nil {
			return err
		}
		if before.Runs > 0 {
			return errs.E("update round", errs.Conflict, "round %s is %s: its runs are kept as they were", r.ID, before.Status)
		}
		if r.Seed == 0 {
			r.Seed = before.Seed
		}
		now := s.now().UTC().Truncate(time.Microsecond)
		if _, err := tx.ExecContext(ctx, s.dialect.rebind(`UPDATE placement_rounds SET title = ?, framework_id = ?, programme = ?, seed = ?,
			positions_open = ?, applications_close = ?, ranking_close = ?, results_due = ?, updated_at = ? WHERE id = ?`),
			r.Title, r.FrameworkID, r.Programme, int64(r.Seed), s.dialect.timeValue(r.PositionsOpen), s.dialect.timeValue(r.ApplicationsClose),
			s.dialect.timeValue(r.RankingClose), s.dialect.timeValue(r.ResultsDue), s.dialect.timeValue(now), r.ID); err != nil {
			return err
		}
		if err := s.writeCaps(ctx, tx, r.ID, r.Caps); err != nil {
			return err
		}
		stored, err := s.roundTx(ctx, tx, r.ID)
		if err != nil {
			return err
		}
		*r = *stored
		return s.recordAudit(ctx, tx, "update", AuditRound, r.ID, before, r)
	})
	return errs.Wrap("update round", err)
}

func (s *Store) writeCaps(ctx context.Context, tx querier, id string, caps []Cap) error {
	if _, err := tx.ExecContext(ctx, s.dialect.rebind(`DELETE FROM placement_caps WHERE round_id = ?`), id); err != nil {
		return err
	}
	for _, c := range caps {
		if _, err := tx.ExecContext(ctx, s.dialect.rebind(`INSERT INTO placement_caps (round_id, country, cap) VALUES (?, ?, ?)`), id, c.Country, c.Cap); err != nil {
			return err
		}
	}
	return nil
}

// Round returns the round with id.
func (s *Store) Round(ctx context.Context, id string) (*Round, error) {
	r, err := s.roundTx(ctx, s.db, id)
	return r, errs.Wrap("get round", err)
}

// Rounds returns every round, newest timetable first.
func (s *Store) Rounds(ctx context.Context) ([]*Round, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT id FROM placement_rounds ORDER BY positions_open DESC, id`)
	if err != nil {
		return nil, fmt.Errorf("store: list rounds: %w", err)
	}
	var ids []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return nil, err
		}
		ids = append(ids, id)
	}
	rows.Close()
	out := []*Round{}
	for _, id := range ids {
		r, err := s.roundTx(ctx, s.db, id)
		if err != nil {
			return nil, fmt.Errorf("store: list rounds: %w", err)
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// roundTx reads a round, its caps and how many runs it has, in q.
func (s *Store) roundTx(ctx context.Context, q querier, id string) (*Round, error) {
	var r Round
	var seed int64
	var published time.Time
	err := q.QueryRowContext(ctx, s.dialect.rebind(`SELECT id, title, framework_id, programme, seed, positions_open, applications_close,
		ranking_close, results_due, published_run, published_at, created_at, updated_at,
		(SELECT count(*) FROM placement_runs WHERE round_id = r.id) FROM placement_rounds r WHERE id = ?`), id).Scan(
		&r.ID, &r.Title, &r.FrameworkID, &r.Programme, &seed, timeScan{&r.PositionsOpen}, timeScan{&r.ApplicationsClose},
		timeScan{&r.RankingClose}, timeScan{&r.ResultsDue}, &r.PublishedRun, timeScan{&published}, timeScan{&r.CreatedAt},
		timeScan{&r.UpdatedAt}, &r.Runs)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errs.E("get round", errs.NotFound, "no round %q", id)
	}
	if err != nil {
		return nil, err
	}
	r.Seed = uint64(seed)
	if !published.IsZero() {
		r.PublishedAt = &published
	}
	rows, err := q.QueryContext(ctx, s.dialect.rebind(`SELECT country, cap FROM placement_caps WHERE round_id = ? ORDER BY country`), id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	r.Caps = []Cap{}
	for rows.Next() {
		var c Cap
		if err := rows.Scan(&c.Country, &c.Cap); err != nil {
			return nil, err
		}
		r.Caps = append(r.Caps, c)
	}
	r.Status = r.status(s.now())
	return &r, rows.Err()
}
