package store_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/setu-council/setu/internal/ledger"
	"github.com/setu-council/setu/internal/registry"
	"github.com/setu-council/setu/internal/store"
)

// The scorecard benchmark computes the ledger's figures through the store,
// as the API (/api/v1/ledger/scorecard, /api/v1/frameworks/{id}/scorecard)
// and the pages (/frameworks, /frameworks/{id}) do: Store.LoadLedger then
// ledger.Scorecard, on SQLite, for a ledger of 100 frameworks, 10,000
// commitments and 100,000 projects (300,000 milestones, 100,000 outputs,
// 200,000 budgets, 400,000 transactions, 5,000 organisations). The
// database is built once (a few minutes) and kept in the temporary folder
// as setu-ledger-bench-v1.db. Run it with
//
//	go test ./internal/store -run '^$' -bench BenchmarkLedgerScorecard -benchtime 20x

const ledgerBenchVersion = "v1"

const (
	benchFrameworks  = 100
	benchCommitments = 10_000
	benchProjects    = 100_000
	benchLedgerOrgs  = 5_000
)

// generateLedger returns the seeded ledger of the benchmark and the
// organisations it names; the shape is that of the ledger package's own
// scorecard benchmark.
func generateLedger(seed uint64) (*ledger.Ledger, []*registry.Organisation) {
	r := rand.New(rand.NewPCG(seed, seed^0x5e7))
	countries := []string{"IN", "JP", "KR", "TW", "SG", "VN", "MY", "TH", "ID", "PH"}
	currencies := []string{"INR", "JPY", "KRW", "USD", "SGD"}
	layers := []string{"application", "model", "semiconductor", "infrastructure", "energy"}
	base := ledger.MakeDate(2024, 1, 1)
	day := func(lo, span int) ledger.Date { return base.AddDays(lo + r.IntN(span)) }
	src := ledger.Source{Citation: "generated"}
	orgs := make([]*registry.Organisation, benchLedgerOrgs)
	org := func(i int) string { return fmt.Sprintf("org-g%05d", i) }
	for i := range orgs {
		orgs[i] = &registry.Organisation{ID: org(i), Name: fmt.Sprintf("Generated Lab %05d", i), Kind: "startup",
			Country: countries[r.IntN(len(countries))], Provenance: registry.Provenance{Source: "setu-sample", SourceID: org(i)}}
	}
	l := &ledger.Ledger{}
	for i := range benchFrameworks {
		l.Frameworks = append(l.Frameworks, ledger.Framework{ID: fmt.Sprintf("f%03d", i), Title: "framework", Kind: ledger.KindInitiative,
			Parties: []ledger.Party{{Country: "IN"}, {Country: countries[1+r.IntN(len(countries)-1)]}}, Source: src, Summary: "generated"})
	}
	for i := range benchCommitments {
		c := ledger.Commitment{ID: fmt.Sprintf("c%05d", i), FrameworkID: l.Frameworks[i%benchFrameworks].ID, Text: "commitment",
			Layers: []string{layers[r.IntN(len(layers))]}, Domains: []string{}, Source: src}
		if r.IntN(4) > 0 {
			c.Target = day(365, 6*365)
		}
		l.Commitments = append(l.Commitments, c)
	}
	for i := range benchProjects {
		p := ledger.Project{ID: fmt.Sprintf("XM-SETU-GEN-%06d", i), ReportingOrg: "XM-SETU-GEN", Title: "project",
			Status: ledger.ActivityStatus(1 + r.IntN(6)), Countries: []string{"IN"}, Layers: []string{}, Domains: []string{}}
		p.Participants = []ledger.Participant{
			{OrgID: org(r.IntN(benchLedgerOrgs)), Role: ledger.RoleFunding},
			{OrgID: org(r.IntN(benchLedgerOrgs)), Role: ledger.RoleImplementing, Home: true},
		}
		if p.Participants[0].OrgID == p.Participants[1].OrgID {
			p.Participants = p.Participants[1:]
		}
		for range r.IntN(4) {
			id := l.Commitments[r.IntN(benchCommitments)].ID
			if !slices.Contains(p.Commitments, id) {
				p.Commitments = append(p.Commitments, id)
			}
		}
		start := day(0, 3*365)
		p.PlannedStart, p.PlannedEnd = start, start.AddDays(365+r.IntN(3*365))
		if p.Status.Started() {
			p.ActualStart = start
		}
		if p.Status.Completed() {
			p.ActualEnd = p.PlannedEnd
		}
		cur := currencies[r.IntN(len(currencies))]
		for y := range 2 {
			p.Budgets = append(p.Budgets, ledger.Budget{PeriodStart: ledger.MakeDate(2025+y, 1, 1), PeriodEnd: ledger.MakeDate(2025+y, 12, 31),
				Value: ledger.Amount(r.IntN(1e9)) * 100, Currency: cur})
		}
		for range 4 {
			p.Transactions = append(p.Transactions, ledger.Transaction{Type: ledger.TransactionType(1 + r.IntN(4)), Date: day(365, 365),
				Value: ledger.Amount(r.IntN(1e8)) * 100, Currency: cur})
		}
		l.Projects = append(l.Projects, p)
		for k := range 3 {
			m := ledger.Milestone{ID: fmt.Sprintf("m%06d-%d", i, k), ProjectID: p.ID, Title: "milestone", Due: day(180, 4*365)}
			if r.IntN(2) == 0 {
				m.Completed, m.Evidence = m.Due.AddDays(r.IntN(60)-30), "https://example.org/e"
			}
			l.Milestones = append(l.Milestones, m)
		}
		kind := ledger.OutputKinds[r.IntN(len(ledger.OutputKinds))]
		o := ledger.Output{ID: fmt.Sprintf("o%06d", i), ProjectID: p.ID, Kind: kind, Title: "output"}
		if kind == ledger.OutputPeopleTrained {
			o.Count = 1 + r.IntN(30)
		} else {
			o.IPHolder = org(r.IntN(benchLedgerOrgs))
			o.LicensedHome = r.IntN(10) == 0
		}
		l.Outputs = append(l.Outputs, o)
	}
	return l, orgs
}

// ledgerBenchStore opens the benchmark's database, building it first if
// it is not in the temporary folder yet.
func ledgerBenchStore(b *testing.B) *store.Store {
	ctx := context.Background()
	path := filepath.Join(os.TempDir(), "setu-ledger-bench-"+ledgerBenchVersion+".db")
	if _, err := os.Stat(path + ".ok"); err != nil {
		for _, suffix := range []string{"", "-wal", "-shm"} {
			os.Remove(path + suffix)
		}
		st, err := store.Open(ctx, path)
		if err != nil {
			b.Fatal(err)
		}
		start := time.Now()
		l, orgs := generateLedger(42)
		if _, err := st.ImportProjects(ctx, "bench-orgs", orgs, &ledger.Ledger{}); err != nil {
			b.Fatal(err)
		}
		if _, err := st.ImportLedgerDataset(ctx, "bench-frameworks", "x", &ledger.Ledger{Frameworks: l.Frameworks, Commitments: l.Commitments}); err != nil {
			b.Fatal(err)
		}
		l.Frameworks, l.Commitments = nil, nil
		if _, err := st.ImportProjects(ctx, "bench-projects", nil, l); err != nil {
			b.Fatal(err)
		}
		st.Close()
		if err := os.WriteFile(path+".ok", nil, 0o644); err != nil {
			b.Fatal(err)
		}
		b.Logf("built %s in %s", path, time.Since(start).Round(time.Second))
	}
	st, err := store.Open(ctx, path)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { st.Close() })
	return st
}

// BenchmarkLedgerScorecard reports the 95th percentile of the wall time of
// one scorecard as p95-ms (the target is under 200 ms for the whole
// ledger) and the process CPU time per scorecard as cpu-ms/op, which a busy
// machine disturbs less, for scorecards computed from the kept records;
// and the wall and CPU time of the first scorecard after a write, which
// reads the records, as first-read-ms and first-read-cpu-ms.
func BenchmarkLedgerScorecard(b *testing.B) {
	st := ledgerBenchStore(b)
	today := ledger.MakeDate(2026, 6, 15)
	// The first scorecard after a write reads the records; the following
	// ones, until the next write, compute from the records kept.
	start, cpu0 := time.Now(), processCPU()
	if _, err := st.Scorecard(context.Background(), "", today); err != nil {
		b.Fatal(err)
	}
	first, firstCPU := time.Since(start), processCPU()-cpu0
	for _, tc := range []struct{ name, framework string }{{"all", ""}, {"framework", "f007"}} {
		b.Run(tc.name, func(b *testing.B) {
			var times []time.Duration
			cpu0 := processCPU()
			for b.Loop() {
				start := time.Now()
				sc, err := st.Scorecard(context.Background(), tc.framework, today)
				times = append(times, time.Since(start))
				if err != nil {
					b.Fatal(err)
				}
				if tc.framework == "" && sc.Overall.Projects != benchProjects {
					b.Fatalf("got %d projects, want %d", sc.Overall.Projects, benchProjects)
				}
			}
			cpu := processCPU() - cpu0
			slices.Sort(times)
			b.ReportMetric(float64(times[len(times)/2].Microseconds())/1000, "p50-ms")
			b.ReportMetric(float64(times[(len(times)*95+99)/100-1].Microseconds())/1000, "p95-ms")
			b.ReportMetric(float64(cpu.Microseconds())/1000/float64(len(times)), "cpu-ms/op")
			b.ReportMetric(float64(first.Milliseconds()), "first-read-ms")
			b.ReportMetric(float64(firstCPU.Milliseconds()), "first-read-cpu-ms")
		})
	}
}
