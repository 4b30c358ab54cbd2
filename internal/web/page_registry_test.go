package web

import (
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/setu-council/setu/internal/registry"
	"github.com/setu-council/setu/internal/store"
)

func TestRegistryPage(t *testing.T) {
	s := newPageServer(t)
	tests := []struct {
		name    string
		path    string
		status  int
		want    []string
		wantNot []string
	}{
		{
			name: "front page", path: "/", status: http.StatusOK,
			want: []string{
				`<html lang="en">`, `Setu`, `the council's registry`, `href="/api/openapi.json"`,
				`Research Organization Registry (ror.org)`, `data/ror/SOURCE.md`,
				`<label for="q">`, `1–20 of 30 organisations`, `Page 1 of 2`, `rel="next" href="/?page=2"`,
				// facet counts, with country names
				`<span class="fl">Japan</span><span class="count">26</span>`,
				`<span class="fl">South Korea</span><span class="count">1</span>`,
				`<span class="fl">University</span><span class="count">6</span>`,
				`<span class="fl">Semiconductor</span><span class="count">4</span>`,
			},
			wantNot: []string{`rel="prev"`},
		},
		{
			name: "text search", path: "/?q=Todai", status: http.StatusOK,
			want:    []string{`1–1 of 1 organisations for “Todai”`, `href="/organisations/ror-057zh3y96"`, `<span lang="ja">東京大学</span>`, `value="Todai"`},
			wantNot: []string{`Kyoto University`},
		},
		{
			name: "search in another script", path: "/?q=" + "한국과학기술원", status: http.StatusOK,
			want: []string{`Korea Advanced Institute of Science and Technology`, `<span lang="ko">한국과학기술원</span>`},
		},
		{
			name: "facet filter", path: "/?country=IN", status: http.StatusOK,
			want: []string{
				`Indian Institute of Science`, `<span lang="hi">भारतीय विज्ञान संस्थान</span>`,
				`<span class="chip-facet">Country:</span> India`,
				`<input type="hidden" name="country" value="IN">`,
				`class="fv on" href="/"`, // selecting India again removes it
			},
			wantNot: []string{`Kyoto University`, `class="pager"`},
		},
		{
			name: "lower-case country", path: "/?country=jp&page=2", status: http.StatusOK,
			want:    []string{`21–26 of 26 organisations`, `Page 2 of 2`, `rel="prev" href="/?country=JP"`},
			wantNot: []string{`rel="next"`},
		},
		{
			name: "sample badge", path: "/?q=Sakura", status: http.StatusOK,
			want: []string{`Sakura Robotics`, `<span class="badge sample">Sample data</span>`},
		},
		{
			name: "two filters and clear all", path: "/?country=JP&layer=model", status: http.StatusOK,
			want: []string{`2 selected`, `Clear all filters`, `href="/?layer=model"`, `href="/?country=JP"`, `Kyoto University`},
		},
		{
			name: "no results", path: "/?q=zyxwvut&country=TH", status: http.StatusOK,
			want: []string{`No organisations match “zyxwvut” with the filters chosen`, `search without filters`, `href="/?q=zyxwvut"`},
		},
		{
			name: "past the last page", path: "/?page=9", status: http.StatusOK,
			want: []string{`There is no page 9`, `Go to the first page`},
		},
		{
			name: "per page", path: "/?country=JP&per_page=5&page=2", status: http.StatusOK,
			want: []string{`6–10 of 26`, `Page 2 of 6`, `rel="next" href="/?country=JP&amp;page=3&amp;per_page=5"`},
		},
		{
			name: "bad country", path: "/?country=XX", status: http.StatusUnprocessableEntity,
			want: []string{`We could not run this search`, `&#34;XX&#34; is not an ISO 3166-1 alpha-2 code`, `Start a new search`},
		},
		{
			name: "bad page", path: "/?page=two", status: http.StatusUnprocessableEntity,
			want: []string{`We could not run this search`, `<strong>page</strong>: &#34;two&#34; is not a whole number`},
		},
		{
			name: "bad kind", path: "/?kind=spaceship", status: http.StatusUnprocessableEntity,
			want: []string{`&#34;spaceship&#34; is not a kind of organisation`},
		},
		{
			name: "page zero", path: "/?page=0", status: http.StatusUnprocessableEntity,
			want: []string{`<strong>page</strong>: must be 1 or more`},
		},
		{
			name: "page out of range", path: "/?page=100001", status: http.StatusUnprocessableEntity,
			want: []string{`must be between 1 and 100000`},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, h, body := getPage(t, s, tt.path)
			if code != tt.status {
				t.Errorf("GET %s: status %d, want %d", tt.path, code, tt.status)
			}
			if ct := h.Get("Content-Type"); ct != "text/html; charset=utf-8" {
				t.Errorf("GET %s: content type %q, want text/html", tt.path, ct)
			}
			mustContain(t, tt.path, body, tt.want...)
			for _, w := range tt.wantNot {
				if strings.Contains(body, w) {
					t.Errorf("GET %s: body has %q, want not", tt.path, w)
				}
			}
			checkNoInlineCode(t, tt.path, body)
		})
	}
}

// inlineCode finds what a Content-Security-Policy without 'unsafe-inline'
// would block.
var inlineCode = regexp.MustCompile(`(?i)<script|<style|\sstyle=|\son[a-z]+=`)

// checkNoInlineCode fails if a page has inline script or style.
func checkNoInlineCode(t *testing.T, name, body string) {
	t.Helper()
	if m := inlineCode.FindString(body); m != "" {
		t.Errorf("%s: page has inline code %q; the CSP forbids it", name, m)
	}
}

// TestRegistryViewCountCap checks the words and links of a result whose
// count stopped at the cap: "more than", a next page, no last page.
func TestRegistryViewCountCap(t *testing.T) {
	page := make([]*registry.Organisation, 20)
	for i := range page {
		page[i] = &registry.Organisation{ID: "o" + strconv.Itoa(i), Name: "Org"}
	}
	q := registryQuery{Q: "university", Page: 3}
	tests := []struct {
		name       string
		res        store.OrgResults
		label      string
		next, last bool
	}{
		{"exact", store.OrgResults{Total: 9000, TotalExact: true, Page: 3, PerPage: 20, Items: page}, "41–60 of 9,000", true, true},
		{"capped", store.OrgResults{Total: 10000, TotalExact: false, Page: 3, PerPage: 20, Items: page}, "41–60 of more than 10,000", true, false},
		{"capped, past the cap", store.OrgResults{Total: 10000, TotalExact: false, Page: 600, PerPage: 20, Items: page}, "11981–12000 of more than 10,000", true, false},
		{"capped, short page", store.OrgResults{Total: 10000, TotalExact: false, Page: 3, PerPage: 20, Items: page[:5]}, "41–45 of more than 10,000", false, false},
	}
	for _, tt := range tests {
		var v registryView
		q.Page = tt.res.Page
		v.fill(q, &tt.res)
		if got := v.PageLabel(); got != tt.label {
			t.Errorf("%s: got label %q, want %q", tt.name, got, tt.label)
		}
		if (v.NextURL != "") != tt.next || (v.LastURL != "") != tt.last {
			t.Errorf("%s: got next %q last %q, want next %t last %t", tt.name, v.NextURL, v.LastURL, tt.next, tt.last)
		}
	}
}

func TestRegistryQueryURLs(t *testing.T) {
	q := registryQuery{Q: "chips", Filters: map[string][]string{"country": {"JP", "KR"}, "layer": {"model"}}, Page: 3}
	tests := []struct{ name, got, want string }{
		{"same", q.url(), "/?country=JP&country=KR&layer=model&page=3&q=chips"},
		{"page", q.withPage(1), "/?country=JP&country=KR&layer=model&q=chips"},
		{"add", q.toggled("domain", "memory"), "/?country=JP&country=KR&domain=memory&layer=model&q=chips"},
		{"remove", q.toggled("country", "JP"), "/?country=KR&layer=model&q=chips"},
		{"no filters", q.withoutFilters(), "/?q=chips"},
		{"no text", q.withoutText(), "/?country=JP&country=KR&layer=model"},
		{"empty", registryQuery{}.url(), "/"},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("%s: got %s, want %s", tt.name, tt.got, tt.want)
		}
	}
	if got := q.Filters["country"]; len(got) != 2 {
		t.Errorf("toggled changed the query's own filters: %v", got)
	}
}

func TestFormatCount(t *testing.T) {
	for _, tt := range []struct {
		n    int
		want string
	}{{0, "0"}, {999, "999"}, {1000, "1,000"}, {11342, "11,342"}, {1234567, "1,234,567"}, {-4200, "-4,200"}} {
		if got := formatCount(tt.n); got != tt.want {
			t.Errorf("formatCount(%d) = %q, want %q", tt.n, got, tt.want)
		}
	}
}
