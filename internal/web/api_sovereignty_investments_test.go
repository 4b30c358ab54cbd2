package web

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/setu-council/setu/internal/desk"
	"github.com/setu-council/setu/internal/registry"
	"github.com/setu-council/setu/internal/sovereignty"
)

// Three Japanese leads into India at the memorandum stage show; one
// Korean lead is pooled under "others".
func TestSovereigntyInvestmentsSource(t *testing.T) {
	s := newSovereigntyInvestmentsServer(t)
	res := call(t, s, "GET", "/api/v1/sovereignty?source=investments", "", "")
	var f sovereignty.Figures
	res.decode(t, &f)
	l, _ := f.Layer("semiconductor")
	if res.code != http.StatusOK || len(l.Sources) != 1 || l.Sources[0].Source != "investments" || l.Sources[0].Total != 4 || l.Sources[0].HHI != 6250 {
		t.Errorf("source=investments: got %d %+v", res.code, l)
	}
	res = call(t, s, "GET", "/api/v1/sovereignty?format=csv", "", "")
	for _, want := range []string{"IN,,semiconductor,investments,JP,Japan,", ",3,0.7500,6250\n", "IN,,semiconductor,investments,others,"} {
		if !strings.Contains(string(res.body), want) {
			t.Errorf("CSV lacks %q:\n%s", want, res.body)
		}
	}
	body := string(call(t, s, "GET", "/sovereignty/IN?source=investments", "", "").body)
	for _, want := range []string{
		`<option value="investments" selected>investment leads by origin country</option>`,
		"fewer than 3 leads",
	} {
		if !strings.Contains(body, want) {
			t.Errorf("page lacks %q", want)
		}
	}
}

// newSovereigntyInvestmentsServer is newSovereigntyServer with four
// investment leads into India at the memorandum stage in the
// semiconductor layer: three from Japan, one from Korea.
func newSovereigntyInvestmentsServer(t *testing.T) *Server {
	t.Helper()
	s, st := newSovereigntyServer(t)
	ctx := context.Background()
	for _, o := range []*registry.Organisation{
		{ID: "jp-inv", Name: "Kumamoto Investors", Kind: "company", Country: "JP"},
		{ID: "kr-inv", Name: "Icheon Investors", Kind: "company", Country: "KR"},
	} {
		if err := st.CreateOrganisation(ctx, o); err != nil {
			t.Fatal(err)
		}
	}
	for _, investor := range []string{"jp-inv", "jp-inv", "jp-inv", "kr-inv"} {
		l := &desk.Lead{Investor: investor, OriginCountry: investor[:2], DestinationCountry: "IN", Segment: "memory", Layers: []string{"semiconductor"}}
		if err := st.CreateLead(ctx, l); err != nil {
			t.Fatal(err)
		}
		if _, err := st.ChangeStage(ctx, l.ID, desk.Memorandum, "", ""); err != nil {
			t.Fatal(err)
		}
	}

	return s
}
