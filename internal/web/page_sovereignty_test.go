package web

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/setu-council/setu/internal/registry"
)

func TestSovereigntyPage(t *testing.T) {
	s, st := newSovereigntyServer(t)
	res := call(t, s, "GET", "/sovereignty", "", "")
	if res.code != http.StatusSeeOther || res.header.Get("Location") != "/sovereignty/IN" {
		t.Fatalf("GET /sovereignty: got %d to %q, want 303 to /sovereignty/IN", res.code, res.header.Get("Location"))
	}
	res = call(t, s, "GET", "/sovereignty?home=jp&source=budgets", "", "")
	if loc := res.header.Get("Location"); loc != "/sovereignty/JP?source=budgets" {
		t.Errorf("home form: got Location %q", loc)
	}

	res = call(t, s, "GET", "/sovereignty/IN", "", "")
	body := string(res.body)
	if res.code != http.StatusOK {
		t.Fatalf("got %d\n%s", res.code, body)
	}
	for _, want := range []string{
		"<h1>Sovereignty view: India</h1>",
		`<title id="shares-title">Shares of partner countries per layer, all sources combined, India</title>`,
		`<title id="trend-title">`,
		"<td>5313 <span class=\"badge\">flag</span></td><td>South Korea 62.5%, Japan 37.5%</td><td>Eastern partners 100.0%</td>",
		"Semiconductor: South Korea holds 62.5%, more than 40%",
		`aria-current="page">Sovereignty</a>`,
		`<option value="KR">South Korea</option>`,
		`<option value="traditional">Group: Traditional partners</option>`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("page lacks %q", want)
		}
	}
	if strings.Contains(body, "stress-table") {
		t.Error("a stress table before a stress test was asked for")
	}

	res = call(t, s, "GET", "/sovereignty/IN?source=budgets&without=kr", "", "")
	body = string(res.body)
	for _, want := range []string{
		`<caption>Without South Korea (projects weighted by budget)</caption>`,
		"<th scope=\"row\">Semiconductor</th><td>75.0%</td><td>6250</td><td>10000</td>",
		`<a href="/organisations/org-tw-fab">Hsinchu Fab</a> (Taiwan): offers 1 capability in the Semiconductor layer; Taiwan holds 0% of the layer&#39;s combined cooperation now (ranked by offers: India has no needs recorded in the layer)`,
		`<option value="KR" selected>South Korea</option>`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("stress page lacks %q", want)
		}
	}

	// Once India records a need in the layer, partner matchmaking ranks
	// the alternatives against it and says why.
	in := &registry.Organisation{ID: "org-in-chips", Name: "Bengaluru Chips", Kind: "startup", Country: "IN",
		Capabilities: []registry.Capability{{Direction: registry.Need, Layer: "semiconductor", Domain: "chip-design", Text: "Foundry access"}}}
	if err := st.CreateOrganisation(context.Background(), in); err != nil {
		t.Fatal(err)
	}
	body = string(call(t, s, "GET", "/sovereignty/IN?without=kr", "", "").body)
	if want := `<a href="/organisations/org-tw-fab">Hsinchu Fab</a> (Taiwan): matches 1 of India&#39;s 1 need in the Semiconductor layer (matchmaking score `; !strings.Contains(body, want) {
		t.Errorf("stress page after a need lacks %q", want)
	}
	if want := `: “Foundry access”; offers 1 capability in the layer; Taiwan holds 0% of the layer&#39;s combined cooperation now</li>`; !strings.Contains(body, want) {
		t.Errorf("stress page after a need lacks %q", want)
	}

	for _, tt := range []struct {
		path string
		code int
	}{
		{"/sovereignty/XX", http.StatusNotFound},
		{"/sovereignty/IN?source=rumours", http.StatusUnprocessableEntity},
		{"/sovereignty/IN?without=atlantis", http.StatusUnprocessableEntity},
		{"/sovereignty/IN?colour=red", http.StatusUnprocessableEntity},
	} {
		if res := call(t, s, "GET", tt.path, "", ""); res.code != tt.code {
			t.Errorf("%s: got %d, want %d", tt.path, res.code, tt.code)
		}
	}
}
