package store_test

import (
	"context"
	"strconv"
	"testing"
)

// BenchmarkCountryBridge computes the India-Japan bridge over the
// synthetic databases: counts by layer and domain, and the strongest
// pairs.
func BenchmarkCountryBridge(b *testing.B) {
	for _, n := range []int{100_000, 1_000_000} {
		b.Run("n="+strconv.Itoa(n), func(b *testing.B) {
			s := openBenchSQLite(b, n)
			ctx := context.Background()
			var cells, pairs int
			for b.Loop() {
				br, err := s.CountryBridge(ctx, "IN", "JP", 0)
				if err != nil {
					b.Fatal(err)
				}
				cells, pairs = len(br.Cells), len(br.Pairs)
			}
			b.ReportMetric(float64(cells), "cells")
			b.ReportMetric(float64(pairs), "pairs")
		})
	}
}
