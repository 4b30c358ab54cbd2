package store_test

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/setu-council/setu/internal/auth"
	"github.com/setu-council/setu/internal/desk"
	"github.com/setu-council/setu/internal/errs"
	"github.com/setu-council/setu/internal/registry"
	"github.com/setu-council/setu/internal/store"
	"github.com/setu-council/setu/internal/storetest"
)

// deskClock is a settable clock for desk tests.
type deskClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *deskClock) now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *deskClock) add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

const day = 24 * time.Hour

// deskFixture stores two investors and returns the secretariat's context
// and the clock the store now runs on.
func deskFixture(t *testing.T, s *store.Store) (context.Context, *deskClock) {
	t.Helper()
	clock := &deskClock{t: time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)}
	s.SetClock(clock.now)
	ctx := context.Background()
	for _, o := range []*registry.Organisation{
		{ID: "jp-fab", Name: "Kumamoto Fab Partners", Kind: "company", Country: "JP"},
		{ID: "kr-mem", Name: "Icheon Memory", Kind: "company", Country: "KR"},
	} {
		if err := s.CreateOrganisation(ctx, o); err != nil {
			t.Fatalf("create %s: %v", o.ID, err)
		}
	}
	return auth.WithPrincipal(ctx, auth.Principal{UserID: "usr-desk", Role: auth.Secretariat}), clock
}

func newLead(t *testing.T, ctx context.Context, s *store.Store, investor, segment string) *desk.Lead {
	t.Helper()
	l := &desk.Lead{Investor: investor, OriginCountry: investor[:2], Segment: segment, Layers: []string{"semiconductor"},
		Amount: 2_000_000_000, Currency: "USD", Location: "Dholera, Gujarat", Officer: "officer@desk.example",
		NextAction: "Site visit", NextActionDue: "2026-03-09"}
	if err := s.CreateLead(ctx, l); err != nil {
		t.Fatalf("create lead: %v", err)
	}
	return l
}

func TestDeskLeadStages(t *testing.T) {
	storetest.ForEachBackend(t, func(t *testing.T, s *store.Store) {
		ctx, clock := deskFixture(t, s)
		l := newLead(t, ctx, s, "jp-fab", "chip-fabrication")
		if l.ID == "" || l.Stage != desk.Prospect || l.InvestorName != "Kumamoto Fab Partners" || l.OriginCountry != "JP" {
			t.Fatalf("created: got %+v", l)
		}
		if err := s.CreateLead(ctx, &desk.Lead{Investor: "nobody", OriginCountry: "JP", Segment: "memory"}); errs.FieldsOf(err) == nil || errs.FieldsOf(err)[0].Field != "investor" {
			t.Errorf("unknown investor: got %v, want a problem with investor", err)
		}
		if err := s.CreateLead(ctx, &desk.Lead{Investor: "jp-fab", Segment: "chips"}); !errs.Is(err, errs.Invalid) || len(errs.FieldsOf(err)) != 2 {
			t.Errorf("bad lead: got %v, want origin_country and segment", err)
		}
		clock.add(10 * day)
		if _, err := s.ChangeStage(ctx, l.ID, desk.Engaged, "", ""); err != nil {
			t.Fatal(err)
		}
		clock.add(25 * day)
		got, err := s.ChangeStage(ctx, l.ID, desk.Lost, "land", "No plot with water")
		if err != nil {
			t.Fatal(err)
		}
		if got.Stage != desk.Lost || got.LostReason != "land" {
			t.Errorf("lost: got %+v", got)
		}
		if _, err := s.ChangeStage(ctx, l.ID, desk.Lost, "land", ""); !errs.Is(err, errs.Invalid) {
			t.Errorf("lost twice: got %v, want invalid", err)
		}
		if _, err := s.ChangeStage(ctx, "lead-none", desk.Engaged, "", ""); !errs.Is(err, errs.NotFound) {
			t.Errorf("unknown lead: got %v, want not found", err)
		}
		full, err := s.Lead(ctx, l.ID)
		if err != nil {
			t.Fatal(err)
		}
		h := full.History
		if len(h) != 3 || h[0].Days == nil || *h[0].Days != 10 || *h[1].Days != 25 || h[2].Days != nil || h[1].Actor != "user:usr-desk" {
			t.Errorf("history: got %+v", h)
		}
		l.NextAction, l.NextActionDue = "Meet the state", "2026-05-01"
		up, err := s.UpdateLead(ctx, l.ID, l)
		if err != nil || up.NextActionDue != "2026-05-01" || up.Stage != desk.Lost {
			t.Errorf("update: got %+v, %v", up, err)
		}
		other := *l
		other.Investor = "kr-mem"
		if _, err := s.UpdateLead(ctx, l.ID, &other); !errs.Is(err, errs.Invalid) {
			t.Errorf("change investor: got %v, want invalid", err)
		}
		list, err := s.Leads(ctx, store.LeadQuery{Investor: "jp-fab"})
		if err != nil || len(list) != 1 {
			t.Errorf("leads of jp-fab: got %d, %v", len(list), err)
		}
		if list, _ := s.Leads(ctx, store.LeadQuery{Investor: "kr-mem"}); len(list) != 0 {
			t.Errorf("leads of kr-mem: got %d, want 0", len(list))
		}
		audit, err := s.AuditLog(ctx, store.AuditQuery{EntityType: store.AuditLead, EntityID: l.ID})
		if err != nil || len(audit) != 4 {
			t.Errorf("audit: got %d entries, %v, want 4 (create, 2 stages, update)", len(audit), err)
		}
	})
}

func TestDeskBarriers(t *testing.T) {
	storetest.ForEachBackend(t, func(t *testing.T, s *store.Store) {
		ctx, clock := deskFixture(t, s)
		l := newLead(t, ctx, s, "kr-mem", "memory")
		if _, err := s.SetTarget(ctx, "logistics", 10); err != nil {
			t.Fatal(err)
		}
		if _, err := s.SetTarget(ctx, "logistics", 0); !errs.Is(err, errs.Invalid) {
			t.Errorf("target 0: got %v, want invalid", err)
		}
		ts, err := s.Targets(ctx)
		if err != nil || ts[2].Category != "logistics" || ts[2].Days != 10 || ts[2].Default || !ts[0].Default {
			t.Errorf("targets: got %+v, %v", ts, err)
		}
		b := &desk.Barrier{LeadID: l.ID, Category: "logistics", Jurisdiction: "Gujarat", Description: "Port clearance of tools", Agency: "Customs"}
		if err := s.OpenBarrier(ctx, b); err != nil {
			t.Fatal(err)
		}
		if b.Org != "kr-mem" || b.TargetDays != 10 || !b.DueAt.Equal(b.OpenedAt.Add(10*day)) || b.LevelName != "desk" {
			t.Errorf("opened: got %+v", b)
		}
		if err := s.OpenBarrier(ctx, &desk.Barrier{LeadID: l.ID, Org: "jp-fab", Category: "logistics", Jurisdiction: "national", Description: "d", Agency: "a"}); !errs.Is(err, errs.Invalid) {
			t.Errorf("org of another lead: got %v, want invalid", err)
		}
		slow := &desk.Barrier{Org: "jp-fab", Category: "land-acquisition", Jurisdiction: "national", Description: "Plot", Agency: "State board"}
		if err := s.OpenBarrier(ctx, slow); err != nil {
			t.Fatal(err)
		}
		clock.add(4 * day)
		esc, err := s.EscalateBarrier(ctx, slow.ID, "Needs the ministry")
		if err != nil || esc.Level != desk.LevelMinistry {
			t.Fatalf("escalate: got %+v, %v", esc, err)
		}
		res, err := s.ResolveBarrier(ctx, b.ID, "Cleared by customs")
		if err != nil || res.Status != desk.Resolved || *res.ResolvedDays != 4 || !*res.WithinTarget {
			t.Fatalf("resolve: got %+v, %v", res, err)
		}
		if _, err := s.ResolveBarrier(ctx, b.ID, "again"); !errs.Is(err, errs.Conflict) {
			t.Errorf("resolve twice: got %v, want conflict", err)
		}
		open, err := s.Barriers(ctx, store.BarrierQuery{})
		if err != nil || len(open) != 1 || open[0].ID != slow.ID {
			t.Errorf("open barriers: got %+v, %v", open, err)
		}
		full, err := s.Barrier(ctx, slow.ID)
		if err != nil || len(full.Events) != 2 || full.Events[1].Note != "Needs the ministry" {
			t.Errorf("events: got %+v, %v", full, err)
		}
		if lead, err := s.Lead(ctx, l.ID); err != nil || len(lead.Barriers) != 1 {
			t.Errorf("lead barriers: got %v, %v", lead, err)
		}
	})
}

func TestDeskAutoEscalateAndStatistics(t *testing.T) {
	storetest.ForEachBackend(t, func(t *testing.T, s *store.Store) {
		ctx, clock := deskFixture(t, s)
		l := newLead(t, ctx, s, "jp-fab", "chip-fabrication")
		newLead(t, ctx, s, "kr-mem", "memory")
		open := func(cat, jur string) *desk.Barrier {
			b := &desk.Barrier{LeadID: l.ID, Category: cat, Jurisdiction: jur, Description: "x", Agency: "y"}
			if err := s.OpenBarrier(ctx, b); err != nil {
				t.Fatal(err)
			}
			return b
		}
		visa := open("visas-work-permits", "national") // 14 days
		fast := open("visas-work-permits", "Tamil Nadu")
		land := open("land-acquisition", "Gujarat") // 60 days
		clock.add(3 * day)
		if _, err := s.ResolveBarrier(ctx, fast.ID, "Issued"); err != nil {
			t.Fatal(err)
		}
		clock.add(12 * day) // day 15: visa past its target
		esc, err := s.AutoEscalate(ctx, clock.now())
		if err != nil || len(esc) != 1 || esc[0].ID != visa.ID || esc[0].To != desk.LevelMinistry {
			t.Fatalf("first run: got %+v, %v", esc, err)
		}
		if esc, _ := s.AutoEscalate(ctx, clock.now()); len(esc) != 0 {
			t.Errorf("second run: got %+v, want nothing", esc)
		}
		clock.add(14 * day) // day 29: a second period
		if esc, _ := s.AutoEscalate(ctx, clock.now()); len(esc) != 1 || esc[0].To != desk.LevelCouncil {
			t.Errorf("third run: got %+v, want council", esc)
		}
		if _, err := s.ResolveBarrier(ctx, visa.ID, "Issued late"); err != nil {
			t.Fatal(err)
		}
		if _, err := s.ChangeStage(ctx, l.ID, desk.Engaged, "", ""); err != nil {
			t.Fatal(err)
		}
		st, err := s.DeskStatistics(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if st.Barriers.Opened != 3 || st.Barriers.Resolved != 2 || st.Barriers.Open != 1 || st.Barriers.WithinTarget != 1 ||
			st.Barriers.ShareWithinTarget != 0.5 || st.Barriers.OpenPastTarget != 0 {
			t.Errorf("totals: got %+v", st.Barriers)
		}
		v := st.ByCategory[4]
		if v.Key != "visas-work-permits" || v.Resolved != 2 || v.MedianDays != 3 || v.P90Days != 29 {
			t.Errorf("visas: got %+v", v)
		}
		if len(st.ByJurisdiction) != 3 {
			t.Errorf("jurisdictions: got %+v", st.ByJurisdiction)
		}
		if st.Leads.Total != 2 || st.Leads.ByStage[0].N != 1 || st.Leads.ByStage[1].N != 1 || len(st.Leads.ByOrigin) != 2 {
			t.Errorf("leads: got %+v", st.Leads)
		}
		if st.StageTimes[0].Left != 1 || st.StageTimes[0].MedianDays != 29 {
			t.Errorf("stage times: got %+v", st.StageTimes)
		}
		_ = land
		b, _ := s.Barrier(ctx, visa.ID)
		if len(b.Events) != 4 || b.Events[1].Action != desk.EventAutoEscalated || b.Events[1].Actor != "system:desk-remind" {
			t.Errorf("events: got %+v", b.Events)
		}
	})
}

func TestDeskRemindersOnce(t *testing.T) {
	storetest.ForEachBackend(t, func(t *testing.T, s *store.Store) {
		ctx, clock := deskFixture(t, s)
		l := newLead(t, ctx, s, "jp-fab", "chip-fabrication") // next action due 2026-03-09
		b := &desk.Barrier{LeadID: l.ID, Category: "visas-work-permits", Jurisdiction: "national", Description: "x", Agency: "y"}
		if err := s.OpenBarrier(ctx, b); err != nil {
			t.Fatal(err)
		}
		if items, _ := s.PendingReminders(ctx, "email", clock.now()); len(items) != 0 {
			t.Errorf("nothing due yet: got %+v", items)
		}
		clock.add(20 * day)
		if _, err := s.AutoEscalate(ctx, clock.now()); err != nil {
			t.Fatal(err)
		}
		items, err := s.PendingReminders(ctx, "email", clock.now())
		if err != nil || len(items) != 2 || items[0].Kind != store.ReminderNextAction || items[1].Kind != store.ReminderBarrierTarget || items[1].To != "officer@desk.example" {
			t.Fatalf("due: got %+v, %v", items, err)
		}
		claimed, err := s.ClaimReminders(ctx, "run-1", "email", items)
		if err != nil || len(claimed) != 2 {
			t.Fatalf("claim: got %d, %v", len(claimed), err)
		}
		if again, _ := s.ClaimReminders(ctx, "run-x", "email", items); len(again) != 0 {
			t.Errorf("claimed twice: got %+v", again)
		}
		if err := s.FailReminders(ctx, []string{items[1].Key}); err != nil {
			t.Fatal(err)
		}
		again, err := s.PendingReminders(ctx, "email", clock.now())
		if err != nil || len(again) != 1 || again[0].Key != items[1].Key {
			t.Fatalf("after one failed: got %+v, %v", again, err)
		}
		if c, _ := s.ClaimReminders(ctx, "run-2", "email", again); len(c) != 1 {
			t.Errorf("retry claim: got %d, want 1", len(c))
		}
		if other, _ := s.PendingReminders(ctx, "webhook", clock.now()); len(other) != 2 {
			t.Errorf("webhook channel: got %d, want 2", len(other))
		}
		if !strings.HasPrefix(items[1].Key, "barrier:"+b.ID+":level:1:") {
			t.Errorf("key: got %q", items[1].Key)
		}
		d := []store.Delivery{{RunID: "run-1", Channel: "email", Target: "officer@desk.example", Attempt: 1, Items: 2, OK: true, Status: "250", At: clock.now()}}
		if err := s.LogDeliveries(ctx, "run-1", d, map[string]int{"sent": 2}); err != nil {
			t.Fatal(err)
		}
		if got, err := s.Deliveries(ctx, "run-1"); err != nil || len(got) != 1 || !got[0].OK {
			t.Errorf("deliveries: got %+v, %v", got, err)
		}
	})
}

// TestDeskCountsKeptByTriggers checks the counts the statistics read
// against counts taken from the rows themselves, after creates, updates,
// stage changes, resolutions and an investor's deletion (a cascade).
func TestDeskCountsKeptByTriggers(t *testing.T) {
	storetest.ForEachBackend(t, func(t *testing.T, s *store.Store) {
		ctx, clock := deskFixture(t, s)
		a := newLead(t, ctx, s, "jp-fab", "chip-fabrication")
		b := newLead(t, ctx, s, "kr-mem", "memory")
		newLead(t, ctx, s, "kr-mem", "memory")
		for _, l := range []*desk.Lead{a, b, a} {
			bar := &desk.Barrier{LeadID: l.ID, Category: "logistics", Jurisdiction: "Gujarat", Description: "x", Agency: "y"}
			if err := s.OpenBarrier(ctx, bar); err != nil {
				t.Fatal(err)
			}
			clock.add(3 * day)
			if _, err := s.ResolveBarrier(ctx, bar.ID, "done"); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := s.ChangeStage(ctx, b.ID, desk.Engaged, "", ""); err != nil {
			t.Fatal(err)
		}
		b.Segment = "data-centres"
		if _, err := s.UpdateLead(ctx, b.ID, b); err != nil {
			t.Fatal(err)
		}
		check := func(when string) {
			t.Helper()
			for _, q := range []struct{ counted, direct string }{
				{`SELECT COALESCE(SUM(n), 0) FROM desk_barrier_bins`, `SELECT COUNT(*) FROM desk_barriers`},
				{`SELECT COALESCE(SUM(n), 0) FROM desk_barrier_bins WHERE resolved_days >= 0`, `SELECT COUNT(*) FROM desk_barriers WHERE resolved_days IS NOT NULL`},
				{`SELECT COALESCE(SUM(n), 0) FROM desk_lead_counts WHERE segment = 'memory'`, `SELECT COUNT(*) FROM desk_leads WHERE segment = 'memory'`},
				{`SELECT COALESCE(SUM(n), 0) FROM desk_lead_counts WHERE stage = 'engaged'`, `SELECT COUNT(*) FROM desk_leads WHERE stage = 'engaged'`},
				{`SELECT COALESCE(SUM(n), 0) FROM desk_stay_bins`, `SELECT COUNT(*) FROM desk_lead_stages WHERE days IS NOT NULL`},
			} {
				var counted, direct int
				if err := s.DB().QueryRowContext(ctx, q.counted).Scan(&counted); err != nil {
					t.Fatal(err)
				}
				if err := s.DB().QueryRowContext(ctx, q.direct).Scan(&direct); err != nil {
					t.Fatal(err)
				}
				if counted != direct {
					t.Errorf("%s: %s gives %d, the rows %d", when, q.counted, counted, direct)
				}
			}
		}
		check("after the changes")
		st, err := s.DeskStatistics(ctx)
		if err != nil || st.Leads.Total != 3 || st.Barriers.Resolved != 3 || st.ByCategory[2].MedianDays != 3 {
			t.Errorf("statistics: got %+v, %v", st, err)
		}
		if err := s.DeleteOrganisation(ctx, "jp-fab"); err != nil {
			t.Fatal(err)
		}
		check("after deleting an investor")
	})
}
