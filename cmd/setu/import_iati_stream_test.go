package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/setu-council/setu/internal/store"
)

// iatiTestActivity is a small valid activity with identifier id, reported
// by and funded by the organisation ref named name.
func iatiTestActivity(id, ref, name string) string {
	return fmt.Sprintf(`
 <iati-activity last-updated-datetime="2026-05-01T00:00:00Z" xml:lang="en" default-currency="EUR">
  <iati-identifier>%[1]s</iati-identifier>
  <reporting-org ref="%[2]s" type="10"><narrative>%[3]s</narrative></reporting-org>
  <title><narrative>Outside project</narrative></title>
  <description type="1"><narrative>From elsewhere.</narrative></description>
  <participating-org ref="%[2]s" role="1" type="10"><narrative>%[3]s</narrative></participating-org>
  <activity-status code="1"/>
  <activity-date type="1" iso-date="2026-09-01"/>
  <recipient-country code="IN"/>
 </iati-activity>`, id, ref, name)
}

func iatiTestFile(t *testing.T, name string, activities ...string) string {
	t.Helper()
	file := filepath.Join(t.TempDir(), name)
	doc := `<?xml version="1.0" encoding="UTF-8"?>
<iati-activities version="2.03" generated-datetime="2026-05-01T00:00:00Z">` + strings.Join(activities, "") + `
</iati-activities>`
	if err := os.WriteFile(file, []byte(doc), 0o644); err != nil {
		t.Fatal(err)
	}
	return file
}

// TestImportIATIConflictWritesNothing: the import writes activities as it
// reads them, yet an activity whose identifier is already stored is a
// conflict naming it and its line, and nothing of the file is kept: not
// the activity before it, nor the organisation created for that one.
func TestImportIATIConflictWritesNothing(t *testing.T) {
	db := ledgerDB(t, false)
	mustSetu(t, nil, "import", "iati", iatiTestFile(t, "first.xml", iatiTestActivity("JP-CN-1-P9", "JP-CN-1", "Quorvex Agency")), "--db", db)

	second := iatiTestFile(t, "second.xml", iatiTestActivity("JP-CN-2-P1", "JP-CN-2", "Vextrion Agency"),
		iatiTestActivity("JP-CN-1-P9", "JP-CN-1", "Quorvex Agency"))
	r := setu(t, nil, "import", "iati", second, "--db", db)
	if r.code == 0 || !strings.Contains(r.stderr, "second.xml:13") || !strings.Contains(r.stderr, "JP-CN-1-P9") || !strings.Contains(r.stderr, "exists") {
		t.Errorf("got exit %d, %q; want a conflict naming JP-CN-1-P9 and line 13 (where it starts)", r.code, r.stderr)
	}
	l := loadLedger(t, db)
	if len(l.Projects) != 1 || l.Projects[0].ID != "JP-CN-1-P9" {
		t.Errorf("projects after the failed import: got %d, want only JP-CN-1-P9 of the first file", len(l.Projects))
	}
	st, err := store.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	for q, want := range map[string]int{"Quorvex": 1, "Vextrion": 0} {
		res, err := st.SearchOrganisations(context.Background(), store.OrgQuery{Q: q})
		if err != nil || res.Total != want {
			t.Errorf("organisations named %s: got %d (%v), want %d", q, res.Total, err, want)
		}
	}
}
