package store_test

import (
	"context"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/setu-council/setu/internal/partners"
	"github.com/setu-council/setu/internal/registry"
)

// benchPartnerSeekers are the organisations whose partners
// BenchmarkPartners looks for: a registered profile with typed needs and
// offers, and a partner search by needs as text.
var benchPartnerSeekers = []struct {
	name string
	me   *registry.Organisation
}{
	{"profile", &registry.Organisation{ID: "bench-me", Name: "Bench Silicon", Kind: "startup", Country: "IN", Status: "active",
		Layers: []string{"semiconductor"}, Domains: []string{"chip-design"},
		Capabilities: []registry.Capability{
			{Direction: registry.Need, Layer: "semiconductor", Domain: "chip-design", Text: "28 nm multi-project wafer shuttle for an edge-AI accelerator"},
			{Direction: registry.Need, Layer: "model", Domain: "foundation-models", Text: "Evaluation datasets for Indic language models"},
			{Direction: registry.Offer, Layer: "semiconductor", Domain: "packaging-atmp", Text: "Fan-out wafer-level packaging pilot runs"},
		}}},
	{"needs-text", partners.NeedsProfile("IN", "vision models for robotics")},
}

// BenchmarkPartners measures the top 20 partners over the synthetic
// databases: the store's candidates (PartnerCandidates, capped at
// DefaultPartnerCandidates) and their ranking (partners.Rank), reporting
// the p50 and p95 latency.
func BenchmarkPartners(b *testing.B) {
	for _, n := range []int{100_000, 1_000_000} {
		for _, seeker := range benchPartnerSeekers {
			b.Run("n="+strconv.Itoa(n)+"/"+seeker.name, func(b *testing.B) {
				s := openBenchSQLite(b, n)
				ctx := context.Background()
				if _, err := s.WarmSearchIndex(ctx); err != nil { // as setu serve does
					b.Fatal(err)
				}
				f := partners.Filters{Limit: 20}
				var lat []time.Duration
				var cands int
				for b.Loop() {
					start := time.Now()
					cs, err := s.PartnerCandidates(ctx, seeker.me, f, 0)
					if err != nil {
						b.Fatal(err)
					}
					partners.Rank(seeker.me, cs, f, partners.Context{})
					lat = append(lat, time.Since(start))
					cands = len(cs)
				}
				b.ReportMetric(float64(cands), "candidates")
				slices.Sort(lat)
				b.ReportMetric(float64(lat[len(lat)/2].Microseconds())/1000, "p50-ms")
				b.ReportMetric(float64(lat[len(lat)*95/100].Microseconds())/1000, "p95-ms")
			})
		}
	}
}
