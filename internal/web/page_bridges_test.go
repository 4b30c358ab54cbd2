package web

import (
	"net/http"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/setu-council/setu/internal/storetest"
)

func TestBridgesAPI(t *testing.T) {
	s := newPartnerServer(t, storetest.MustOpenSQLite(t))
	runAPICases(t, s, []apiCase{
		{name: "bridge", method: "GET", path: "/api/v1/bridges/in/JP", status: 200,
			want: []string{`"a":"IN"`, `"b":"JP"`, `"domain":"chip-design"`, `"from":"jp-nagoya"`, `"id":"in-dhruvika"`, `"plain":[`}},
		{name: "pairs limit", method: "GET", path: "/api/v1/bridges/IN/TW?pairs=1", status: 200,
			want: []string{`"needs_b_met_by_a":1`, `"id":"in-dhruvika"`}},
		{name: "same country", method: "GET", path: "/api/v1/bridges/IN/IN", status: 422, fields: []string{"b"}},
		{name: "bad codes", method: "GET", path: "/api/v1/bridges/XX/moon?pairs=0", status: 422, fields: []string{"a", "b", "pairs"}},
		{name: "unknown parameter", method: "GET", path: "/api/v1/bridges/IN/JP?zz=1", status: 422, fields: []string{"zz"}},
	})
}

func TestBridgePages(t *testing.T) {
	s := newPartnerPageServer(t)
	tests := []struct {
		name, path string
		status     int
		want       []string
	}{
		{"index", "/bridges", 200, []string{`id="bridge-form"`, `<option value="IN" selected>India</option>`}},
		{"bad pick", "/bridges?a=IN&b=IN", 422, []string{"<strong>b</strong>"}},
		{"India-Japan", "/bridges/IN-JP", 200, []string{"India – Japan", `id="cell-semiconductor-chip-design"`,
			`id="pair-jp-nagoya-in-dhruvika"`, `class="reasons"`, "No introductions between"}},
		{"lower case", "/bridges/in-tw", 200, []string{`id="pair-tw-hsinchu-in-dhruvika"`}},
		{"not a pair", "/bridges/INJP", 404, nil},
		{"unknown country", "/bridges/IN-XX", 422, []string{"<strong>b</strong>"}},
	}
	for _, tc := range tests {
		code, _, body := getPage(t, s, tc.path)
		if code != tc.status {
			t.Errorf("%s: got %d, want %d", tc.name, code, tc.status)
		}
		mustContain(t, tc.name, body, tc.want...)
	}
	req, _ := http.NewRequest("GET", "/bridges?a=IN&b=JP", nil)
	rec := newRecorder(s, req)
	if rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != "/bridges/IN-JP" {
		t.Errorf("pick: got %d to %q, want 303 to /bridges/IN-JP", rec.Code, rec.Header().Get("Location"))
	}
}

// TestBrowserBridges picks two countries on the bridges page and reads
// the counts and a candidate pair with its reasons.
func TestBrowserBridges(t *testing.T) {
	b := newBrowserTestOn(t, newPartnerPageServer(t), 1280, 900)
	b.open("/")
	b.follow("nav to find partners", chromedp.Click(chromedp.CSS(`header nav a[href="/partners"]`)))
	b.follow("on to bridges", chromedp.Click(chromedp.CSS("#to-bridges")))
	b.wantText("#bridges-title", "Country bridges")
	b.follow("pick India and Japan", chromedp.SetValue(chromedp.CSS("#b-a"), "IN"), chromedp.SetValue(chromedp.CSS("#b-b"), "JP"),
		chromedp.Click(chromedp.CSS("#bridge-form button")))
	b.wantText("#bridge-title", "India – Japan")
	b.wantText("#cell-semiconductor-chip-design .met", "1")
	b.wantText("#pair-jp-nagoya-in-dhruvika .reasons", "Dhruvika Silicon")
	b.screenshot("bridge")
	if got := b.text("#bridge-summary"); !strings.Contains(got, "meet 1 needs") {
		t.Errorf("summary: %q", got)
	}
	b.checkConsole()
}
