package store_test

import (
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/setu-council/setu/internal/auth"
	"github.com/setu-council/setu/internal/registry"
	"github.com/setu-council/setu/internal/store"
	"github.com/setu-council/setu/internal/storetest"
)

// seedBenchRound stores a closed round of n applicants and n/4 positions
// of two seats (half in a capped Japan), each applicant ranking five
// positions drawn with popularity skew and each host ranking all who
// applied, with ties; it returns the store with its clock after the
// ranking's close.
func seedBenchRound(b *testing.B, n int) *store.Store {
	b.Helper()
	s := storetest.MustOpenSQLite(b)
	ctx := auth.WithPrincipal(context.Background(), auth.System)
	t0 := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	s.SetClock(func() time.Time { return t0 })
	for _, o := range []*registry.Organisation{{ID: "jp-host", Name: "Tokyo Host Lab", Kind: "research-institute", Country: "JP"},
		{ID: "sg-host", Name: "Singapore Host Lab", Kind: "research-institute", Country: "SG"}} {
		if err := s.CreateOrganisation(ctx, o); err != nil {
			b.Fatal(err)
		}
	}
	i := 0
	next := func() (*registry.Person, string, error) {
		if i == n {
			return nil, "", io.EOF
		}
		i++
		return &registry.Person{ID: fmt.Sprintf("per-b%d", i-1), Name: fmt.Sprintf("Applicant %d", i-1), HomeCountry: "IN"}, "", nil
	}
	if _, err := s.ImportPeople(ctx, next, nil); err != nil {
		b.Fatal(err)
	}
	np := n / 4
	if err := s.CreateRound(ctx, &store.Round{ID: "rnd-bench", Title: "Bench", Programme: "Bench", Seed: 1, Caps: []store.Cap{{Country: "JP", Cap: np / 2}},
		PositionsOpen: t0.Add(-time.Hour), ApplicationsClose: t0.Add(time.Hour), RankingClose: t0.Add(2 * time.Hour), ResultsDue: t0.Add(3 * time.Hour)}); err != nil {
		b.Fatal(err)
	}
	for p := range np {
		host, country := "jp-host", "JP"
		if p%2 == 1 {
			host, country = "sg-host", "SG"
		}
		if err := s.CreatePosition(ctx, &store.Position{ID: fmt.Sprintf("bp%d", p), RoundID: "rnd-bench", HostOrg: host, Title: "Seat", Country: country, Capacity: 2}); err != nil {
			b.Fatal(err)
		}
	}
	// ROUND.json with popular positions: a position's draw weight falls
	// with its index.
	rng := rand.New(rand.NewPCG(1, 2))
	applied := make([][]string, np)
	var w strings.Builder
	w.WriteString(`{"applicants":[`)
	for a := range n {
		seen := map[int]bool{}
		if a > 0 {
			w.WriteString(",")
		}
		fmt.Fprintf(&w, `{"id":"per-b%d","prefs":[`, a)
		for k := 0; k < 5; {
			p := int(float64(np) * rng.Float64() * rng.Float64())
			if seen[p] {
				continue
			}
			seen[p] = true
			if k > 0 {
				w.WriteString(",")
			}
			fmt.Fprintf(&w, `"bp%d"`, p)
			applied[p] = append(applied[p], fmt.Sprintf("per-b%d", a))
			k++
		}
		w.WriteString("]}")
	}
	w.WriteString(`],"positions":[`)
	for p := range np {
		if p > 0 {
			w.WriteString(",")
		}
		fmt.Fprintf(&w, `{"id":"bp%d","capacity":2,"prefs":[`, p)
		list := applied[p]
		rng.Shuffle(len(list), func(i, j int) { list[i], list[j] = list[j], list[i] })
		for k := 0; k < len(list); k++ {
			if k > 0 {
				w.WriteString(",")
			}
			if k%10 == 1 && k+1 < len(list) { // a tie now and then
				fmt.Fprintf(&w, `["%s","%s"]`, list[k], list[k+1])
				k++
				continue
			}
			fmt.Fprintf(&w, `"%s"`, list[k])
		}
		w.WriteString("]}")
	}
	fmt.Fprintf(&w, `],"seed":7}`)
	if _, err := s.ImportRound(ctx, "rnd-bench", []byte(w.String())); err != nil {
		b.Fatal(err)
	}
	s.SetClock(func() time.Time { return t0.Add(3 * time.Hour) })
	return s
}

// BenchmarkRunRound measures a stored round's run end to end: reading the
// round into the engine, writing and hashing ROUND.json, the match and
// its verification, and storing the run with every applicant's and
// host's explanation in one transaction (SQLite).
func BenchmarkRunRound(b *testing.B) {
	for _, n := range []int{1000, 10000} {
		b.Run(fmt.Sprintf("applicants=%d", n), func(b *testing.B) {
			s := seedBenchRound(b, n)
			ctx := auth.WithPrincipal(context.Background(), auth.System)
			cpu := processCPU()
			b.ResetTimer()
			for b.Loop() {
				if _, err := s.RunRound(ctx, "rnd-bench"); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(processCPU()-cpu)/float64(b.N)/1e6, "cpu-ms/op")
		})
	}
}
