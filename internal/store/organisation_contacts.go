package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/mail"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/setu-council/setu/internal/errs"
)

// AuditContact is the entity type of organisation contacts in the audit
// trail; the entity id is the organisation's.
const AuditContact = "organisation contact"

// Contact is how to reach an organisation about a partnership. It is
// disclosed in stages: to the organisation's members, the secretariat and
// the requesters of its accepted introductions only.
type Contact struct {
	Name      string    `json:"contact_name"`
	Email     string    `json:"contact_email"`
	UpdatedAt time.Time `json:"updated_at"`
}

// Validate checks a contact, naming the field of each problem.
func (c *Contact) Validate() error {
	var p errs.Problems
	c.Name, c.Email = strings.TrimSpace(c.Name), strings.TrimSpace(c.Email)
	if utf8.RuneCountInString(c.Name) > 200 {
		p.Add("contact_name", "has more than 200 characters")
	}
	if c.Email == "" {
		p.Add("contact_email", "is required")
	} else if a, err := mail.ParseAddress(c.Email); err != nil || a.Address != c.Email || len(c.Email) > 254 {
		p.Add("contact_email", "%q is not an e-mail address", c.Email)
	}
	return p.Err("validate contact")
}

// SetOrganisationContact sets the contact of organisation orgID.
func (s *Store) SetOrganisationContact(ctx context.Context, orgID string, c *Contact) error {
	const op = "set organisation contact"
	if err := c.Validate(); err != nil {
		return err
	}
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		seq, err := s.orgSeq(ctx, tx, orgID)
		if err != nil {
			return err
		}
		before, err := s.contactTx(ctx, tx, orgID)
		if err != nil && !errs.Is(err, errs.NotFound) {
			return err
		}
		c.UpdatedAt = s.now().UTC().Truncate(time.Microsecond)
		if _, err := tx.ExecContext(ctx, s.dialect.rebind(`INSERT INTO organisation_contacts (org_seq, contact_name, contact_email, updated_at)
			VALUES (?, ?, ?, ?) ON CONFLICT (org_seq) DO UPDATE SET contact_name = excluded.contact_name,
			contact_email = excluded.contact_email, updated_at = excluded.updated_at`),
			seq, c.Name, c.Email, s.dialect.timeValue(c.UpdatedAt)); err != nil {
			return err
		}
		var b any
		if before != nil {
			b = before
		}
		return s.recordAudit(ctx, tx, "update", AuditContact, orgID, b, c)
	})
	if err != nil {
		return errs.Wrap(op, fmt.Errorf("store: %s %s: %w", op, orgID, err))
	}
	return nil
}

// OrganisationContact returns the contact of organisation orgID; an error
// of kind not found if it has none.
func (s *Store) OrganisationContact(ctx context.Context, orgID string) (*Contact, error) {
	c, err := s.contactTx(ctx, s.db, orgID)
	if err != nil {
		return nil, errs.Wrap("get organisation contact", fmt.Errorf("store: get contact of %s: %w", orgID, err))
	}
	return c, nil
}

func (s *Store) contactTx(ctx context.Context, q querier, orgID string) (*Contact, error) {
	var c Contact
	err := q.QueryRowContext(ctx, s.dialect.rebind(`SELECT c.contact_name, c.contact_email, c.updated_at
		FROM organisation_contacts c JOIN organisations o ON o.seq = c.org_seq WHERE o.id = ?`), orgID).
		Scan(&c.Name, &c.Email, timeScan{&c.UpdatedAt})
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errs.E("get organisation contact", errs.NotFound, "organisation %q has no contact", orgID)
	}
	if err != nil {
		return nil, err
	}
	return &c, nil
}
