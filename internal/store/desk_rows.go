package store

import (
	"time"
)

// The entity types of the desk in the audit trail.
const (
	AuditLead      = "desk lead"
	AuditBarrier   = "desk barrier"
	AuditTarget    = "desk target"
	AuditDeskRun   = "desk reminder run"
	deskTimeLayout = "2006-01-02T15:04:05.000000Z"
)

// deskTime is how the desk stores a timestamp: fixed-width text in SQLite,
// so that it compares as text, timestamptz in PostgreSQL.
func (s *Store) deskTime(t time.Time) any {
	if s.dialect == postgres {
		return t.UTC()
	}
	return t.UTC().Format(deskTimeLayout)
}

// deskNow is the store's clock, to the microsecond both databases keep.
func (s *Store) deskNow() time.Time { return s.now().UTC().Truncate(time.Microsecond) }

// nullTime scans a nullable timestamp into a pointer.
type nullTime struct{ t **time.Time }

func (n nullTime) Scan(src any) error {
	if src == nil {
		*n.t = nil
		return nil
	}
	var t time.Time
	if err := (timeScan{&t}).Scan(src); err != nil {
		return err
	}
	*n.t = &t
	return nil
}
