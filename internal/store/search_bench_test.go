package store_test

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/setu-council/setu/internal/registry"
	"github.com/setu-council/setu/internal/store"
	"github.com/setu-council/setu/internal/storetest"
	"github.com/setu-council/setu/internal/synth"
)

// benchSeed is the seed of the synthetic benchmark databases.
const benchSeed = 1

// BenchDBEnv names the environment variable with the folder that keeps
// the synthetic benchmark databases; by default it is setu-bench in the
// user's cache folder. A database is built once per size, seed and
// schema, and reused by later runs.
const BenchDBEnv = "SETU_BENCH_DB"

// benchSearches are the query mixes of the search benchmarks.
var benchSearches = []struct {
	name string
	q    store.OrgQuery
}{
	{"name+country", store.OrgQuery{Q: "Institute of Technology", Countries: []string{"IN"}}},
	{"common+layer", store.OrgQuery{Q: "university", Layers: []string{"model"}}},
	{"rare", store.OrgQuery{Q: "Nexkator"}},
	{"cjk-part", store.OrgQuery{Q: "東京工業"}},
	{"hangul+kind", store.OrgQuery{Q: "서울 대학교", Kinds: []string{"university"}}},
	{"browse-country", store.OrgQuery{Countries: []string{"JP"}}},
}

func BenchmarkSearchSQLite(b *testing.B) {
	for _, n := range []int{100_000, 1_000_000} {
		b.Run("n="+strconv.Itoa(n), func(b *testing.B) {
			benchSearch(b, openBenchSQLite(b, n))
		})
	}
}

func BenchmarkSearchPostgres(b *testing.B) {
	if os.Getenv(storetest.TestPostgresEnv) == "" {
		b.Skipf("set %s to run the search benchmarks on PostgreSQL", storetest.TestPostgresEnv)
	}
	for _, n := range []int{100_000, 1_000_000} {
		b.Run("n="+strconv.Itoa(n), func(b *testing.B) {
			benchSearch(b, openBenchPostgres(b, n))
		})
	}
}

// benchSearch runs every query mix from the search index in memory and
// from the database alone, with and without facets, and reports the median
// and 95th percentile latency. The index is built first, and its build
// time logged (BenchmarkSearchIndexBuild measures it).
func benchSearch(b *testing.B, s *store.Store) {
	ctx := context.Background()
	start := time.Now()
	docs, err := s.WarmSearchIndex(ctx)
	if err != nil {
		b.Fatal(err)
	}
	b.Logf("search index of %d organisations built in %v", docs, time.Since(start).Round(time.Millisecond))
	for _, bs := range benchSearches {
		for _, indexed := range []bool{true, false} {
			search := s.SearchOrganisations
			if !indexed {
				search = s.SearchDatabase
			}
			for _, facets := range []bool{false, true} {
				b.Run(fmt.Sprintf("%s/index=%t/facets=%t", bs.name, indexed, facets), func(b *testing.B) {
					q := bs.q
					q.Facets = facets
					var lat []time.Duration
					var total int
					for b.Loop() {
						q := q
						q.Countries, q.Layers, q.Kinds = slices.Clone(q.Countries), slices.Clone(q.Layers), slices.Clone(q.Kinds)
						start := time.Now()
						res, err := search(ctx, q)
						lat = append(lat, time.Since(start))
						if err != nil {
							b.Fatal(err)
						}
						total = res.Total
					}
					reportLatency(b, lat)
					b.ReportMetric(float64(total), "matches")
				})
			}
		}
	}
}

// BenchmarkSearchIndexBuild measures building the search index in memory
// from the database, and the heap it holds.
func BenchmarkSearchIndexBuild(b *testing.B) {
	for _, n := range []int{100_000, 1_000_000} {
		b.Run("sqlite/n="+strconv.Itoa(n), func(b *testing.B) {
			benchIndexBuild(b, openBenchSQLite(b, n))
		})
		b.Run("postgres/n="+strconv.Itoa(n), func(b *testing.B) {
			if os.Getenv(storetest.TestPostgresEnv) == "" {
				b.Skipf("set %s to run the benchmark on PostgreSQL", storetest.TestPostgresEnv)
			}
			benchIndexBuild(b, openBenchPostgres(b, n))
		})
	}
}

// benchIndexBuild reports the heap the index holds once built (MB-heap)
// and the largest heap in use during the build (MB-peak), sampled every
// 20 ms.
func benchIndexBuild(b *testing.B, s *store.Store) {
	ctx := context.Background()
	var heap, peak uint64
	for b.Loop() {
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		stop := make(chan struct{})
		sampled := make(chan uint64)
		go func() {
			var m runtime.MemStats
			var top uint64
			t := time.NewTicker(20 * time.Millisecond)
			defer t.Stop()
			for {
				select {
				case <-stop:
					sampled <- top
					return
				case <-t.C:
					runtime.ReadMemStats(&m)
					top = max(top, m.HeapInuse)
				}
			}
		}()
		idx, _, err := s.BuildSearchIndex(ctx)
		close(stop)
		top := <-sampled
		peak = max(peak, top-min(before.HeapInuse, top))
		if err != nil {
			b.Fatal(err)
		}
		runtime.GC()
		runtime.ReadMemStats(&after)
		heap = after.HeapAlloc - min(before.HeapAlloc, after.HeapAlloc)
		runtime.KeepAlive(idx)
	}
	b.ReportMetric(float64(heap)/(1<<20), "MB-heap")
	b.ReportMetric(float64(peak)/(1<<20), "MB-peak")
}

// reportLatency reports the median and 95th percentile of lat in
// milliseconds.
func reportLatency(b *testing.B, lat []time.Duration) {
	if len(lat) == 0 {
		return
	}
	slices.Sort(lat)
	at := func(p float64) float64 {
		return float64(lat[min(len(lat)-1, int(p*float64(len(lat))))]) / 1e6
	}
	b.ReportMetric(at(0.50), "p50-ms")
	b.ReportMetric(at(0.95), "p95-ms")
}

// benchKey names a synthetic database by its size, seed and the schema of
// the registry it was built with (0001_registry.sql), so that a changed
// registry schema builds a new one. Later migrations (accounts, audit, ...)
// do not touch the searched tables; store.Open applies them to a cached
// database as to any other.
func benchKey(b *testing.B, dialect string, n int) string {
	h := sha256.New()
	data, err := os.ReadFile(filepath.Join("migrations", dialect, "0001_registry.sql"))
	if err != nil {
		b.Fatal(err)
	}
	h.Write(data)
	h.Write([]byte(synthVersion))
	return fmt.Sprintf("n%d_s%d_%s", n, benchSeed, hex.EncodeToString(h.Sum(nil))[:10])
}

// synthVersion changes when package synth makes different organisations
// for the same seed, so that cached databases are rebuilt.
const synthVersion = "synth-1"

func benchDir(b *testing.B) string {
	dir := os.Getenv(BenchDBEnv)
	if dir == "" {
		cache, err := os.UserCacheDir()
		if err != nil {
			b.Fatal(err)
		}
		dir = filepath.Join(cache, "setu-bench")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		b.Fatal(err)
	}
	return dir
}

// openBenchSQLite opens the synthetic SQLite database of n organisations,
// building it first if this machine has none.
func openBenchSQLite(b *testing.B, n int) *store.Store {
	ctx := context.Background()
	path := filepath.Join(benchDir(b), "sqlite_"+benchKey(b, "sqlite", n)+".db")
	if _, err := os.Stat(path); err != nil {
		tmp := path + ".building"
		for _, suffix := range []string{"", "-wal", "-shm"} {
			os.Remove(tmp + suffix)
		}
		s, err := store.Open(ctx, tmp)
		if err != nil {
			b.Fatal(err)
		}
		fillSynth(b, s, n)
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

// openBenchPostgres opens the synthetic database of n organisations in a
// schema of the server named by SETU_TEST_POSTGRES, kept between runs.
func openBenchPostgres(b *testing.B, n int) *store.Store {
	ctx := context.Background()
	base := os.Getenv(storetest.TestPostgresEnv)
	schema := "setu_bench_" + benchKey(b, "postgres", n)
	admin, err := sql.Open("pgx", base)
	if err != nil {
		b.Fatal(err)
	}
	defer admin.Close()
	u, err := url.Parse(base)
	if err != nil {
		b.Fatal(err)
	}
	qs := u.Query()
	qs.Set("search_path", schema)
	u.RawQuery = qs.Encode()
	var done bool
	err = admin.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM information_schema.tables WHERE table_schema = $1 AND table_name = 'dataset_loads')`, schema).Scan(&done)
	if err != nil {
		b.Fatal(err)
	}
	if done {
		err = admin.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM `+schema+`.dataset_loads WHERE name = 'synth')`).Scan(&done)
		if err != nil {
			b.Fatal(err)
		}
	}
	if !done {
		if _, err := admin.ExecContext(ctx, `DROP SCHEMA IF EXISTS `+schema+` CASCADE; CREATE SCHEMA `+schema); err != nil {
			b.Fatal(err)
		}
		s, err := store.Open(ctx, u.String())
		if err != nil {
			b.Fatal(err)
		}
		fillSynth(b, s, n)
		if _, err := s.DB().ExecContext(ctx, `ANALYZE`); err != nil {
			b.Fatal(err)
		}
		s.Close()
	}
	s, err := store.Open(ctx, u.String())
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { s.Close() })
	return s
}

// fillSynth imports n synthetic organisations in transactions of 100,000
// and records the load as data set "synth", logging how long it took.
func fillSynth(b *testing.B, s *store.Store, n int) {
	ctx := context.Background()
	g := synth.New(benchSeed)
	start := time.Now()
	const chunk = 100_000
	for done := 0; done < n; {
		end := min(n, done+chunk)
		next := func() (*registry.Organisation, string, error) {
			if done == end {
				return nil, "", io.EOF
			}
			done++
			return g.Next(), "synth:" + strconv.Itoa(done), nil
		}
		var err error
		if end == n {
			_, err = s.ImportDataset(ctx, "synth", fmt.Sprintf("n=%d seed=%d", n, benchSeed), next, nil)
		} else {
			_, err = s.ImportOrganisations(ctx, next, nil)
		}
		if err != nil {
			b.Fatal(err)
		}
	}
	el := time.Since(start)
	b.Logf("built %s database of %d synthetic organisations in %v (%.0f orgs/s)", s.Dialect(), n, el.Round(time.Second), float64(n)/el.Seconds())
}
