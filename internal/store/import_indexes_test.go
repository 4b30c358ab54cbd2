package store_test

import (
	"context"
	"io"
	"slices"
	"strconv"
	"testing"

	"github.com/setu-council/setu/internal/registry"
	"github.com/setu-council/setu/internal/store"
	"github.com/setu-council/setu/internal/storetest"
)

// sqliteIndexes lists the definitions of the indexes SQLite holds.
func sqliteIndexes(t *testing.T, s *store.Store) []string {
	t.Helper()
	rows, err := s.DB().QueryContext(context.Background(),
		`SELECT name || ': ' || sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL ORDER BY name`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var d string
		if err := rows.Scan(&d); err != nil {
			t.Fatal(err)
		}
		out = append(out, d)
	}
	return out
}

// TestImportKeepsIndexes checks that a bulk load into an empty registry,
// which builds the registry's indexes after the rows, leaves every index
// the migrations created, whether it succeeds or fails, and that searches
// through them find what was loaded.
func TestImportKeepsIndexes(t *testing.T) {
	s := storetest.MustOpenSQLite(t)
	ctx := context.Background()
	want := sqliteIndexes(t, s)
	if len(want) < 8 {
		t.Fatalf("only %d indexes before the import: %v", len(want), want)
	}
	source := func(recs ...*registry.Organisation) store.ImportSource {
		i := 0
		return func() (*registry.Organisation, string, error) {
			if i == len(recs) {
				return nil, "", io.EOF
			}
			i++
			return recs[i-1], "orgs.jsonl:" + strconv.Itoa(i), nil
		}
	}

	_, err := s.ImportOrganisations(ctx, source(
		&registry.Organisation{Name: "Good One", Kind: "startup", Country: "IN"},
		&registry.Organisation{Name: "Bad One", Kind: "startup", Country: "QQ"}), nil)
	if err == nil {
		t.Fatal("an invalid record was imported")
	}
	if got := sqliteIndexes(t, s); !slices.Equal(got, want) {
		t.Fatalf("after a failed import, indexes\n%v\nwant\n%v", got, want)
	}

	if _, err := s.ImportOrganisations(ctx, rorSource(t), nil); err != nil {
		t.Fatal(err)
	}
	if got := sqliteIndexes(t, s); !slices.Equal(got, want) {
		t.Fatalf("after an import, indexes\n%v\nwant\n%v", got, want)
	}
	var bad string
	if err := s.DB().QueryRowContext(ctx, `PRAGMA integrity_check`).Scan(&bad); err != nil || bad != "ok" {
		t.Fatalf("integrity check: %q, %v", bad, err)
	}
	// The kind index answers this count; it must hold every row.
	var viaIndex, all int
	if err := s.DB().QueryRowContext(ctx, `SELECT count(*) FROM organisations INDEXED BY organisations_kind WHERE kind = 'university'`).Scan(&viaIndex); err != nil {
		t.Fatal(err)
	}
	if err := s.DB().QueryRowContext(ctx, `SELECT count(*) FROM organisations NOT INDEXED WHERE kind = 'university'`).Scan(&all); err != nil {
		t.Fatal(err)
	}
	if viaIndex == 0 || viaIndex != all {
		t.Errorf("universities through the kind index: %d, by a scan: %d", viaIndex, all)
	}
}
