package store_test

import (
	"context"
	"slices"
	"strconv"
	"testing"
	"time"
)

// BenchmarkCountryBridge computes the India-Japan bridge over the
// synthetic databases: counts by layer and domain, and the strongest
// pairs. "cold" bypasses the cache of computed bridges (what the first
// view after a write costs) and reports the median and 95th percentile;
// "cached" is a repeated view with nothing written in between. The search
// index is built first, as setu serve does.
func BenchmarkCountryBridge(b *testing.B) {
	for _, n := range []int{100_000, 1_000_000} {
		b.Run("n="+strconv.Itoa(n)+"/cold", func(b *testing.B) {
			s := openBenchSQLite(b, n)
			ctx := context.Background()
			// As a server does at start: partner matching then counts
			// words in the search index.
			if _, err := s.WarmSearchIndex(ctx); err != nil {
				b.Fatal(err)
			}
			var cells, pairs int
			var took []time.Duration
			for b.Loop() {
				start := time.Now()
				br, err := s.ComputeCountryBridge(ctx, "IN", "JP", 0)
				if err != nil {
					b.Fatal(err)
				}
				took = append(took, time.Since(start))
				cells, pairs = len(br.Cells), len(br.Pairs)
			}
			slices.Sort(took)
			b.ReportMetric(float64(took[len(took)/2].Microseconds())/1000, "p50-ms")
			b.ReportMetric(float64(took[(len(took)*95+99)/100-1].Microseconds())/1000, "p95-ms")
			b.ReportMetric(float64(cells), "cells")
			b.ReportMetric(float64(pairs), "pairs")
		})
		b.Run("n="+strconv.Itoa(n)+"/cached", func(b *testing.B) {
			s := openBenchSQLite(b, n)
			ctx := context.Background()
			if _, err := s.CountryBridge(ctx, "IN", "JP", 0); err != nil {
				b.Fatal(err)
			}
			for b.Loop() {
				if _, err := s.CountryBridge(ctx, "IN", "JP", 0); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
