package store_test

import (
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/setu-council/setu/internal/sovereignty"
	"github.com/setu-council/setu/internal/store"
)

// The size of the sovereignty benchmark: the registry, the ledger and the
// clearinghouse of issue 7's target.
const (
	sovOrgs       = 1_000_000
	sovProjects   = 100_000
	sovPeople     = 1_000_000
	sovPositions  = 20_000
	sovPlacements = 1_000_000
	sovVersion    = "sov-4" // change when the generator changes
)

// sovCountries are the countries of the generated records; India first
// and most frequent, so that it has many partners.
var sovCountries = []string{"IN", "JP", "KR", "TW", "SG", "US", "GB", "DE", "FR", "CN", "AU", "CA", "TH", "VN", "MY", "ID", "PH", "NL", "SE", "IL"}

var sovLayers = []string{"application", "model", "semiconductor", "infrastructure", "energy"}

var sovCurrencies = []string{"USD", "JPY", "EUR", "INR", "KRW", "SGD", "XAU"} // XAU has no rate: reported as unconverted

// openSovereigntyBench opens (building it once per machine) a SQLite
// database with sovOrgs organisations, sovProjects projects and
// sovPlacements placements.
func openSovereigntyBench(b *testing.B) *store.Store {
	ctx := context.Background()
	path := filepath.Join(benchDir(b), fmt.Sprintf("sovereignty_%s_%s.db", sovVersion, benchKey(b, "sqlite", sovOrgs)))
	if _, err := os.Stat(path); err != nil {
		tmp := path + ".building"
		for _, suffix := range []string{"", "-wal", "-shm"} {
			os.Remove(tmp + suffix)
		}
		s, err := store.Open(ctx, tmp)
		if err != nil {
			b.Fatal(err)
		}
		start := time.Now()
		fillSovereignty(b, s)
		b.Logf("built %s in %v", path, time.Since(start).Round(time.Second))
		if _, err := s.DB().ExecContext(ctx, `PRAGMA wal_checkpoint(TRUNCATE)`); err != nil {
			b.Fatal(err)
		}
		s.Close()
		if err := os.Rename(tmp, path); err != nil {
			b.Fatal(err)
		}
	}
	s, err := store.Open(ctx, path)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { s.Close() })
	return s
}

// bulk inserts n rows with one prepared statement in one transaction.
func bulk(b *testing.B, db *sql.DB, query string, n int, row func(i int) []any) {
	ctx := context.Background()
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		b.Fatal(err)
	}
	st, err := tx.PrepareContext(ctx, query)
	if err != nil {
		b.Fatal(err)
	}
	for i := range n {
		if _, err := st.ExecContext(ctx, row(i)...); err != nil {
			b.Fatalf("%s, row %d: %v", query, i, err)
		}
	}
	st.Close()
	if err := tx.Commit(); err != nil {
		b.Fatal(err)
	}
}

// fillSovereignty writes the benchmark's records straight into the
// tables (the store's import paths are benchmarked elsewhere).
func fillSovereignty(b *testing.B, s *store.Store) {
	db := s.DB()
	rng := rand.New(rand.NewPCG(7, 7))
	country := func() string {
		if rng.IntN(5) == 0 {
			return "IN"
		}
		// A skewed choice, so that layers have leaders.
		i := int(float64(len(sovCountries)-1) * rng.Float64() * rng.Float64())
		return sovCountries[1+i]
	}
	now := "2026-01-01T00:00:00Z"
	orgCountry := make([]string, sovOrgs)
	bulk(b, db, `INSERT INTO organisations (seq, id, name, kind, country, created_at, updated_at) VALUES (?, ?, ?, 'startup', ?, ?, ?)`, sovOrgs,
		func(i int) []any {
			orgCountry[i] = country()
			return []any{i + 1, fmt.Sprintf("o%07d", i), fmt.Sprintf("Org %d", i), orgCountry[i], now, now}
		})
	var inOrgs, otherOrgs []int
	for i, c := range orgCountry {
		if c == "IN" {
			inOrgs = append(inOrgs, i)
		} else {
			otherOrgs = append(otherOrgs, i)
		}
	}
	// A tenth of the organisations offer a layer or two.
	bulk(b, db, `INSERT INTO capabilities (org_seq, pos, direction, layer, domain, text) VALUES (?, 0, 'offer', ?, '', 'offer')`, sovOrgs/10,
		func(i int) []any { return []any{i*10 + 1, sovLayers[rng.IntN(len(sovLayers))]} })

	type project struct{ orgs []int }
	projects := make([]project, sovProjects)
	bulk(b, db, `INSERT INTO projects (seq, id, reporting_org, title, status, actual_start) VALUES (?, ?, 'XI-SETU', ?, 2, ?)`, sovProjects,
		func(i int) []any {
			p := project{orgs: []int{inOrgs[rng.IntN(len(inOrgs))]}}
			for range 1 + rng.IntN(3) {
				p.orgs = append(p.orgs, otherOrgs[rng.IntN(len(otherOrgs))])
			}
			projects[i] = p
			return []any{i + 1, fmt.Sprintf("XI-SETU-%06d", i), fmt.Sprintf("Project %d", i), fmt.Sprintf("%d-03-01", 2015+rng.IntN(12))}
		})
	// Participants and placements carry the countries the store's write
	// paths give them (migration 0010).
	var parts [][4]any
	for i, p := range projects {
		for pos, o := range p.orgs {
			parts = append(parts, [4]any{fmt.Sprintf("XI-SETU-%06d", i), pos, fmt.Sprintf("o%07d", o), orgCountry[o]})
		}
	}
	bulk(b, db, `INSERT INTO project_participants (project_id, pos, org_id, role, country) VALUES (?, ?, ?, 4, ?)`, len(parts),
		func(i int) []any { return parts[i][:] })
	var layers [][3]any
	for i := range projects {
		first := rng.IntN(len(sovLayers))
		layers = append(layers, [3]any{fmt.Sprintf("XI-SETU-%06d", i), 0, sovLayers[first]})
		if rng.IntN(3) == 0 {
			layers = append(layers, [3]any{fmt.Sprintf("XI-SETU-%06d", i), 1, sovLayers[(first+1)%len(sovLayers)]})
		}
	}
	bulk(b, db, `INSERT INTO project_layers (project_id, pos, value) VALUES (?, ?, ?)`, len(layers), func(i int) []any { return layers[i][:] })
	bulk(b, db, `INSERT INTO budgets (project_id, pos, period_start, period_end, value, currency) VALUES (?, 0, ?, ?, ?, ?)`, sovProjects,
		func(i int) []any {
			y := 2015 + rng.IntN(12)
			return []any{fmt.Sprintf("XI-SETU-%06d", i), fmt.Sprintf("%d-04-01", y), fmt.Sprintf("%d-03-31", y+1),
				int64(1+rng.IntN(1000)) * 100000, sovCurrencies[rng.IntN(len(sovCurrencies))]}
		})
	bulk(b, db, `INSERT INTO outputs (seq, id, project_id, kind, title, date, ip_holder) VALUES (?, ?, ?, 'model', 'Output', ?, ?)`, sovProjects/2,
		func(i int) []any {
			p := projects[i*2]
			return []any{i + 1, fmt.Sprintf("out-%06d", i), fmt.Sprintf("XI-SETU-%06d", i*2), fmt.Sprintf("%d", 2016+rng.IntN(11)),
				fmt.Sprintf("o%07d", p.orgs[rng.IntN(len(p.orgs))])}
		})

	personHome := make([]string, sovPeople)
	bulk(b, db, `INSERT INTO people (seq, id, name, home_country, created_at, updated_at) VALUES (?, ?, 'Person', ?, ?, ?)`, sovPeople,
		func(i int) []any {
			home := "IN"
			if rng.IntN(5) == 0 {
				home = country()
			}
			personHome[i] = home
			return []any{i + 1, fmt.Sprintf("per-%07d", i), home, now, now}
		})
	const rounds = 10
	bulk(b, db, `INSERT INTO placement_rounds (id, title, positions_open, applications_close, ranking_close, results_due, created_at, updated_at)
		VALUES (?, 'Round', ?, ?, ?, ?, ?, ?)`, rounds, func(i int) []any {
		d := fmt.Sprintf("%d-06-01T00:00:00Z", 2017+i)
		return []any{fmt.Sprintf("rnd-%d", i), d, d, d, d, now, now}
	})
	bulk(b, db, `INSERT INTO placement_runs (id, round_id, number, seed, input_sha256, input, verdict_ok, verdict, applicants, positions, assigned, proposals, ran_at, actor)
		VALUES (?, ?, 1, 1, '', '{}', 1, '', 0, 0, 0, 0, ?, 'bench')`, rounds, func(i int) []any {
		return []any{fmt.Sprintf("run-%d", i), fmt.Sprintf("rnd-%d", i), now}
	})
	bulk(b, db, `INSERT INTO placement_positions (seq, id, round_id, host_org, title, country, capacity, layers, created_at) VALUES (?, ?, ?, ?, 'Position', ?, 100, ?, ?)`, sovPositions,
		func(i int) []any {
			c := country()
			if c == "IN" {
				c = "JP"
			}
			return []any{i + 1, fmt.Sprintf("pos-%05d", i), fmt.Sprintf("rnd-%d", i%rounds), fmt.Sprintf("o%07d", otherOrgs[rng.IntN(len(otherOrgs))]), c,
				`["` + sovLayers[rng.IntN(len(sovLayers))] + `"]`, now}
		})
	bulk(b, db, `INSERT INTO placements (id, round_id, run_id, person_id, position_id, status, started_on, updated_at, home_country) VALUES (?, ?, ?, ?, ?, 'started', ?, ?, ?)`, sovPlacements,
		func(i int) []any {
			pos := rng.IntN(sovPositions)
			r := pos % rounds
			return []any{fmt.Sprintf("pl-%07d", i), fmt.Sprintf("rnd-%d", r), fmt.Sprintf("run-%d", r), fmt.Sprintf("per-%07d", i), fmt.Sprintf("pos-%05d", pos),
				fmt.Sprintf("%d-09-01", 2017+r), now, personHome[i]}
		})
	// Each project's row of sovereignty_projects, as the store writes it
	// with the project (the statement of migration 0010).
	if _, err := db.Exec(`INSERT INTO sovereignty_projects (project_id, status, actual_start, planned_start, participants, layers)
		SELECT p.id, p.status, p.actual_start, p.planned_start,
			COALESCE((SELECT group_concat(x, char(30)) FROM (SELECT pp.org_id || char(31) || pp.country AS x FROM project_participants pp
				WHERE pp.project_id = p.id AND pp.country <> '' ORDER BY pp.pos)), ''),
			COALESCE((SELECT group_concat(value, ' ') FROM (SELECT l.value FROM project_layers l WHERE l.project_id = p.id ORDER BY l.pos)), '')
		FROM projects p`); err != nil {
		b.Fatal(err)
	}
	rates, err := sovereignty.ReadRates(mustOpen(b, "../../data/sovereignty/sample-rates.csv"), "sample-rates.csv")
	if err != nil {
		b.Fatal(err)
	}
	if _, err := s.ImportRatesDataset(context.Background(), "sample-exchange-rates", "bench", rates); err != nil {
		b.Fatal(err)
	}
	if _, err := db.Exec(`ANALYZE`); err != nil {
		b.Fatal(err)
	}
}

func mustOpen(b *testing.B, path string) *os.File {
	f, err := os.Open(path)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { f.Close() })
	return f
}

// BenchmarkSovereigntyRecompute computes India's figures from the
// database, bypassing the cache: every source's query and the
// computation, for 1,000,000 organisations, 100,000 projects and
// 1,000,000 placements on SQLite. It reports the median and the CPU time
// per recomputation.
func BenchmarkSovereigntyRecompute(b *testing.B) {
	s := openSovereigntyBench(b)
	ctx := context.Background()
	var lat []time.Duration
	cpu0 := processCPU()
	b.ResetTimer()
	for b.Loop() {
		t0 := time.Now()
		f, _, err := s.ComputeSovereignty(ctx, "IN", 0)
		if err != nil {
			b.Fatal(err)
		}
		lat = append(lat, time.Since(t0))
		if len(f.Unconverted) == 0 {
			b.Fatal("want the XAU budgets reported as unconverted")
		}
	}
	b.StopTimer()
	slices.Sort(lat)
	b.ReportMetric(float64(lat[len(lat)/2].Microseconds())/1000, "median-ms")
	b.ReportMetric(float64((processCPU()-cpu0).Microseconds())/1000/float64(len(lat)), "cpu-ms/op")
}

// BenchmarkSovereigntyCached reads India's figures from the cache: one
// query of the audit head and a map look-up.
func BenchmarkSovereigntyCached(b *testing.B) {
	s := openSovereigntyBench(b)
	ctx := context.Background()
	if _, _, err := s.SovereigntyFigures(ctx, "IN", 0); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, _, err := s.SovereigntyFigures(ctx, "IN", 0); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkSovereigntyStress computes a stress test after a write, as the
// first request after any write does, on the search benchmark's database
// (1,000,000 organisations with their generated capabilities, about 10,000
// needs of Indian organisations per layer, 230 distinct; no ledger, so
// the figures are computed quickly and the time is the alternatives'):
// per layer India's 50 most common needs, up to 200 candidates from
// PartnerCandidates, partners.Rank. The write is an idempotent exchange
// rate of XTS, the ISO code reserved for testing, which no budget uses.
func BenchmarkSovereigntyStress(b *testing.B) {
	s := openBenchSQLite(b, 1_000_000)
	ctx := context.Background()
	var lat []time.Duration
	var cpu time.Duration
	for b.Loop() {
		b.StopTimer()
		if err := s.PutExchangeRate(ctx, sovereignty.Rate{Currency: "XTS", Date: "2000-01-01", Rate: 1, Source: "bench"}); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		t0, c0 := time.Now(), processCPU()
		st, err := s.SovereigntyStress(ctx, "IN", "US")
		if err != nil {
			b.Fatal(err)
		}
		lat, cpu = append(lat, time.Since(t0)), cpu+processCPU()-c0
		if len(st.Alternatives["model"]) == 0 || st.Alternatives["model"][0].Score <= 0 {
			b.Fatalf("want model alternatives ranked by matchmaking, got %+v", st.Alternatives["model"])
		}
	}
	b.StopTimer()
	slices.Sort(lat)
	b.ReportMetric(float64(lat[len(lat)/2].Microseconds())/1000, "median-ms")
	b.ReportMetric(float64(cpu.Microseconds())/1000/float64(len(lat)), "cpu-ms/op")
}
