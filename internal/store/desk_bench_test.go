package store_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/setu-council/setu/internal/desk"
	"github.com/setu-council/setu/internal/registry"
	"github.com/setu-council/setu/internal/store"
)

// deskBenchTime is how the desk's SQLite tables store a time.
func deskBenchTime(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05.000000Z") }

var deskBenchJurisdictions = []string{"national", "Gujarat", "Karnataka", "Tamil Nadu", "Maharashtra", "Uttar Pradesh", "Telangana",
	"Andhra Pradesh", "Odisha", "Assam", "Punjab", "Kerala", "West Bengal", "Haryana", "Rajasthan", "Madhya Pradesh"}

var deskBenchOrigins = []string{"JP", "KR", "TW", "SG", "US", "DE", "MY", "VN", "TH", "NL", "FR", "GB"}

// seedDeskBench fills a SQLite store's desk tables with a seeded
// synthetic desk: leads with their stage histories over 100 investors,
// and barriers with four events each (opened, escalations, resolved,
// notes), in one transaction of direct inserts.
func seedDeskBench(tb testing.TB, s *store.Store, leads, barriers int) {
	tb.Helper()
	ctx := context.Background()
	r := rand.New(rand.NewPCG(7, 8))
	var orgSeqs []int64
	for i := range 100 {
		o := &registry.Organisation{ID: fmt.Sprintf("inv-%03d", i), Name: fmt.Sprintf("Investor %d", i), Kind: "company", Country: deskBenchOrigins[i%len(deskBenchOrigins)]}
		if err := s.CreateOrganisation(ctx, o); err != nil {
			tb.Fatal(err)
		}
		var seq int64
		if err := s.DB().QueryRowContext(ctx, `SELECT seq FROM organisations WHERE id = ?`, o.ID).Scan(&seq); err != nil {
			tb.Fatal(err)
		}
		orgSeqs = append(orgSeqs, seq)
	}
	tx, err := s.DB().BeginTx(ctx, nil)
	if err != nil {
		tb.Fatal(err)
	}
	defer tx.Rollback()
	prep := func(q string) func(args ...any) {
		st, err := tx.PrepareContext(ctx, q)
		if err != nil {
			tb.Fatal(err)
		}
		return func(args ...any) {
			if _, err := st.ExecContext(ctx, args...); err != nil {
				tb.Fatal(err)
			}
		}
	}
	lead := prep(`INSERT INTO desk_leads (id, investor_org, origin_country, segment, stage, stage_since, created_at, updated_at, next_action, next_action_due, officer)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
	stage := prep(`INSERT INTO desk_lead_stages (lead_id, seq, stage, at, actor, left_at, days) VALUES (?, ?, ?, ?, 'user:bench', ?, ?)`)
	barrier := prep(`INSERT INTO desk_barriers (id, lead_id, org_seq, category, jurisdiction, description, agency, opened_at, target_days, due_at,
		level, status, resolution, resolved_at, resolved_days, within_target) VALUES (?, ?, ?, ?, ?, 'bench', 'agency', ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
	event := prep(`INSERT INTO desk_barrier_events (barrier_id, seq, at, actor, action, level, note) VALUES (?, ?, ?, 'user:bench', ?, ?, '')`)
	now := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	day := 24 * time.Hour
	leadIDs := make([]string, leads)
	leadOrg := make([]int64, leads)
	for i := range leads {
		id := fmt.Sprintf("lead-%07d", i)
		leadIDs[i], leadOrg[i] = id, orgSeqs[r.IntN(len(orgSeqs))]
		k := r.IntN(len(desk.Stages)) // the stage reached; Lost is last
		at := now.Add(-time.Duration(100+r.IntN(900)) * day)
		created := at
		var stays [][]any
		for j := 0; j <= k; j++ {
			code := desk.Stages[j].Code
			if j == k && k == len(desk.Stages)-1 {
				code = desk.Lost
			} else if j == len(desk.Stages)-1 {
				break
			}
			if j < k {
				d := 5 + r.IntN(120)
				left := at.Add(time.Duration(d) * day)
				stays = append(stays, []any{id, j + 1, code, deskBenchTime(at), deskBenchTime(left), d})
				at = left
			} else {
				stays = append(stays, []any{id, j + 1, code, deskBenchTime(at), nil, nil})
			}
		}
		due := now.Add(time.Duration(r.IntN(60)-30) * day).Format(time.DateOnly)
		lead(id, leadOrg[i], deskBenchOrigins[r.IntN(len(deskBenchOrigins))], desk.Segments[r.IntN(len(desk.Segments))].Code,
			desk.Stages[k].Code, deskBenchTime(at), deskBenchTime(created), deskBenchTime(at), "Follow up", due, fmt.Sprintf("officer%d@desk.example", i%20))
		for _, st := range stays {
			stage(st...)
		}
	}
	for i := range barriers {
		li := r.IntN(leads)
		cat := desk.Categories[r.IntN(len(desk.Categories))].Code
		target := desk.DefaultTargetDays[cat]
		opened := now.Add(-time.Duration(r.IntN(730)) * day)
		due := opened.Add(time.Duration(target) * day)
		id := "bar-" + strconv.Itoa(i)
		resolved := r.IntN(10) < 8
		level, status := 0, desk.Open
		var resolvedAt, days, within any
		if resolved {
			d := int(r.ExpFloat64() * float64(target))
			status, resolvedAt, days = desk.Resolved, deskBenchTime(opened.Add(time.Duration(d)*day)), d
			within = 0
			if d <= target {
				within = 1
			}
			level = min(d/target, 2)
		}
		barrier(id, leadIDs[li], leadOrg[li], cat, deskBenchJurisdictions[r.IntN(len(deskBenchJurisdictions))], deskBenchTime(opened), target,
			deskBenchTime(due), level, status, "", resolvedAt, days, within)
		for e := 1; e <= 4; e++ {
			event(id, e, deskBenchTime(opened.Add(time.Duration(e)*day)), []string{"opened", "escalated", "note", "resolved"}[e-1], min(e-1, level))
		}
	}
	if err := tx.Commit(); err != nil {
		tb.Fatal(err)
	}
	if _, err := s.DB().ExecContext(ctx, `ANALYZE`); err != nil {
		tb.Fatal(err)
	}
}

// openDeskBench opens, and on first use builds, a SQLite database with
// 100,000 leads and 250,000 barriers with 1,000,000 barrier events, kept
// in $SETU_BENCH_DIR (default the temporary folder) between runs.
func openDeskBench(b *testing.B) *store.Store {
	b.Helper()
	dir := os.Getenv("SETU_BENCH_DIR")
	if dir == "" {
		dir = os.TempDir()
	}
	path := filepath.Join(dir, "setu-desk-bench-0007-100k-1m.db")
	_, statErr := os.Stat(path + ".done")
	if statErr != nil {
		for _, suffix := range []string{"", "-wal", "-shm"} {
			os.Remove(path + suffix)
		}
	}
	s, err := store.Open(context.Background(), path)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { s.Close() })
	if statErr != nil {
		start := time.Now()
		seedDeskBench(b, s, 100_000, 250_000)
		if err := os.WriteFile(path+".done", nil, 0o644); err != nil {
			b.Fatal(err)
		}
		b.Logf("seeded %s in %v", path, time.Since(start).Round(time.Second))
	}
	return s
}

// BenchmarkDeskStatistics measures the public statistics over 100,000
// leads and 1,000,000 barrier events on SQLite, reporting p50 and p95.
func BenchmarkDeskStatistics(b *testing.B) {
	s := openDeskBench(b)
	ctx := context.Background()
	var lat []time.Duration
	var st *desk.Statistics
	startCPU := processCPU()
	for b.Loop() {
		start := time.Now()
		var err error
		if st, err = s.DeskStatistics(ctx); err != nil {
			b.Fatal(err)
		}
		lat = append(lat, time.Since(start))
	}
	if st.Leads.Total != 100_000 || st.Barriers.Opened != 250_000 {
		b.Fatalf("got %d leads and %d barriers, want 100,000 and 250,000", st.Leads.Total, st.Barriers.Opened)
	}
	var events int
	if err := s.DB().QueryRowContext(ctx, `SELECT COUNT(*) FROM desk_barrier_events`).Scan(&events); err != nil || events != 1_000_000 {
		b.Fatalf("got %d barrier events, %v, want 1,000,000", events, err)
	}
	cpu := processCPU() - startCPU
	slices.Sort(lat)
	b.ReportMetric(float64(lat[len(lat)/2].Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(lat[len(lat)*95/100].Microseconds())/1000, "p95-ms")
	b.ReportMetric(float64(cpu.Microseconds())/1000/float64(len(lat)), "cpu-ms/op")
}
