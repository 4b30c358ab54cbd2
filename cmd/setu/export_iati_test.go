package main

import (
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/setu-council/setu/internal/dataset"
	"github.com/setu-council/setu/internal/ledger"
	"github.com/setu-council/setu/internal/store"
	"github.com/setu-council/setu/internal/storetest"
)

// ledgerDB returns a database with the shipped data sets loaded, leaving
// out the sample projects unless withSamples.
func ledgerDB(t *testing.T, withSamples bool) string {
	t.Helper()
	db := tempDB(t)
	st, err := store.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	sets := dataset.Shipped()
	if !withSamples {
		n := len(sets)
		sets = slices.DeleteFunc(sets, func(s dataset.Set) bool { return s.Name == "sample-ledger-projects" })
		if len(sets) != n-1 {
			t.Fatalf("shipped data sets: no set named sample-ledger-projects among %d", n)
		}
	}
	if _, err := dataset.Load(context.Background(), st, sets); err != nil {
		t.Fatal(err)
	}
	return db
}

func loadLedger(t *testing.T, db string) *ledger.Ledger {
	t.Helper()
	st, err := store.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	l, _, err := st.LoadLedger(context.Background(), "")
	if err != nil {
		t.Fatal(err)
	}
	return l
}

// TestIATIRoundTrip exports the sample projects as IATI, validates the
// file against the 2.03 schema, imports it into a database without them,
// and checks that every project, milestone and output came back whole.
func TestIATIRoundTrip(t *testing.T) {
	from := ledgerDB(t, true)
	file := filepath.Join(t.TempDir(), "ledger.xml")
	mustSetu(t, nil, "export", "iati", "--include-samples", "--out", file, "--db", from)
	iatiLint(t, file)

	none := filepath.Join(t.TempDir(), "none.xml")
	if r := setu(t, nil, "export", "iati", "--out", none, "--db", from); r.code == 0 {
		t.Errorf("export without samples of a ledger of samples: got success, want an error (no activities)")
	}

	to := ledgerDB(t, false)
	r := mustSetu(t, nil, "import", "iati", file, "--db", to)
	if !strings.Contains(r.stdout, "created") {
		t.Errorf("import: got %q, want a summary", r.stdout)
	}
	// Setu's own file follows IATI's rules on shares: several countries or
	// sectors of one vocabulary carry percentages that add up to 100.
	if strings.Contains(r.stderr, "@percentage") {
		t.Errorf("import of Setu's own export warns about percentages:\n%s", r.stderr)
	}
	want, got := loadLedger(t, from), loadLedger(t, to)
	for _, pair := range []struct {
		name      string
		got, want any
	}{{"projects", got.Projects, want.Projects}, {"milestones", got.Milestones, want.Milestones}, {"outputs", got.Outputs, want.Outputs}} {
		g, _ := json.MarshalIndent(pair.got, "", " ")
		w, _ := json.MarshalIndent(pair.want, "", " ")
		if string(g) != string(w) {
			t.Errorf("%s after the round trip:\ngot  %s\nwant %s", pair.name, g, w)
		}
	}

	// Importing the same file again is a conflict and writes nothing.
	r = setu(t, nil, "import", "iati", file, "--db", to)
	if r.code == 0 || !strings.Contains(r.stderr, "exists") {
		t.Errorf("second import: got exit %d, %q; want a conflict", r.code, r.stderr)
	}
}

// TestImportIATIUnknownOrganisation checks that an organisation the
// registry lacks is created and flagged for review.
func TestImportIATIUnknownOrganisation(t *testing.T) {
	db := ledgerDB(t, false)
	file := filepath.Join(t.TempDir(), "a.xml")
	const doc = `<?xml version="1.0" encoding="UTF-8"?>
<iati-activities version="2.03" generated-datetime="2026-05-01T00:00:00Z">
 <iati-activity last-updated-datetime="2026-05-01T00:00:00Z" xml:lang="en" default-currency="EUR">
  <iati-identifier>JP-CN-1-P9</iati-identifier>
  <reporting-org ref="JP-CN-1" type="10"><narrative>Agency</narrative></reporting-org>
  <title><narrative>Outside project</narrative></title>
  <description type="1"><narrative>From elsewhere.</narrative></description>
  <participating-org ref="JP-CN-1" role="1" type="10"><narrative>Agency</narrative></participating-org>
  <activity-status code="1"/>
  <activity-date type="1" iso-date="2026-09-01"/>
  <recipient-country code="IN"/>
  <budget type="1" status="1"><period-start iso-date="2026-09-01"/><period-end iso-date="2027-08-31"/><value value-date="2026-09-01">1000.50</value></budget>
 </iati-activity>
</iati-activities>`
	if err := os.WriteFile(file, []byte(doc), 0o644); err != nil {
		t.Fatal(err)
	}
	r := mustSetu(t, nil, "import", "iati", file, "--db", db)
	t.Log(r.stdout, r.stderr)
	l := loadLedger(t, db)
	if len(l.Projects) != 1 || l.Projects[0].Budgets[0].Value != 100050 || l.Projects[0].Budgets[0].Currency != "EUR" {
		t.Fatalf("got %+v, want one project with its budget", l.Projects)
	}
	st, err := store.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	o, err := st.Organisation(context.Background(), l.Projects[0].Participants[0].OrgID)
	if err != nil || o.Kind != "other" || o.Country != "JP" || !strings.Contains(o.Provenance.Source, "needs review") {
		t.Errorf("created organisation: got %+v (%v), want kind other, JP, needs review", o, err)
	}
}

func TestImportIATIBadFile(t *testing.T) {
	db := ledgerDB(t, false)
	file := filepath.Join(t.TempDir(), "bad.xml")
	if err := os.WriteFile(file, []byte("<iati-activities version=\"2.03\">\n<iati-activity>\n<title>\n</iati-activities>"), 0o644); err != nil {
		t.Fatal(err)
	}
	r := setu(t, nil, "import", "iati", file, "--db", db)
	if r.code == 0 || !strings.Contains(r.stderr, "bad.xml:") {
		t.Errorf("got exit %d, %q; want an error naming the file and line", r.code, r.stderr)
	}
	if l := loadLedger(t, db); len(l.Projects) != 0 {
		t.Errorf("got %d projects after a failed import, want none", len(l.Projects))
	}
}

func TestExportLedgerCSV(t *testing.T) {
	db := ledgerDB(t, true)
	r := mustSetu(t, nil, "export", "projects", "--format", "csv", "--db", db)
	if !strings.Contains(r.stdout, "status,status_label") || !strings.Contains(r.stdout, ",2,Implementation,") || !strings.Contains(r.stdout, "Japan") {
		t.Errorf("projects CSV: got\n%s", r.stdout)
	}
	r = mustSetu(t, nil, "export", "commitments", "--db", db)
	if !strings.Contains(r.stdout, "in-progress,In progress") || !strings.Contains(r.stdout, "jai.c1") {
		t.Errorf("commitments CSV: got\n%s", r.stdout)
	}
}

// iatiLint validates file against the IATI 2.03 schema with xmllint, or
// skips the test if xmllint is missing and SETU_TEST_REQUIRE does not
// list it.
func iatiLint(t *testing.T, file string) {
	t.Helper()
	if _, err := exec.LookPath("xmllint"); err != nil {
		if storetest.Required("xmllint") {
			t.Fatalf("xmllint not found and %s lists it", storetest.RequireEnv)
		}
		t.Skip("xmllint not found: apt-get install -y libxml2-utils")
	}
	schema := filepath.Join("..", "..", "internal", "iati", "testdata", "schema", "iati-activities-schema.xsd")
	if dir := os.Getenv("SETU_IATI_SCHEMA"); dir != "" {
		schema = filepath.Join(dir, "iati-activities-schema.xsd")
	}
	out, err := exec.Command("xmllint", "--noout", "--nonet", "--schema", schema, file).CombinedOutput()
	if err != nil {
		t.Fatalf("xmllint %s: %v\n%s", file, err, out)
	}
}

// TestImportIATIOfficialExample imports the IATI annotated example file.
func TestImportIATIOfficialExample(t *testing.T) {
	db := ledgerDB(t, false)
	r := setu(t, nil, "import", "iati", filepath.Join("..", "..", "internal", "iati", "testdata", "activity-standard-example-annotated.xml"), "--db", db)
	if r.code != 0 {
		t.Fatalf("exit %d\nstdout: %s\nstderr: %s", r.code, r.stdout, r.stderr)
	}
	if l := loadLedger(t, db); len(l.Projects) != 1 {
		t.Errorf("got %d projects, want 1", len(l.Projects))
	}
}

func TestEqualShares(t *testing.T) {
	for _, c := range []struct {
		n    int
		want string
	}{{0, ""}, {1, ""}, {2, "50.00 50.00"}, {3, "33.33 33.33 33.34"}, {6, "16.66 16.66 16.66 16.66 16.66 16.70"}} {
		if got := strings.Join(equalShares(c.n), " "); strings.TrimSpace(got) != c.want {
			t.Errorf("equalShares(%d) = %q, want %q", c.n, got, c.want)
		}
	}
}
