package main

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/setu-council/setu/internal/iati"
	"github.com/setu-council/setu/internal/ledger"
	"github.com/setu-council/setu/internal/registry"
	"github.com/setu-council/setu/internal/store"
	"github.com/setu-council/setu/internal/storetest"
)

// The import benchmark runs 'setu import iati' (importIATI: the reader,
// the mapping to projects and the store, in one transaction) on generated
// files of 20 MB and 200 MB, written as 'setu export iati' writes them,
// into a fresh SQLite store holding the organisations and commitments the
// file names. It reports MB/s and the peak heap and resident memory of
// each size. Run it with
//
//	go test ./cmd/setu -run '^$' -bench BenchmarkImportIATI -benchtime 1x

const (
	benchOrgs        = 60
	benchCommitments = 100
)

// benchLedger seeds st with the organisations and commitments the
// generated projects name and returns the organisations by id.
func benchLedger(tb testing.TB, st *store.Store) map[string]*registry.Organisation {
	ctx := context.Background()
	orgs := map[string]*registry.Organisation{}
	countries := []string{"IN", "JP", "KR", "TW", "SG", "TH"}
	for i := range benchOrgs {
		o := &registry.Organisation{ID: fmt.Sprintf("bench-org-%02d", i), Name: fmt.Sprintf("Bench Lab %02d", i), Kind: "startup",
			Country: countries[i%len(countries)], Provenance: registry.Provenance{Source: "setu-sample", SourceID: strconv.Itoa(i)}}
		if err := st.CreateOrganisation(ctx, o); err != nil {
			tb.Fatal(err)
		}
		orgs[o.ID] = o
	}
	l := &ledger.Ledger{Frameworks: []ledger.Framework{{ID: "bench", Title: "Bench framework", Kind: ledger.KindInitiative,
		Parties: []ledger.Party{{Country: "IN"}, {Country: "JP"}}, Source: ledger.Source{Citation: "Bench"}, Summary: "For the benchmark."}}}
	for i := range benchCommitments {
		l.Commitments = append(l.Commitments, ledger.Commitment{ID: fmt.Sprintf("bench.c%d", i), FrameworkID: "bench",
			Text: "Do a thing.", Layers: []string{}, Domains: []string{}, Source: ledger.Source{Citation: "Bench"}})
	}
	if _, err := st.ImportLedgerDataset(ctx, "bench", "x", l); err != nil {
		tb.Fatal(err)
	}
	return orgs
}

// benchProject returns project i of the seeded generator, with its
// milestones and outputs: a Setu project of typical size (about 3 kB of
// IATI XML).
func benchProject(rng *rand.Rand, i int, orgIDs []string) (ledger.Project, []ledger.Milestone, []ledger.Output) {
	words := strings.Fields("robotics semiconductor packaging model inference energy grid language Hindi Japanese Korean Thai placement lab factory weld vision memory")
	text := func(n int) string {
		var b strings.Builder
		for j := range n {
			if j > 0 {
				b.WriteByte(' ')
			}
			b.WriteString(words[rng.IntN(len(words))])
		}
		return b.String()
	}
	day := func() ledger.Date {
		return ledger.MakeDate(2024+rng.IntN(4), time.Month(1+rng.IntN(12)), 1+rng.IntN(28))
	}
	amount := func() ledger.Amount { return ledger.Amount(rng.Int64N(1e7) * 100) } // whole units: JPY and KRW have no minor unit
	cur := []string{"INR", "JPY", "KRW", "SGD", "USD"}[rng.IntN(5)]
	start := day()
	p := ledger.Project{ID: fmt.Sprintf("XI-SETU-BENCH-%07d", i), ReportingOrg: "XI-SETU", Title: text(6), Description: text(60),
		Countries: []string{[]string{"IN", "JP", "KR", "TH"}[rng.IntN(4)]}, Layers: []string{registry.Layers[rng.IntN(len(registry.Layers))].Code},
		Domains: []string{registry.DefaultDomains[rng.IntN(len(registry.DefaultDomains))].Code},
		Status:  ledger.StatusImplementation, PlannedStart: start, PlannedEnd: start.AddDays(540), ActualStart: start.AddDays(rng.IntN(60)),
		Commitments: []string{fmt.Sprintf("bench.c%d", rng.IntN(benchCommitments))},
		Provenance:  registry.Provenance{Source: "setu", SourceID: strconv.Itoa(i)}}
	n := 2 + rng.IntN(3)
	first := rng.IntN(len(orgIDs))
	for j := range n {
		p.Participants = append(p.Participants, ledger.Participant{OrgID: orgIDs[(first+j)%len(orgIDs)], Role: ledger.Role(1 + j%4), Home: j == 0})
	}
	for j := range 1 + rng.IntN(3) {
		s := start.AddDays(365 * j)
		p.Budgets = append(p.Budgets, ledger.Budget{PeriodStart: s, PeriodEnd: s.AddDays(330), Value: amount(), Currency: cur})
	}
	for range 2 + rng.IntN(10) {
		p.Transactions = append(p.Transactions, ledger.Transaction{Type: []ledger.TransactionType{2, 3, 4, 11}[rng.IntN(4)], Date: day(), Value: amount(), Currency: cur})
	}
	var ms []ledger.Milestone
	for j := range 1 + rng.IntN(3) {
		m := ledger.Milestone{ID: fmt.Sprintf("bench-m%d-%d", i, j), ProjectID: p.ID, Title: text(4), Due: day()}
		if rng.IntN(2) == 0 {
			m.Completed, m.Evidence = m.Due.AddDays(rng.IntN(40)), "https://setu.example/evidence/"+strconv.Itoa(i)
		}
		ms = append(ms, m)
	}
	var os []ledger.Output
	for j := range rng.IntN(3) {
		os = append(os, ledger.Output{ID: fmt.Sprintf("bench-o%d-%d", i, j), ProjectID: p.ID, Kind: ledger.OutputSoftware, Title: text(5),
			Licence: "Apache-2.0", IPHolder: orgIDs[rng.IntN(len(orgIDs))], Link: "https://setu.example/out/" + strconv.Itoa(i)})
	}
	return p, ms, os
}

// writeBenchFile writes a generated IATI file of at least size bytes to
// path, streaming, and returns how many activities it holds.
func writeBenchFile(tb testing.TB, path string, size int64, orgs map[string]*registry.Organisation) int {
	f, err := os.Create(path)
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	bw := bufio.NewWriterSize(f, 1<<20)
	cw := &countWriter{w: bw}
	ids := make([]string, 0, len(orgs))
	for i := range benchOrgs {
		ids = append(ids, fmt.Sprintf("bench-org-%02d", i))
	}
	frameworkOf := map[string]string{}
	for i := range benchCommitments {
		frameworkOf[fmt.Sprintf("bench.c%d", i)] = "bench"
	}
	rng := rand.New(rand.NewPCG(7, 11))
	w := iati.NewWriter(cw, time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC))
	v := registry.DefaultVocabulary()
	n := 0
	for ; cw.n < size; n++ {
		p, ms, os := benchProject(rng, n, ids)
		if err := w.Write(activityOf(&p, ms, os, orgs, v, frameworkOf)); err != nil {
			tb.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		tb.Fatal(err)
	}
	if err := bw.Flush(); err != nil {
		tb.Fatal(err)
	}
	return n
}

type countWriter struct {
	w io.Writer
	n int64
}

func (c *countWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}

// benchFiles caches the generated files by size for the whole run.
var benchFiles = struct {
	sync.Mutex
	dir   string
	paths map[int64]string
	count map[int64]int
}{paths: map[int64]string{}, count: map[int64]int{}}

func benchFile(tb testing.TB, size int64, orgs map[string]*registry.Organisation) (string, int) {
	benchFiles.Lock()
	defer benchFiles.Unlock()
	if p, ok := benchFiles.paths[size]; ok {
		return p, benchFiles.count[size]
	}
	if benchFiles.dir == "" {
		d, err := os.MkdirTemp("", "setu-iati-bench-")
		if err != nil {
			tb.Fatal(err)
		}
		benchFiles.dir = d
	}
	p := filepath.Join(benchFiles.dir, fmt.Sprintf("%dMB.xml", size>>20))
	benchFiles.paths[size], benchFiles.count[size] = p, writeBenchFile(tb, p, size, orgs)
	return p, benchFiles.count[size]
}

// memoryPeak samples the heap in use every few milliseconds until stop is
// called, and returns the peak.
func memoryPeak() (stop func() uint64) {
	var peak atomic.Uint64
	done := make(chan struct{})
	finished := make(chan struct{})
	sample := func() {
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		if m.HeapInuse > peak.Load() {
			peak.Store(m.HeapInuse)
		}
	}
	go func() {
		defer close(finished)
		t := time.NewTicker(20 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-t.C:
				sample()
			}
		}
	}()
	return func() uint64 {
		close(done)
		<-finished
		sample()
		return peak.Load()
	}
}

// resetRSSPeak resets the kernel's high-water mark of resident memory
// (Linux); rssPeak reads it in bytes, or 0 where it is not known.
func resetRSSPeak() { os.WriteFile("/proc/self/clear_refs", []byte("5"), 0) }

func rssPeak() uint64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for line := range strings.Lines(string(b)) {
		if rest, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			kb, _ := strconv.ParseUint(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 10, 64)
			return kb << 10
		}
	}
	return 0
}

func BenchmarkImportIATI(b *testing.B) {
	b.Cleanup(func() {
		benchFiles.Lock()
		defer benchFiles.Unlock()
		if benchFiles.dir != "" {
			os.RemoveAll(benchFiles.dir)
		}
		benchFiles.dir, benchFiles.paths = "", map[int64]string{}
	})
	for _, size := range []int64{20 << 20, 200 << 20} {
		b.Run(fmt.Sprintf("%dMB", size>>20), func(b *testing.B) {
			var path string
			var activities int
			var heap, rss uint64
			var elapsed, cpu time.Duration
			for b.Loop() {
				b.StopTimer()
				st := storetest.MustOpenSQLite(b)
				orgs := benchLedger(b, st)
				path, activities = benchFile(b, size, orgs)
				runtime.GC()
				resetRSSPeak()
				var stderr bytes.Buffer
				e := &env{stdout: io.Discard, stderr: &stderr, getenv: func(string) string { return "" }}
				stop := memoryPeak()
				b.StartTimer()
				t0, c0 := time.Now(), processCPU()
				stats, err := importIATI(context.Background(), e, st, path)
				elapsed, cpu = elapsed+time.Since(t0), cpu+processCPU()-c0
				b.StopTimer()
				heap, rss = max(heap, stop()), max(rss, rssPeak())
				if err != nil {
					b.Fatalf("import: %v\n%s", err, stderr.String())
				}
				if stderr.Len() > 0 {
					b.Fatalf("findings: %s", stderr.String()[:min(stderr.Len(), 2000)])
				}
				if stats.Created < activities {
					b.Fatalf("created %d records, want at least %d", stats.Created, activities)
				}
				st.Close()
				b.StartTimer()
			}
			fi, err := os.Stat(path)
			if err != nil {
				b.Fatal(err)
			}
			b.SetBytes(fi.Size())
			b.ReportMetric(float64(heap)/(1<<20), "peak-heap-MB")
			b.ReportMetric(float64(rss)/(1<<20), "peak-rss-MB")
			b.ReportMetric(float64(activities), "activities")
			b.ReportMetric(float64(fi.Size())*float64(b.N)/1e6/elapsed.Seconds(), "import-MB/s")
			if cpu > 0 {
				// Reading and writing overlap on two goroutines: on an idle
				// machine with two cores, wall speed approaches this figure
				// times the share of the busier goroutine.
				b.ReportMetric(float64(fi.Size())*float64(b.N)/1e6/cpu.Seconds(), "MB/cpu-s")
			}
		})
	}
}
