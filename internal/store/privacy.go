package store

import (
	"bytes"
	"context"
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/setu-council/setu/internal/errs"
	"github.com/setu-council/setu/internal/registry"
)

// The audit trail keeps a person's personal data sealed: the before and
// after values of a person's entries are {"id": ..., "sealed": ...}, the
// record encrypted (AES-256-GCM) with a key of that person's own, kept in
// person_keys. Erasing the person deletes the key with the record, so the
// earlier entries stay in the chain, and the chain verifiable, but can no
// longer be read (crypto-shredding). docs/operations.md explains the choice.

// sealedPerson is how a person appears in the audit trail.
type sealedPerson struct {
	ID     string `json:"id"`
	Sealed []byte `json:"sealed"` // nonce followed by the ciphertext
}

// personKey returns the key that seals the audit entries of person id,
// making one if create is set and there is none; nil if there is none.
func (s *Store) personKey(ctx context.Context, q querier, id string, create bool) ([]byte, error) {
	var key []byte
	err := q.QueryRowContext(ctx, s.dialect.rebind(`SELECT key FROM person_keys WHERE person_id = ?`), id).Scan(&key)
	switch {
	case err == nil:
		return key, nil
	case !errors.Is(err, sql.ErrNoRows):
		return nil, err
	case !create:
		return nil, nil
	}
	key = make([]byte, 32)
	if _, err := rand.Read(key); err != nil {
		return nil, err
	}
	if _, err := q.ExecContext(ctx, s.dialect.rebind(`INSERT INTO person_keys (person_id, key) VALUES (?, ?)`), id, key); err != nil {
		return nil, fmt.Errorf("person key: %w", err)
	}
	return key, nil
}

// sealPerson returns p as it goes into the audit trail; nil stays nil.
func (s *Store) sealPerson(ctx context.Context, tx querier, p *registry.Person) (any, error) {
	if p == nil {
		return nil, nil
	}
	key, err := s.personKey(ctx, tx, p.ID, true)
	if err != nil {
		return nil, err
	}
	plain, err := json.Marshal(p)
	if err != nil {
		return nil, err
	}
	aead, err := personAEAD(key)
	if err != nil {
		return nil, err
	}
	nonce := make([]byte, aead.NonceSize())
	if _, err := rand.Read(nonce); err != nil {
		return nil, err
	}
	return sealedPerson{ID: p.ID, Sealed: aead.Seal(nonce, nonce, plain, []byte(p.ID))}, nil
}

func personAEAD(key []byte) (cipher.AEAD, error) {
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, err
	}
	return cipher.NewGCM(block)
}

// unsealPerson returns the person a sealed audit value holds, or v as it
// is if it is not sealed.
func unsealPerson(key []byte, id string, v json.RawMessage) (json.RawMessage, error) {
	var sp sealedPerson
	if bytes.Equal(v, []byte("null")) || json.Unmarshal(v, &sp) != nil || sp.Sealed == nil {
		return v, nil
	}
	aead, err := personAEAD(key)
	if err != nil {
		return nil, err
	}
	n := aead.NonceSize()
	if len(sp.Sealed) < n {
		return nil, fmt.Errorf("sealed value too short")
	}
	plain, err := aead.Open(nil, sp.Sealed[:n], sp.Sealed[n:], []byte(id))
	if err != nil {
		return nil, fmt.Errorf("unseal: %w", err)
	}
	return plain, nil
}

// PersonExport is everything Setu holds about a person: the record, the
// audit entries about it, unsealed, and what the placement rounds hold:
// applications, published results and placements.
type PersonExport struct {
	Person       *registry.Person `json:"person"`
	Audit        []AuditEntry     `json:"audit"`
	Applications []Application    `json:"applications"`
	Results      []PersonResult   `json:"results"`
	Placements   []*Placement     `json:"placements"`
}

// ExportPerson returns the data Setu holds about person id, for them to
// download.
func (s *Store) ExportPerson(ctx context.Context, id string) (*PersonExport, error) {
	var x PersonExport
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		var err error
		if x.Person, err = s.person(ctx, tx, id); err != nil {
			return err
		}
		if x.Audit, err = s.auditLog(ctx, tx, AuditQuery{EntityType: AuditPerson, EntityID: id}); err != nil {
			return err
		}
		if err := s.personPlacementData(ctx, tx, id, &x); err != nil {
			return fmt.Errorf("placements: %w", err)
		}
		key, err := s.personKey(ctx, tx, id, false)
		if err != nil || key == nil {
			return err
		}
		for i := range x.Audit {
			e := &x.Audit[i]
			if e.Before, err = unsealPerson(key, id, e.Before); err != nil {
				return fmt.Errorf("audit entry %d: %w", e.Seq, err)
			}
			if e.After, err = unsealPerson(key, id, e.After); err != nil {
				return fmt.Errorf("audit entry %d: %w", e.Seq, err)
			}
		}
		return nil
	})
	if err != nil {
		return nil, errs.Wrap("export person", err)
	}
	return &x, nil
}

// erasedPerson is the before value of an erasure's tombstone entry: the
// SHA-256 of the erased record, and nothing of its content.
type erasedPerson struct {
	ID     string `json:"id"`
	SHA256 string `json:"sha256"`
}

// ErasePerson deletes person id's record and the key that seals their
// audit entries, and appends a tombstone entry that holds only the hash of
// what was erased. The audit chain is not rewritten.
func (s *Store) ErasePerson(ctx context.Context, id string) error {
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		p, err := s.person(ctx, tx, id)
		if err != nil {
			return err
		}
		b, err := json.Marshal(p)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(b)
		if _, err := tx.ExecContext(ctx, s.dialect.rebind(`DELETE FROM people WHERE id = ?`), id); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, s.dialect.rebind(`DELETE FROM person_keys WHERE person_id = ?`), id); err != nil {
			return err
		}
		return s.recordAudit(ctx, tx, "erase", AuditPerson, id, erasedPerson{ID: id, SHA256: hex.EncodeToString(sum[:])}, nil)
	})
	return errs.Wrap("erase person", err)
}
