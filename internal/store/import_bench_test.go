package store_test

import (
	"context"
	"io"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/setu-council/setu/internal/registry"
	"github.com/setu-council/setu/internal/store"
)

// BenchmarkImportShippedROR imports the shipped ROR file (11,342 records,
// read and mapped as part of the import) into a fresh SQLite database per
// iteration and reports organisations per second.
func BenchmarkImportShippedROR(b *testing.B) {
	ctx := context.Background()
	var n int
	var elapsed, cpu time.Duration
	for i := 0; b.Loop(); i++ {
		b.StopTimer()
		s, err := store.Open(ctx, filepath.Join(b.TempDir(), "bench"+strconv.Itoa(i)+".db"))
		if err != nil {
			b.Fatal(err)
		}
		next := rorSource(b)
		b.StartTimer()
		start, cpu0 := time.Now(), processCPU()
		st, err := s.ImportDataset(ctx, "ror-asia", "sha", next, nil)
		elapsed, cpu = elapsed+time.Since(start), cpu+processCPU()-cpu0
		if err != nil {
			b.Fatal(err)
		}
		n += st.Created
		b.StopTimer()
		s.Close()
		b.StartTimer()
	}
	reportImport(b, n, elapsed, cpu)
}

// BenchmarkImportShippedRORParsed is BenchmarkImportShippedROR with the
// file read and mapped before the clock starts, so it measures the store
// alone.
func BenchmarkImportShippedRORParsed(b *testing.B) {
	ctx := context.Background()
	var recs []registry.Organisation
	next := rorSource(b)
	for {
		o, _, err := next()
		if err == io.EOF {
			break
		}
		if err != nil {
			b.Fatal(err)
		}
		recs = append(recs, *o)
	}
	var n int
	var elapsed, cpu time.Duration
	for i := 0; b.Loop(); i++ {
		b.StopTimer()
		s, err := store.Open(ctx, filepath.Join(b.TempDir(), "bench"+strconv.Itoa(i)+".db"))
		if err != nil {
			b.Fatal(err)
		}
		j := 0
		src := func() (*registry.Organisation, string, error) {
			if j == len(recs) {
				return nil, "", io.EOF
			}
			o := recs[j]
			j++
			return &o, "rec:" + strconv.Itoa(j), nil
		}
		b.StartTimer()
		start, cpu0 := time.Now(), processCPU()
		st, err := s.ImportDataset(ctx, "ror-asia", "sha", src, nil)
		elapsed, cpu = elapsed+time.Since(start), cpu+processCPU()-cpu0
		if err != nil {
			b.Fatal(err)
		}
		n += st.Created
		b.StopTimer()
		s.Close()
		b.StartTimer()
	}
	reportImport(b, n, elapsed, cpu)
}

// reportImport reports organisations per second of wall time and per
// second of CPU time; the second is steadier on a shared machine.
func reportImport(b *testing.B, n int, elapsed, cpu time.Duration) {
	b.ReportMetric(float64(n)/elapsed.Seconds(), "orgs/s")
	if cpu > 0 {
		b.ReportMetric(float64(n)/cpu.Seconds(), "orgs/cpu-s")
	}
}
