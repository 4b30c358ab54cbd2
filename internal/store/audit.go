package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/setu-council/setu/internal/auth"
	"github.com/setu-council/setu/internal/errs"
	"github.com/setu-council/setu/internal/registry"
)

// AuditEntry is one entry of the audit trail: who did what to which record,
// when, and the record before and after (JSON "null" when there was none).
// Entries are hash-chained: Hash is the SHA-256 of PrevHash followed by
// the entry's canonical encoding, and PrevHash is the previous entry's Hash.
type AuditEntry struct {
	Seq        int64           `json:"seq"`
	At         time.Time       `json:"at"`
	Actor      string          `json:"actor"`
	Action     string          `json:"action"`
	EntityType string          `json:"entity_type"`
	EntityID   string          `json:"entity_id"`
	Before     json.RawMessage `json:"before"`
	After      json.RawMessage `json:"after"`
	PrevHash   string          `json:"prev_hash"`
	Hash       string          `json:"hash"`
}

// The entity types of audit entries.
const (
	AuditOrganisation = "organisation"
	AuditPerson       = "person"
	AuditKind         = "kind"
	AuditDomain       = "domain"
	AuditImport       = "import"
)

// genesisHash is the PrevHash of the first entry.
const genesisHash = "0000000000000000000000000000000000000000000000000000000000000000"

// canonical returns the bytes of e that its hash covers: a JSON array of
// the sequence number, the time (RFC 3339, UTC, to the microsecond, which
// both databases keep), the actor, action, entity and the before and after
// documents as the exact strings stored.
func (e *AuditEntry) canonical() []byte {
	b, _ := json.Marshal([]any{e.Seq, e.At.UTC().Format(time.RFC3339Nano), e.Actor, e.Action, e.EntityType, e.EntityID,
		string(e.Before), string(e.After)})
	return b
}

// computeHash returns sha256(prev_hash || canonical(e)) in hex.
func (e *AuditEntry) computeHash() string {
	h := sha256.New()
	h.Write([]byte(e.PrevHash))
	h.Write(e.canonical())
	return hex.EncodeToString(h.Sum(nil))
}

// auditJSON encodes a before or after value: nil is "null", raw JSON stays
// as it is.
func auditJSON(v any) (json.RawMessage, error) {
	switch v := v.(type) {
	case nil:
		return json.RawMessage("null"), nil
	case json.RawMessage:
		if v == nil {
			return json.RawMessage("null"), nil
		}
		return v, nil
	}
	b, err := json.Marshal(v)
	if err != nil {
		return nil, fmt.Errorf("audit: encode: %w", err)
	}
	if string(b) == "null" {
		return json.RawMessage("null"), nil
	}
	return b, nil
}

// recordAudit appends an entry to the audit trail in tx, the transaction of
// the change it records, so that the change and its entry commit or roll
// back together. The actor is the principal in ctx. Appends are serialised
// by locking the chain's head row until tx ends (SQLite's single writer
// does the same).
func (s *Store) recordAudit(ctx context.Context, tx querier, action, entityType, entityID string, before, after any) error {
	e := AuditEntry{Actor: auth.FromContext(ctx).Actor(), Action: action, EntityType: entityType, EntityID: entityID}
	var err error
	if e.Before, err = auditJSON(before); err != nil {
		return err
	}
	if e.After, err = auditJSON(after); err != nil {
		return err
	}
	lock := ""
	if s.dialect == postgres {
		lock = " FOR UPDATE"
	}
	var headSeq int64
	if err := tx.QueryRowContext(ctx, `SELECT seq, hash FROM audit_head WHERE id = 1`+lock).Scan(&headSeq, &e.PrevHash); err != nil {
		return fmt.Errorf("audit: read head: %w", err)
	}
	e.Seq = headSeq + 1
	e.At = s.now().UTC().Truncate(time.Microsecond)
	e.Hash = e.computeHash()
	if _, err := tx.ExecContext(ctx, s.dialect.rebind(`INSERT INTO audit_log (seq, at, actor, action, entity_type, entity_id, before, after, prev_hash, hash)
		VALUES (`+placeholders(10)+`)`), e.Seq, s.dialect.timeValue(e.At), e.Actor, e.Action, e.EntityType, e.EntityID,
		string(e.Before), string(e.After), e.PrevHash, e.Hash); err != nil {
		return fmt.Errorf("audit: append: %w", err)
	}
	if _, err := tx.ExecContext(ctx, s.dialect.rebind(`UPDATE audit_head SET seq = ?, hash = ? WHERE id = 1`), e.Seq, e.Hash); err != nil {
		return fmt.Errorf("audit: move head: %w", err)
	}
	return nil
}

const auditColumns = `seq, at, actor, action, entity_type, entity_id, before, after, prev_hash, hash`

func scanAudit(sc interface{ Scan(...any) error }, e *AuditEntry) error {
	var before, after string
	if err := sc.Scan(&e.Seq, timeScan{&e.At}, &e.Actor, &e.Action, &e.EntityType, &e.EntityID, &before, &after, &e.PrevHash, &e.Hash); err != nil {
		return err
	}
	e.Before, e.After = json.RawMessage(before), json.RawMessage(after)
	return nil
}

// AuditQuery selects audit entries: those of one entity when EntityType
// and EntityID are set, the most recent Limit of them when Limit > 0.
type AuditQuery struct {
	EntityType string
	EntityID   string
	Limit      int
}

// AuditLog returns the audit entries q selects, oldest first.
func (s *Store) AuditLog(ctx context.Context, q AuditQuery) ([]AuditEntry, error) {
	entries, err := s.auditLog(ctx, s.db, q)
	if err != nil {
		return nil, fmt.Errorf("store: audit log: %w", err)
	}
	return entries, nil
}

func (s *Store) auditLog(ctx context.Context, db querier, q AuditQuery) ([]AuditEntry, error) {
	var cs []condition
	if q.EntityType != "" {
		cs = append(cs, condition{`entity_type = ?`, []any{q.EntityType}})
	}
	if q.EntityID != "" {
		cs = append(cs, condition{`entity_id = ?`, []any{q.EntityID}})
	}
	w, args := where(cs)
	query := `SELECT ` + auditColumns + ` FROM audit_log` + w + ` ORDER BY seq DESC`
	if q.Limit > 0 {
		query += ` LIMIT ?`
		args = append(args, q.Limit)
	}
	rows, err := db.QueryContext(ctx, s.dialect.rebind(query), args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	entries := []AuditEntry{}
	for rows.Next() {
		var e AuditEntry
		if err := scanAudit(rows, &e); err != nil {
			return nil, err
		}
		entries = append(entries, e)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for i, j := 0, len(entries)-1; i < j; i, j = i+1, j-1 {
		entries[i], entries[j] = entries[j], entries[i]
	}
	return entries, nil
}

// AuditBreak reports the first entry of the audit trail that was altered
// or removed.
type AuditBreak struct {
	Seq    int64  // the entry that was altered, or the first one missing
	Reason string // what is wrong
}

func (b *AuditBreak) Error() string {
	return fmt.Sprintf("audit trail broken at entry %d: %s", b.Seq, b.Reason)
}

// VerifyAudit walks the audit trail from the first entry and checks that
// the sequence has no gap, that each entry's prev_hash is the hash of the
// one before, that each hash matches the entry's content and that the
// chain ends at the recorded head. It returns the number of entries, and
// an *AuditBreak for the first entry altered or removed.
func (s *Store) VerifyAudit(ctx context.Context) (int64, error) {
	var headSeq int64
	var headHash string
	if err := s.db.QueryRowContext(ctx, `SELECT seq, hash FROM audit_head WHERE id = 1`).Scan(&headSeq, &headHash); err != nil {
		return 0, fmt.Errorf("store: verify audit: read head: %w", err)
	}
	rows, err := s.db.QueryContext(ctx, `SELECT `+auditColumns+` FROM audit_log ORDER BY seq`)
	if err != nil {
		return 0, fmt.Errorf("store: verify audit: %w", err)
	}
	defer rows.Close()
	want, prev := int64(1), genesisHash
	for rows.Next() {
		var e AuditEntry
		if err := scanAudit(rows, &e); err != nil {
			return want - 1, fmt.Errorf("store: verify audit: entry after %d: %w", want-1, err)
		}
		switch {
		case e.Seq != want:
			return want - 1, &AuditBreak{Seq: want, Reason: fmt.Sprintf("entry missing (next present is %d)", e.Seq)}
		case e.PrevHash != prev:
			return want - 1, &AuditBreak{Seq: e.Seq, Reason: "prev_hash does not match the previous entry's hash"}
		case e.computeHash() != e.Hash:
			return want - 1, &AuditBreak{Seq: e.Seq, Reason: "content does not match its hash (altered)"}
		}
		want, prev = want+1, e.Hash
	}
	if err := rows.Err(); err != nil {
		return want - 1, fmt.Errorf("store: verify audit: %w", err)
	}
	n := want - 1
	switch {
	case headSeq > n:
		return n, &AuditBreak{Seq: n + 1, Reason: fmt.Sprintf("entries %d to %d missing from the end", n+1, headSeq)}
	case headSeq < n || headHash != prev:
		return n, &AuditBreak{Seq: n, Reason: "the recorded head does not match the last entry"}
	}
	return n, nil
}

// organisationTx reads the organisation with key seq, with everything that
// hangs off it, in q: the before value of an audit entry.
func (s *Store) organisationTx(ctx context.Context, q querier, seq int64) (*registry.Organisation, error) {
	var o registry.Organisation
	err := scanOrganisation(q.QueryRowContext(ctx, s.dialect.rebind(`SELECT `+orgColumns+` FROM organisations o WHERE o.seq = ?`), seq), &seq, &o)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, &errs.Error{Kind: errs.NotFound, Msg: fmt.Sprintf("no organisation with key %d", seq)}
	}
	if err != nil {
		return nil, err
	}
	if err := s.loadOrgChildren(ctx, q, map[int64]*registry.Organisation{seq: &o}); err != nil {
		return nil, err
	}
	return &o, nil
}

// auditedSource wraps the source of an import to learn, for the import's
// one summary entry, the name of what was read (the FILE of "FILE:LINE")
// and how many records it yielded.
type auditedSource[T any] struct {
	name    string
	records int
}

func (a *auditedSource[T]) wrap(next func() (T, string, error)) func() (T, string, error) {
	return func() (T, string, error) {
		v, where, err := next()
		if a.name == "" && where != "" {
			a.name = sourceName(where)
		}
		if err == nil {
			a.records++
		}
		return v, where, err
	}
}

// sourceName returns the FILE of "FILE:LINE".
func sourceName(where string) string {
	i := strings.LastIndexByte(where, ':')
	if i <= 0 {
		return where
	}
	for _, c := range where[i+1:] {
		if c < '0' || c > '9' {
			return where
		}
	}
	return where[:i]
}

// importSummary is the after value of an import's audit entry: one entry
// per import, not one per record.
type importSummary struct {
	Records string `json:"records"` // "organisations" or "people"
	Source  string `json:"source"`
	SHA256  string `json:"sha256,omitempty"`
	Read    int    `json:"read"`
	ImportStats
}

// recordImport appends the summary entry of an import.
func (s *Store) recordImport(ctx context.Context, tx querier, action, records, source, sha string, read int, st ImportStats) error {
	if sha == "" {
		sha = importDigestFrom(ctx)
	}
	return s.recordAudit(ctx, tx, action, AuditImport, source, nil,
		importSummary{Records: records, Source: source, SHA256: sha, Read: read, ImportStats: st})
}

type importDigestKey struct{}

// WithImportDigest returns a context whose imports record, in their audit
// entry, the SHA-256 that digest returns once the import has read its
// input. The command line passes the digest of the file it streams.
func WithImportDigest(ctx context.Context, digest func() string) context.Context {
	return context.WithValue(ctx, importDigestKey{}, digest)
}

func importDigestFrom(ctx context.Context) string {
	if f, ok := ctx.Value(importDigestKey{}).(func() string); ok && f != nil {
		return f()
	}
	return ""
}

// generation returns the audit trail's head sequence number. Every write
// appends to the trail in its own transaction, so the caches of computed
// figures (the ledger's scorecard, bridges, the sovereignty view) keep a
// result only while the generation it was computed at is current.
func (s *Store) generation(ctx context.Context, q querier) (int64, error) {
	var seq int64
	if err := q.QueryRowContext(ctx, `SELECT seq FROM audit_head WHERE id = 1`).Scan(&seq); err != nil {
		return 0, fmt.Errorf("store: generation: %w", err)
	}
	return seq, nil
}
