package web

import (
	"net/http"
	"strings"
	"testing"
)

func TestOrganisationPage(t *testing.T) {
	s := newPageServer(t)
	tests := []struct {
		name    string
		path    string
		status  int
		want    []string
		wantNot []string
	}{
		{
			name: "ror university", path: "/organisations/ror-057zh3y96", status: http.StatusOK,
			want: []string{
				`<title>The University of Tokyo · Setu</title>`,
				`<h1>The University of Tokyo</h1>`,
				`<span class="name" lang="ja">東京大学</span> <span class="lang">ja</span>`,
				`Todai`, `UTokyo`, `acronym`,
				`<dd>University</dd>`, `<dd>Japan</dd>`, `<dd>1877</dd>`,
				`<a href="https://www.u-tokyo.ac.jp/" rel="noopener nofollow">`,
				`<a href="https://ror.org/057zh3y96" rel="noopener">057zh3y96</a>`,
				`A national research university in Bunkyō, Tokyo.`,
				`<li class="tag layer">Application</li>`, `<li class="tag layer">Model</li>`, `Foundation models`,
				`Robot foundation models and a humanoid test bed`, `Partners for low-power inference chips`,
				`Child organisations`, `<a href="/organisations/ror-0059vr703">Institute of Industrial Science</a>`,
				`Related organisations`, `<a href="https://ror.org/04chrp450" rel="noopener" class="ext">ROR 04chrp450</a>`,
				`Research Organization Registry (ROR)`, `v2.9`, `CC0-1.0`,
			},
			wantNot: []string{`not a real organisation`},
		},
		{
			name: "offers and needs apart", path: "/organisations/ror-057zh3y96", status: http.StatusOK,
			want: []string{`<h2 id="offers-title">Offers</h2>`, `<h2 id="needs-title">Needs</h2>`},
		},
		{
			name: "parent link back", path: "/organisations/ror-0059vr703", status: http.StatusOK,
			want: []string{`Parent organisations`, `<a href="/organisations/ror-057zh3y96">The University of Tokyo</a>`},
		},
		{
			name: "missing", path: "/organisations/ror-000000000", status: http.StatusNotFound,
			want: []string{`<html lang="en">`, `Error 404`, `We could not find that page`, `Go to the registry`},
		},
		{
			name: "no such page", path: "/nowhere", status: http.StatusNotFound,
			want: []string{`Error 404`, `there is no page at /nowhere`},
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

func TestOrganisationPageSample(t *testing.T) {
	s := newPageServer(t)
	_, _, list := getPage(t, s, "/?q=Sakura")
	i := strings.Index(list, `href="/organisations/`)
	if i < 0 {
		t.Fatal("no link to the sample organisation in the search results")
	}
	path := strings.SplitN(list[i+len(`href="`):], `"`, 2)[0]
	code, _, body := getPage(t, s, path)
	if code != http.StatusOK {
		t.Fatalf("GET %s: status %d, want 200", path, code)
	}
	mustContain(t, path, body,
		`<div class="notice sample" role="note">`, `Sample data — not a real organisation.`,
		`Setu sample data`, `Vision models for bin picking`, `None recorded yet.`)
}

func TestErrorPageForAPIClients(t *testing.T) {
	s := newPageServer(t)
	req, _ := http.NewRequest(http.MethodGet, "/organisations/ror-000000000", nil)
	req.Header.Set("Accept", "application/json")
	rec := newRecorder(s, req)
	if rec.Code != http.StatusNotFound || !strings.HasPrefix(rec.Header().Get("Content-Type"), "application/problem+json") {
		t.Errorf("JSON client: status %d, type %q; want 404 problem+json", rec.Code, rec.Header().Get("Content-Type"))
	}
}
