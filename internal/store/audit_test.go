package store_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"sync"
	"testing"

	"github.com/setu-council/setu/internal/auth"
	"github.com/setu-council/setu/internal/registry"
	"github.com/setu-council/setu/internal/store"
	"github.com/setu-council/setu/internal/storetest"
)

// auditFixture makes five audit entries: create, update, delete of an
// organisation, a kind, and an import.
func auditFixture(t *testing.T, s *store.Store) context.Context {
	t.Helper()
	ctx := auth.WithPrincipal(context.Background(), auth.Principal{UserID: "u1", Role: auth.Secretariat, Via: "session"})
	o := tokyo()
	if err := s.CreateOrganisation(ctx, o); err != nil {
		t.Fatal(err)
	}
	o.City = "Bunkyo"
	if err := s.UpdateOrganisation(ctx, o); err != nil {
		t.Fatal(err)
	}
	if err := s.AddKind(ctx, registry.Term{Code: "lab", Label: "Laboratory"}); err != nil {
		t.Fatal(err)
	}
	if err := s.DeleteOrganisation(ctx, o.ID); err != nil {
		t.Fatal(err)
	}
	recs := []*registry.Organisation{tokyo()}
	_, err := s.ImportOrganisations(ctx, func() (*registry.Organisation, string, error) {
		if len(recs) == 0 {
			return nil, "orgs.jsonl:2", io.EOF
		}
		r := recs[0]
		recs = recs[1:]
		return r, "orgs.jsonl:1", nil
	}, nil)
	if err != nil {
		t.Fatal(err)
	}
	return ctx
}

func TestAuditTrail(t *testing.T) {
	storetest.ForEachBackend(t, func(t *testing.T, s *store.Store) {
		ctx := auditFixture(t, s)
		all, err := s.AuditLog(ctx, store.AuditQuery{})
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, e := range all {
			got = append(got, e.Action+" "+e.EntityType+" "+e.EntityID+" by "+e.Actor)
		}
		want := []string{
			"create organisation ror-057zh3y96 by user:u1",
			"update organisation ror-057zh3y96 by user:u1",
			"create kind lab by user:u1",
			"delete organisation ror-057zh3y96 by user:u1",
			"import import orgs.jsonl by user:u1",
		}
		if strings.Join(got, "\n") != strings.Join(want, "\n") {
			t.Errorf("entries:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
		var before, after map[string]any
		json.Unmarshal(all[1].Before, &before)
		json.Unmarshal(all[1].After, &after)
		if before["city"] != "Tokyo" || after["city"] != "Bunkyo" {
			t.Errorf("update before city %v after %v, want Tokyo, Bunkyo", before["city"], after["city"])
		}
		var sum map[string]any
		json.Unmarshal(all[4].After, &sum)
		if sum["created"] != 1.0 || sum["read"] != 1.0 || sum["records"] != "organisations" {
			t.Errorf("import summary = %s", all[4].After)
		}
		if n, err := s.VerifyAudit(ctx); err != nil || n != 5 {
			t.Errorf("verify: got %d, %v; want 5, nil", n, err)
		}
		one, err := s.AuditLog(ctx, store.AuditQuery{EntityType: "organisation", EntityID: "ror-057zh3y96"})
		if err != nil || len(one) != 3 {
			t.Errorf("entries of the organisation: got %d, %v; want 3", len(one), err)
		}
	})
}

// TestAuditRollback checks that a write that fails leaves no entry.
func TestAuditRollback(t *testing.T) {
	s := storetest.MustOpenSQLite(t)
	ctx := context.Background()
	bad := tokyo()
	bad.Kind = "no-such-kind"
	if err := s.CreateOrganisation(ctx, bad); err == nil {
		t.Fatal("invalid organisation created")
	}
	if all, _ := s.AuditLog(ctx, store.AuditQuery{}); len(all) != 0 {
		t.Errorf("got %d entries after a failed write, want 0", len(all))
	}
}

func TestAuditAppendOnly(t *testing.T) {
	storetest.ForEachBackend(t, func(t *testing.T, s *store.Store) {
		ctx := auditFixture(t, s)
		for _, q := range []string{`UPDATE audit_log SET actor = 'x' WHERE seq = 2`, `DELETE FROM audit_log WHERE seq = 2`} {
			if _, err := s.DB().ExecContext(ctx, q); err == nil || !strings.Contains(err.Error(), "append-only") {
				t.Errorf("%s: got %v, want an append-only error", q, err)
			}
		}
	})
}

func TestAuditVerifyFindsTampering(t *testing.T) {
	tests := []struct {
		name    string
		tamper  []string
		wantSeq int64
		reason  string
	}{
		{"altered", []string{`UPDATE audit_log SET after = replace(after, 'Bunkyo', 'Chiyoda') WHERE seq = 2`}, 2, "altered"},
		{"rehashed", []string{`UPDATE audit_log SET actor = 'user:u2', hash = '00' WHERE seq = 3`}, 3, "altered"},
		{"removed", []string{`DELETE FROM audit_log WHERE seq = 3`}, 3, "missing"},
		{"tail removed", []string{`DELETE FROM audit_log WHERE seq = 5`}, 5, "missing"},
		{"chain relinked", []string{`UPDATE audit_log SET prev_hash = 'ab' WHERE seq = 4`}, 4, "prev_hash"},
	}
	storetest.ForEachBackend(t, func(t *testing.T, s *store.Store) {
		for _, tc := range tests {
			t.Run(tc.name, func(t *testing.T) {
				s := s
				if s.Dialect() == "sqlite" {
					s = storetest.MustOpenSQLite(t)
				} else {
					s = storetest.MustOpenPostgres(t)
				}
				ctx := auditFixture(t, s)
				drop := []string{`DROP TRIGGER audit_log_no_update`, `DROP TRIGGER audit_log_no_delete`}
				if s.Dialect() == "postgres" {
					drop = []string{`DROP TRIGGER audit_log_no_change ON audit_log`}
				}
				for _, q := range append(drop, tc.tamper...) {
					if _, err := s.DB().ExecContext(ctx, q); err != nil {
						t.Fatalf("%s: %v", q, err)
					}
				}
				_, err := s.VerifyAudit(ctx)
				var b *store.AuditBreak
				if !errors.As(err, &b) {
					t.Fatalf("verify: got %v, want an audit break", err)
				}
				if b.Seq != tc.wantSeq || !strings.Contains(b.Reason, tc.reason) {
					t.Errorf("got break at %d (%s), want %d (%s)", b.Seq, b.Reason, tc.wantSeq, tc.reason)
				}
			})
		}
	})
}

// TestAuditConcurrentAppends writes from many goroutines at once: the
// chain must come out whole, one entry per write, with no fork.
func TestAuditConcurrentAppends(t *testing.T) {
	storetest.ForEachBackend(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		const writers, each = 8, 10
		var wg sync.WaitGroup
		errc := make(chan error, writers*each)
		for w := range writers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := range each {
					o := &registry.Organisation{ID: fmt.Sprintf("c-%d-%d", w, i), Name: "Concurrent", Kind: "company", Country: "IN"}
					if err := s.CreateOrganisation(ctx, o); err != nil {
						errc <- err
					}
				}
			}()
		}
		wg.Wait()
		close(errc)
		for err := range errc {
			t.Error(err)
		}
		if n, err := s.VerifyAudit(ctx); err != nil || n != writers*each {
			t.Errorf("verify: got %d, %v; want %d, nil", n, err, writers*each)
		}
	})
}
