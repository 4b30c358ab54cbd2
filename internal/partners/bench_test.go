package partners

import (
	"fmt"
	"sync"
	"testing"

	"github.com/setu-council/setu/internal/registry"
	"github.com/setu-council/setu/internal/synth"
)

var (
	synthOnce sync.Once
	synthOrgs []*registry.Organisation
)

// synthetic returns n organisations from internal/synth's seed 1 (the
// registry's shape: about 30% with one to three offers or needs), with the
// sample organisations mixed in so that there are real matches to find.
func synthetic(tb testing.TB, n int) []*registry.Organisation {
	synthOnce.Do(func() {
		g := synth.New(1)
		for i := range 100_000 {
			o := g.Organisation(i)
			o.ID = fmt.Sprintf("synth-%06d", i)
			o.Normalize()
			synthOrgs = append(synthOrgs, o)
		}
	})
	if n > len(synthOrgs) {
		tb.Fatalf("at most %d synthetic organisations", len(synthOrgs))
	}
	return append(sampleOrganisations(tb), synthOrgs[:n-61]...)
}

func benchmarkRank(b *testing.B, n int, me func([]*registry.Organisation) *registry.Organisation, f Filters) {
	cands := synthetic(b, n)
	m := me(cands)
	b.ReportAllocs()
	cpu0 := cpuTime()
	for b.Loop() {
		if got := Rank(m, cands, f, Context{}); len(got) == 0 {
			b.Fatal("no matches")
		}
	}
	cpu := cpuTime() - cpu0
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/candidate")
	b.ReportMetric(float64(cpu.Microseconds())/1000/float64(b.N), "cpu-ms/op")
}

func dhruvika(cands []*registry.Organisation) *registry.Organisation {
	for _, o := range cands {
		if o.ID == "sample-dhruvika-silicon" {
			return o
		}
	}
	return nil
}

// BenchmarkRank ranks 100,000 candidates for a sample organisation with
// four needs and two offers, keeping the top 20.
func BenchmarkRank(b *testing.B) {
	for _, n := range []int{10_000, 100_000} {
		b.Run(fmt.Sprintf("candidates=%d", n), func(b *testing.B) {
			benchmarkRank(b, n, dhruvika, Filters{Limit: 20})
		})
	}
}

// BenchmarkRankSearch ranks 100,000 candidates for a needs-only search.
func BenchmarkRankSearch(b *testing.B) {
	benchmarkRank(b, 100_000, func([]*registry.Organisation) *registry.Organisation {
		return NeedsProfile("IN", "fan-out wafer-level packaging pilot runs for an edge-AI die")
	}, Filters{Limit: 20})
}
