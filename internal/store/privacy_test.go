package store_test

import (
	"context"
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/setu-council/setu/internal/errs"
	"github.com/setu-council/setu/internal/registry"
	"github.com/setu-council/setu/internal/store"
	"github.com/setu-council/setu/internal/storetest"
)

func writeFile(path, s string) error { return os.WriteFile(path, []byte(s), 0o600) }

func TestPersonExportAndErase(t *testing.T) {
	storetest.ForEachBackend(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		p := &registry.Person{Name: "Asha Verma", HomeCountry: "IN", Email: "asha@example.org", Skills: []string{"nlp"}}
		if err := s.CreatePerson(ctx, p); err != nil {
			t.Fatal(err)
		}
		p.Email = "asha.verma@example.org"
		if err := s.UpdatePerson(ctx, p); err != nil {
			t.Fatal(err)
		}
		// The trail holds no personal data in the clear.
		entries, err := s.AuditLog(ctx, store.AuditQuery{EntityType: store.AuditPerson, EntityID: p.ID})
		if err != nil || len(entries) != 2 {
			t.Fatalf("person entries: %d, %v; want 2", len(entries), err)
		}
		for _, e := range entries {
			if raw := string(e.Before) + string(e.After); strings.Contains(raw, "Asha") || strings.Contains(raw, "example.org") {
				t.Errorf("entry %d holds personal data in the clear: %s", e.Seq, raw)
			}
		}

		x, err := s.ExportPerson(ctx, p.ID)
		if err != nil {
			t.Fatal(err)
		}
		if x.Person.Email != "asha.verma@example.org" || len(x.Audit) != 2 {
			t.Fatalf("export: %+v", x)
		}
		var before map[string]any
		if err := json.Unmarshal(x.Audit[1].Before, &before); err != nil || before["email"] != "asha@example.org" {
			t.Errorf("export's update entry before = %s, want the old email", x.Audit[1].Before)
		}

		if err := s.ErasePerson(ctx, p.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Person(ctx, p.ID); !errs.Is(err, errs.NotFound) {
			t.Errorf("person after erasure: got %v, want not found", err)
		}
		if _, err := s.ExportPerson(ctx, p.ID); !errs.Is(err, errs.NotFound) {
			t.Errorf("export after erasure: got %v, want not found", err)
		}
		entries, _ = s.AuditLog(ctx, store.AuditQuery{EntityType: store.AuditPerson, EntityID: p.ID})
		if len(entries) != 3 || entries[2].Action != "erase" {
			t.Fatalf("entries after erasure: %+v", entries)
		}
		tomb := string(entries[2].Before)
		if !strings.Contains(tomb, "sha256") || strings.Contains(tomb, "Asha") || strings.Contains(tomb, "example.org") {
			t.Errorf("tombstone before = %s, want only a hash", tomb)
		}
		var keys int
		s.DB().QueryRowContext(ctx, `SELECT count(*) FROM person_keys`).Scan(&keys)
		if keys != 0 {
			t.Errorf("%d person keys left after erasure, want 0", keys)
		}
		if n, err := s.VerifyAudit(ctx); err != nil || n != 3 {
			t.Errorf("verify after erasure: %d, %v; want 3, nil", n, err)
		}
	})
}
