package main

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/setu-council/setu/internal/auth"
	"github.com/setu-council/setu/internal/desk"
	"github.com/setu-council/setu/internal/deskremind"
	"github.com/setu-council/setu/internal/registry"
	"github.com/setu-council/setu/internal/store"
)

// TestDeskRemind runs setu desk remind twice against a webhook: the
// overdue next action goes once.
func TestDeskRemind(t *testing.T) {
	db := filepath.Join(t.TempDir(), "setu.db")
	ctx := auth.WithPrincipal(context.Background(), auth.System)
	st, err := store.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	if err := st.CreateOrganisation(ctx, &registry.Organisation{ID: "kr-mem", Name: "Icheon Memory", Kind: "company", Country: "KR"}); err != nil {
		t.Fatal(err)
	}
	if err := st.CreateLead(ctx, &desk.Lead{Investor: "kr-mem", OriginCountry: "KR", Segment: "memory", NextAction: "Call", NextActionDue: "2020-01-01"}); err != nil {
		t.Fatal(err)
	}
	st.Close()
	var got atomic.Int32
	hook := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		if !deskremind.Verify("k", body, r.Header.Get(deskremind.SignatureHeader)) {
			http.Error(w, "bad signature", http.StatusUnauthorized)
			return
		}
		got.Add(1)
	}))
	defer hook.Close()
	env := map[string]string{"SETU_WEBHOOK_SECRET": "k", "SETU_WEBHOOK_URL": hook.URL}
	r := mustSetu(t, env, "desk", "remind", "--db", db)
	if !strings.Contains(r.stdout, "1 reminders due, 1 sent, 0 failed") || got.Load() != 1 {
		t.Errorf("first run: got %q, %d requests", r.stdout, got.Load())
	}
	r = mustSetu(t, env, "desk", "remind", "--db", db)
	if !strings.Contains(r.stdout, "0 reminders due, 0 sent") || got.Load() != 1 {
		t.Errorf("second run: got %q, %d requests", r.stdout, got.Load())
	}
	if r := setu(t, map[string]string{"SETU_WEBHOOK_URL": hook.URL}, "desk", "remind", "--db", db); r.code != 2 || !strings.Contains(r.stderr, "secret") {
		t.Errorf("without a secret: got %d %q, want a usage error", r.code, r.stderr)
	}
}

// TestServeRemindEveryChecksConfig refuses a schedule whose reminders
// could not be sent.
func TestServeRemindEveryChecksConfig(t *testing.T) {
	db := filepath.Join(t.TempDir(), "setu.db")
	r := setu(t, map[string]string{"SETU_WEBHOOK_URL": "http://127.0.0.1:9/hook"}, "serve", "--db", db, "--no-load", "--addr", "127.0.0.1:0", "--remind-every", "1m")
	if r.code != 2 || !strings.Contains(r.stderr, "secret") {
		t.Errorf("got %d %q, want a usage error about the secret", r.code, r.stderr)
	}
}
