//go:build unix

package deskremind

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"syscall"
	"testing"
	"time"

	"github.com/setu-council/setu/internal/auth"
	"github.com/setu-council/setu/internal/desk"
	"github.com/setu-council/setu/internal/registry"
	"github.com/setu-council/setu/internal/store"
)

// seedRemindBench writes a SQLite database with leads/2 leads whose next
// action is overdue and leads/2 open barriers past their target (on those
// leads), officers in charge spread over 20 addresses.
func seedRemindBench(tb testing.TB, path string, items int, now time.Time) {
	ctx := auth.WithPrincipal(context.Background(), auth.System)
	st, err := store.Open(ctx, path)
	if err != nil {
		tb.Fatal(err)
	}
	defer st.Close()
	if err := st.CreateOrganisation(ctx, &registry.Organisation{ID: "jp-fab", Name: "Kumamoto Fab Partners", Kind: "company", Country: "JP"}); err != nil {
		tb.Fatal(err)
	}
	var org int64
	if err := st.DB().QueryRowContext(ctx, `SELECT seq FROM organisations WHERE id = 'jp-fab'`).Scan(&org); err != nil {
		tb.Fatal(err)
	}
	tx, err := st.DB().BeginTx(ctx, nil)
	if err != nil {
		tb.Fatal(err)
	}
	defer tx.Rollback()
	lead, err := tx.PrepareContext(ctx, `INSERT INTO desk_leads (id, investor_org, origin_country, segment, stage, stage_since, created_at, updated_at,
		next_action, next_action_due, officer) VALUES (?, ?, 'JP', 'memory', 'engaged', ?, ?, ?, 'Call the investor', ?, ?)`)
	if err != nil {
		tb.Fatal(err)
	}
	bar, err := tx.PrepareContext(ctx, `INSERT INTO desk_barriers (id, lead_id, org_seq, category, jurisdiction, description, agency, opened_at,
		target_days, due_at) VALUES (?, ?, ?, 'logistics', 'Gujarat', 'Tools held at port', 'Customs', ?, 21, ?)`)
	if err != nil {
		tb.Fatal(err)
	}
	t := func(x time.Time) string { return x.UTC().Format("2006-01-02T15:04:05.000000Z") }
	opened := now.Add(-30 * 24 * time.Hour)
	for i := range items / 2 {
		id := fmt.Sprintf("lead-%06d", i)
		if _, err := lead.ExecContext(ctx, id, org, t(opened), t(opened), t(opened), "2026-01-01", fmt.Sprintf("officer%02d@desk.example", i%20)); err != nil {
			tb.Fatal(err)
		}
		if _, err := bar.ExecContext(ctx, fmt.Sprintf("bar-%06d", i), id, org, t(opened), t(opened.Add(21*24*time.Hour))); err != nil {
			tb.Fatal(err)
		}
	}
	if err := tx.Commit(); err != nil {
		tb.Fatal(err)
	}
}

func copyFile(tb testing.TB, from, to string) {
	in, err := os.Open(from)
	if err != nil {
		tb.Fatal(err)
	}
	defer in.Close()
	out, err := os.Create(to)
	if err != nil {
		tb.Fatal(err)
	}
	if _, err := io.Copy(out, in); err != nil {
		tb.Fatal(err)
	}
	if err := out.Close(); err != nil {
		tb.Fatal(err)
	}
}

// BenchmarkRemind measures one reminder run over 100,000 open items
// (50,000 overdue next actions, 50,000 barriers past target, which it
// escalates first) sent by e-mail to a loopback SMTP server and to a
// loopback webhook that checks every signature: 200,000 reminders over
// the two channels. Each run starts from a fresh copy of the database.
func BenchmarkRemind(b *testing.B) {
	now := time.Date(2026, 6, 1, 9, 0, 0, 0, time.UTC)
	dir := b.TempDir()
	seed := filepath.Join(dir, "seed.db")
	seedRemindBench(b, seed, 100_000, now)
	mail := startSMTP(b, 0)
	hook := startHook(b, "bench", 0)
	cfg := Config{SMTPAddr: mail.ln.Addr().String(), SMTPFrom: "desk@setu.example", MailTo: "desk@setu.example",
		WebhookURL: hook.URL, WebhookSecret: "bench", Backoff: time.Millisecond}
	ctx := auth.WithPrincipal(context.Background(), auth.System)
	var lat, cpu []time.Duration
	var r Report
	for i := 0; b.Loop(); i++ {
		b.StopTimer()
		path := filepath.Join(dir, fmt.Sprintf("run%d.db", i))
		copyFile(b, seed, path)
		st, err := store.Open(ctx, path)
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		start, startCPU := time.Now(), processCPU()
		if r, err = Run(ctx, st, cfg, now); err != nil {
			b.Fatal(err)
		}
		lat = append(lat, time.Since(start))
		cpu = append(cpu, processCPU()-startCPU)
		b.StopTimer()
		st.Close()
		os.Remove(path)
		b.StartTimer()
	}
	if r.Escalated != 50_000 || r.Sent != 200_000 || r.Failed != 0 {
		b.Fatalf("got %+v, want 50,000 escalated and 200,000 sent", r)
	}
	if _, bad := hook.got(); bad != 0 {
		b.Fatalf("%d bad signatures", bad)
	}
	slices.Sort(lat)
	slices.Sort(cpu)
	b.ReportMetric(float64(lat[len(lat)/2].Milliseconds()), "p50-ms")
	b.ReportMetric(float64(cpu[len(cpu)/2].Milliseconds()), "p50-cpu-ms")
	b.ReportMetric(float64(lat[len(lat)-1].Milliseconds()), "max-ms")
	b.ReportMetric(float64(r.Deliveries), "deliveries")
	_ = desk.Open
}

// processCPU is the CPU time the process has used, user and system: on a
// machine shared with other work it says what a run costs better than the
// wall clock does.
func processCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
