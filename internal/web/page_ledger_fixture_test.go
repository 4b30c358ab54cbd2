package web

import (
	"context"
	"strings"
	"testing"

	"github.com/setu-council/setu/internal/ledger"
)

// ledgerPageFixture is a small ledger over the page fixture's
// organisations, dated so that its figures do not change with the day the
// tests run: targets in 2020 are past, in 2099 to come.
//
// Framework fx-a (India, Japan and the University of Tokyo) has four
// commitments: c1 served by project FX-1 in implementation (in progress),
// c2 by FX-2, closed with no open milestone (delivered), c3 due in 2020
// with no project (overdue) and c4 with neither target nor project
// (statement only). Framework fx-b has one commitment, statement only.
// FX-3 is a sample project in the pipeline serving nothing.
const ledgerPageFixture = `{
 "frameworks": [
  {"id":"fx-a","title":"India-Japan Test Initiative","kind":"initiative","date":"2025-08",
   "parties":[{"country":"IN"},{"country":"JP"},{"org_id":"ror-057zh3y96"}],
   "source":{"citation":"Joint statement on the test initiative","url":"https://example.org/fx-a","locator":"para 4"},
   "summary":"A framework made for the page tests."},
  {"id":"fx-b","title":"ASEAN Test Plan of Action","kind":"plan-of-action","date":"2026",
   "parties":[{"country":"IN"},{"country":"TH"}],"source":{"citation":"Plan of action"},"summary":"Another."}
 ],
 "commitments": [
  {"id":"fx-a.c1","framework_id":"fx-a","text":"Co-create edge vision for factories.","layers":["application"],"domains":["robotics"],"target":"2099","source":{"citation":"Joint statement"}},
  {"id":"fx-a.c2","framework_id":"fx-a","text":"Train chip designers.","layers":["semiconductor"],"domains":["chip-design"],"target":"2099-12","source":{"citation":"Joint statement"}},
  {"id":"fx-a.c3","framework_id":"fx-a","text":"Open a joint lab by 2020.","layers":["model"],"domains":[],"target":"2020","responsible":{"country":"JP"},"source":{"citation":"Joint statement"}},
  {"id":"fx-a.c4","framework_id":"fx-a","text":"Hold a yearly dialogue.","layers":[],"domains":[],"source":{"citation":"Joint statement"}},
  {"id":"fx-b.c1","framework_id":"fx-b","text":"Study AI governance.","layers":[],"domains":[],"source":{"citation":"Plan of action"}}
 ],
 "projects": [
  {"id":"XI-SETU-FX-1","reporting_org":"XI-SETU","title":"Edge vision pilot","description":"Vision models on the line.",
   "participants":[{"org_id":"ror-04dese585","role":4,"home":true},{"org_id":"ror-057zh3y96","role":1}],
   "countries":["IN","JP"],"layers":["application"],"domains":["robotics"],"status":2,
   "planned_start":"2021-01-01","planned_end":"2099-12-31","actual_start":"2021-02-01",
   "budgets":[{"period_start":"2021-01-01","period_end":"2021-12-31","value":1000000,"currency":"JPY"}],
   "transactions":[{"type":2,"date":"2021-01-15","value":800000,"currency":"JPY"},{"type":3,"date":"2021-03-01","value":200000,"currency":"JPY"}],
   "commitments":["fx-a.c1"]},
  {"id":"XI-SETU-FX-2","reporting_org":"XI-SETU","title":"Chip design school","description":"A school.",
   "participants":[{"org_id":"ror-028wp3y58","role":4,"home":true}],
   "countries":["TH"],"layers":["semiconductor"],"domains":["chip-design"],"status":4,
   "actual_start":"2022-01-10","actual_end":"2024-03-31","budgets":[],"transactions":[],
   "commitments":["fx-a.c2"],"parent_id":"XI-SETU-FX-1"},
  {"id":"XI-SETU-FX-3","reporting_org":"XI-SETU","title":"Memory test bed","description":"A sample.",
   "participants":[{"org_id":"ror-05apxxy63","role":4}],
   "countries":["KR"],"layers":["semiconductor"],"domains":["memory"],"status":1,
   "budgets":[],"transactions":[],"commitments":[],"sample":true}
 ],
 "milestones": [
  {"id":"fx-m1","project_id":"XI-SETU-FX-1","title":"Pilot line running","due":"2021-01-31"},
  {"id":"fx-m2","project_id":"XI-SETU-FX-1","title":"Data set collected","due":"2022-06-30","completed":"2022-07-15","evidence":"https://example.org/evidence"}
 ],
 "outputs": [
  {"id":"fx-o1","project_id":"XI-SETU-FX-1","kind":"software","title":"Line inspector","licence":"Apache-2.0","ip_holder":"ror-04dese585"},
  {"id":"fx-o2","project_id":"XI-SETU-FX-1","kind":"patent","title":"Defect detector","ip_holder":"ror-057zh3y96"},
  {"id":"fx-o3","project_id":"XI-SETU-FX-1","kind":"people-trained","title":"Engineers trained","count":12}
 ]
}`

// newLedgerPageServer is the page fixture's server with the ledger
// fixture stored.
func newLedgerPageServer(tb testing.TB) *Server {
	tb.Helper()
	s := newPageServer(tb)
	l, err := ledger.Decode(strings.NewReader(ledgerPageFixture))
	if err != nil {
		tb.Fatal(err)
	}
	if _, err := s.store.ImportLedgerDataset(context.Background(), "page-fixture", "x", l); err != nil {
		tb.Fatalf("import the ledger fixture: %v", err)
	}
	return s
}
