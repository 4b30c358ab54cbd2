package web

import (
	"context"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/setu-council/setu/internal/ledger"
	"github.com/setu-council/setu/internal/registry"
	"github.com/setu-council/setu/internal/storetest"
)

// BenchmarkSovereigntyPage serves India's sovereignty page (both charts,
// the tables, and a stress test) from cached figures: a ledger of 400
// projects over 20 partner countries, five layers and twelve years, so
// that every chart and table is full. It reports the p50 and p95 of the
// page views; the first view, which computes, is left out.
func BenchmarkSovereigntyPage(b *testing.B) {
	st := storetest.MustOpenSQLite(b)
	s := newAPIServer(b, st, nil)
	ctx := context.Background()
	countries := []string{"JP", "KR", "TW", "SG", "US", "GB", "DE", "FR", "CN", "AU", "CA", "TH", "VN", "MY", "ID", "PH", "NL", "SE", "IL", "BR"}
	layers := []string{"application", "model", "semiconductor", "infrastructure", "energy"}
	rng := rand.New(rand.NewPCG(1, 2))
	for i, c := range countries {
		o := &registry.Organisation{ID: "org-bench-" + strings.ToLower(c), Name: "Bench " + c, Kind: "company", Country: c,
			Capabilities: []registry.Capability{{Direction: registry.Offer, Layer: layers[i%5], Domain: "robotics", Text: "Offer"}}}
		if err := st.CreateOrganisation(ctx, o); err != nil {
			b.Fatal(err)
		}
	}
	for i := range 400 {
		p := &ledger.Project{ID: fmt.Sprintf("XI-SETU-B%04d", i), ReportingOrg: "XI-SETU", Title: "Bench",
			Participants: []ledger.Participant{{OrgID: "ror-04dese585", Role: ledger.RoleImplementing, Home: true},
				{OrgID: "org-bench-" + strings.ToLower(countries[int(float64(len(countries))*rng.Float64()*rng.Float64())]), Role: ledger.RoleFunding}},
			Countries: []string{"IN"}, Layers: []string{layers[rng.IntN(5)]}, Domains: []string{"robotics"},
			Status: ledger.StatusImplementation, ActualStart: ledger.MakeDate(2015+rng.IntN(12), 1, 1),
			Budgets: []ledger.Budget{{PeriodStart: ledger.MakeDate(2020, 1, 1), PeriodEnd: ledger.MakeDate(2020, 12, 31), Value: ledger.Amount(100000 * (1 + rng.IntN(100))), Currency: "USD"}}}
		if err := st.CreateProject(ctx, p); err != nil {
			b.Fatal(err)
		}
	}
	view := func() time.Duration {
		t0 := time.Now()
		rec := httptest.NewRecorder()
		s.ServeHTTP(rec, httptest.NewRequest("GET", "/sovereignty/IN?without=US", nil))
		if rec.Code != http.StatusOK {
			b.Fatalf("got %d", rec.Code)
		}
		return time.Since(t0)
	}
	cold := view()
	var lat []time.Duration
	b.ResetTimer()
	for b.Loop() {
		lat = append(lat, view())
	}
	b.StopTimer()
	slices.Sort(lat)
	b.ReportMetric(float64(cold.Microseconds())/1000, "first-ms")
	b.ReportMetric(float64(lat[len(lat)/2].Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(lat[len(lat)*95/100].Microseconds())/1000, "p95-ms")
}
