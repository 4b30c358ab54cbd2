package web

import (
	"net/http"
	"strings"
	"testing"

	"github.com/setu-council/setu/internal/auth"
)

func TestLedgerPages(t *testing.T) {
	s := newLedgerPageServer(t)
	for _, tc := range []struct {
		name, path string
		code       int
		wants      []string
		lacks      []string
	}{
		{"frameworks", "/frameworks", 200, []string{
			`<h2 id="overall-title">All frameworks</h2>`,
			// Overall: 5 commitments, 2 of them converted; 3 projects.
			`<dd class="fig-commitments">5</dd>`, `<dd class="fig-conversion">2 of 5 (40%)`, `<dd class="fig-projects">3</dd>`,
			`<td class="status-statement-only">2</td><td class="status-in-progress">1</td><td class="status-delivered">1</td><td class="status-overdue">1</td>`,
			`<dd class="fig-overdue">1 of 2 <span class="muted">(1 more completed late)</span>`,
			`<dd class="fig-home">1 of 2 (50%)`, `<dd class="fig-trained">12</dd>`,
			`<th scope="row">JPY</th><td>1,000,000</td><td>800,000</td><td>200,000</td><td>25%</td>`,
			"Includes 1 ", `href="/frameworks?sample=false"`,
			`<a href="/frameworks/fx-a">India-Japan Test Initiative</a>`,
			`<td class="conversion">2 of 4 (50%)</td>`, `<td class="conversion">0 of 1 (0%)</td>`,
			`<caption>Commitments by derived status</caption>`, `<th scope="col">Conversion</th>`,
			`aria-current="page">Ledger</a>`,
		}, nil},
		{"frameworks without samples", "/frameworks?sample=false", 200, []string{
			`<dd class="fig-projects">2</dd>`, "Sample projects left out.",
		}, nil},
		{"frameworks, bad sample", "/frameworks?sample=maybe", 422, []string{"sample"}, nil},
		{"scorecard", "/frameworks/fx-a", 200, []string{
			"<h1>India-Japan Test Initiative</h1>", "Initiative", `datetime="2025-08"`,
			`India, Japan, <a href="/organisations/ror-057zh3y96">The University of Tokyo</a>`,
			`<a href="https://example.org/fx-a" rel="noopener">Joint statement on the test initiative</a>, para 4`,
			"A framework made for the page tests.",
			`<dd class="fig-commitments">4</dd>`, `<dd class="fig-conversion">2 of 4 (50%)`, `<dd class="fig-projects">2</dd>`,
			`<dd class="fig-home">1 of 2 (50%)`,
			`<td class="status-statement-only">1</td><td class="status-in-progress">1</td><td class="status-delivered">1</td><td class="status-overdue">1</td>`,
			`<th scope="col">Patent</th>`, `<th scope="row">JPY</th><td>1,000,000</td>`,
			`<tr id="c-fx-a.c1">`, `<td class="status status-in-progress"><strong>In progress</strong></td>`,
			`<td class="status status-delivered"><strong>Delivered</strong></td>`,
			`<td class="status status-overdue"><strong>Overdue</strong></td>`,
			`<td class="status status-statement-only"><strong>Statement only</strong></td>`,
			`<a href="/projects/XI-SETU-FX-1">Edge vision pilot</a> <span class="muted">(Implementation)</span>`,
			`<a href="/projects/XI-SETU-FX-2">Chip design school</a> <span class="muted">(Closed)</span>`,
			"Responsible: Japan.", `<time datetime="2099-12">2099-12</time>`, "No project yet",
			`<th scope="row">Pilot line running <span class="badge late">Overdue</span></th>`,
		}, []string{"Memory test bed"}},
		{"unknown framework", "/frameworks/nope", 404, []string{"We could not find that page"}, nil},
		{"projects", "/projects", 200, []string{
			"1–3 of 3 projects", `<a href="/projects/XI-SETU-FX-1">Edge vision pilot</a>`,
			`<a href="/projects/XI-SETU-FX-3">Memory test bed</a> <span class="badge sample">Sample data</span>`,
			`<select id="f-country" name="country">`, `<option value="fx-a">India-Japan Test Initiative</option>`,
		}, nil},
		{"projects in Thailand", "/projects?country=TH", 200, []string{
			"1–1 of 1 projects matching the filters", "Chip design school", `<option value="TH" selected>Thailand</option>`,
		}, []string{"Edge vision pilot", "Memory test bed"}},
		{"projects of a framework and layer", "/projects?framework=fx-a&layer=application", 200, []string{
			"1–1 of 1 projects", "Edge vision pilot",
		}, []string{"Chip design school"}},
		{"projects by status", "/projects?status=1", 200, []string{"1–1 of 1 projects", "Memory test bed"}, []string{"Chip design school"}},
		{"projects by domain, none", "/projects?domain=healthcare", 200, []string{"0 projects matching the filters", "No projects match the filters chosen."}, nil},
		{"projects, paged", "/projects?per_page=2&page=2", 200, []string{"3–3 of 3 projects", "Page 2 of 2", `rel="prev" href="/projects?per_page=2"`}, nil},
		{"projects, bad status", "/projects?status=9", 422, []string{"<strong>status</strong>", "not an IATI activity status"}, nil},
		{"project", "/projects/XI-SETU-FX-1", 200, []string{
			"<h1>Edge vision pilot</h1>", `<span id="project-status">Implementation</span>`,
			`<a href="/organisations/ror-04dese585">Indian Institute of Science</a> <span class="badge">Home participant</span></th><td>Implementing</td><td>India</td>`,
			`<a href="/organisations/ror-057zh3y96">The University of Tokyo</a></th><td>Funding</td><td>Japan</td>`,
			`<dd id="countries">India, Japan</dd>`,
			`<th scope="row">Budget</th><td>2021-01-01 to 2021-12-31</td><td>1,000,000</td><td>JPY</td>`,
			`<th scope="row">Outgoing commitment</th><td>2021-01-15</td><td>800,000</td>`,
			`<span class="badge late">2 late</span>`,
			`Pilot line running <strong class="badge late">Overdue</strong>`,
			`Data set collected <strong class="badge late">Completed late</strong>`,
			`<code>Apache-2.0</code>`, `Line inspector`, `<td>Yes</td>`, `<td>No</td>`, "People trained: 12 people",
			`<a href="/frameworks/fx-a#c-fx-a.c1">India-Japan Test Initiative</a>: Co-create edge vision for factories. <strong class="status-in-progress">(In progress)</strong>`,
			`<ul class="plain" id="children"><li><a href="/projects/XI-SETU-FX-2">Chip design school</a>`,
		}, []string{"history-title", "Sample data — not a real project"}},
		{"child project", "/projects/XI-SETU-FX-2", 200, []string{
			`<dd id="parent"><a href="/projects/XI-SETU-FX-1">Edge vision pilot</a>`, "No milestones recorded.", "(Delivered)",
		}, nil},
		{"sample project", "/projects/XI-SETU-FX-3", 200, []string{"Sample data — not a real project", "This project serves no commitment"}, nil},
		{"unknown project", "/projects/XI-SETU-NONE", 404, []string{"We could not find that page"}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, _, body := getPage(t, s, tc.path)
			if code != tc.code {
				t.Fatalf("GET %s: got %d, want %d\n%s", tc.path, code, tc.code, body)
			}
			mustContain(t, tc.path, body, tc.wants...)
			for _, l := range tc.lacks {
				if strings.Contains(body, l) {
					t.Errorf("%s: body has %q, want it left out", tc.path, l)
				}
			}
		})
	}
}

// TestProjectHistoryOnlyForSecretariat: the project page shows the
// record's audit trail to the secretariat and to no one else.
func TestProjectHistoryOnlyForSecretariat(t *testing.T) {
	s := newLedgerPageServer(t)
	ctx := t.Context()
	p, err := s.store.Project(ctx, "XI-SETU-FX-1")
	if err != nil {
		t.Fatal(err)
	}
	p.Title = "Edge vision pilot, phase 1"
	if err := s.store.UpdateProject(auth.WithPrincipal(ctx, auth.Principal{UserID: "u-7", Role: auth.Secretariat}), p); err != nil {
		t.Fatal(err)
	}
	secretariat := newTestToken(t, s.store, "sec@example.org", auth.Secretariat, nil, "")
	member := newTestToken(t, s.store, "member@example.org", auth.Member, []string{"ror-04dese585"}, "")
	const page = "/projects/XI-SETU-FX-1"
	code, body := callAs(s, http.MethodGet, page, secretariat, "text/html")
	if code != http.StatusOK {
		t.Fatalf("secretariat: got %d", code)
	}
	mustContain(t, "secretariat's page", body, `id="history-title"`, "<strong>update</strong> by <code>user:u-7</code>",
		`<th scope="row">title</th><td><code>&#34;Edge vision pilot&#34;</code></td><td><code>&#34;Edge vision pilot, phase 1&#34;</code></td>`)
	for name, tok := range map[string]string{"public": "", "member": member} {
		if _, body := callAs(s, http.MethodGet, page, tok, "text/html"); strings.Contains(body, "history-title") {
			t.Errorf("%s sees the history", name)
		}
	}
}
