package store_test

import (
	"bytes"
	"context"
	"io"
	"strconv"
	"strings"
	"testing"

	"github.com/setu-council/setu/data"
	"github.com/setu-council/setu/internal/errs"
	"github.com/setu-council/setu/internal/registry"
	"github.com/setu-council/setu/internal/ror"
	"github.com/setu-council/setu/internal/store"
	"github.com/setu-council/setu/internal/storetest"
)

// rorSource reads the shipped ROR file as an import source.
func rorSource(tb testing.TB) store.ImportSource {
	tb.Helper()
	r, err := ror.NewReader(bytes.NewReader(data.RORAsia), "ror-asia.jsonl.gz")
	if err != nil {
		tb.Fatal(err)
	}
	return func() (*registry.Organisation, string, error) {
		rec, err := r.Next()
		if err != nil {
			return nil, "", err
		}
		return rec.Organisation(), "ror-asia.jsonl.gz:" + strconv.Itoa(r.Line()), nil
	}
}

func TestImportShippedROR(t *testing.T) {
	storetest.ForEachBackend(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		st, err := s.ImportDataset(ctx, "ror-asia", "sha-1", rorSource(t), nil)
		if err != nil {
			t.Fatalf("import: %v", err)
		}
		if st.Created != 11342 || st.Updated != 0 || st.Unchanged != 0 {
			t.Errorf("first import: %v, want created 11342", st)
		}
		st, err = s.ImportOrganisations(ctx, rorSource(t), nil)
		if err != nil {
			t.Fatalf("re-import: %v", err)
		}
		if st.Created != 0 || st.Unchanged != 11342 {
			t.Errorf("re-import: %v, want unchanged 11342", st)
		}
		if sha, _ := s.DatasetSHA(ctx, "ror-asia"); sha != "sha-1" {
			t.Errorf("dataset sha = %q, want sha-1", sha)
		}
		o, err := s.OrganisationByExternalID(ctx, "ror", "057zh3y96")
		if err != nil {
			t.Fatal(err)
		}
		if o.Kind != "university" || o.Country != "JP" || o.Provenance.Licence != "CC0-1.0" {
			t.Errorf("University of Tokyo: %+v", o)
		}
		linked := 0
		for _, r := range o.Relationships {
			if r.TargetID != "" {
				linked++
			}
		}
		if linked == 0 {
			t.Errorf("no relationship of %s resolved to a stored organisation: %+v", o.Name, o.Relationships)
		}
		for _, tt := range []struct{ q, want string }{
			{"東京大学", "The University of Tokyo"},
			{"Todai", "The University of Tokyo"},
			{"Tokyo Daigaku", "The University of Tokyo"},
			{"University of Tokyo", "The University of Tokyo"},
			{"IISc", "Indian Institute of Science Bangalore"},
		} {
			res, err := s.SearchOrganisations(ctx, store.OrgQuery{Q: tt.q})
			if err != nil {
				t.Fatal(err)
			}
			if len(res.Items) == 0 || res.Items[0].Name != tt.want {
				t.Errorf("search %q: first %v, want %q", tt.q, names(res.Items[:min(3, len(res.Items))]), tt.want)
			}
		}
	})
}

func TestImportAbortsWholly(t *testing.T) {
	storetest.ForEachBackend(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		recs := []*registry.Organisation{
			{Name: "Good One", Kind: "startup", Country: "IN"},
			{Name: "Bad One", Kind: "startup", Country: "QQ"},
		}
		i := 0
		next := func() (*registry.Organisation, string, error) {
			if i == len(recs) {
				return nil, "", io.EOF
			}
			i++
			return recs[i-1], "orgs.jsonl:" + strconv.Itoa(i), nil
		}
		_, err := s.ImportOrganisations(ctx, next, nil)
		if err == nil || !strings.HasPrefix(err.Error(), "orgs.jsonl:2: ") || !strings.Contains(err.Error(), "country") {
			t.Fatalf("got error %v, want one starting orgs.jsonl:2: naming country", err)
		}
		if !errs.Is(err, errs.Invalid) {
			t.Errorf("kind = %v, want invalid", errs.KindOf(err))
		}
		if n, _, _ := s.CountOrganisations(ctx); n != 0 {
			t.Errorf("%d organisations stored after a failed import, want 0", n)
		}
	})
}
