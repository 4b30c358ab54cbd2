package web

import (
	"bufio"
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"

	"github.com/setu-council/setu/internal/auth"
	"github.com/setu-council/setu/internal/store"
	"github.com/setu-council/setu/internal/storetest"
)

// matrixDoc is the page whose tables TestRoleMatrix reads.
const matrixDoc = "../../docs/security.md"

// matrixRoles are the columns of the matrix, in order.
var matrixRoles = []string{"public", "applicant", "member", "member, other organisation", "secretariat"}

// readTables reads the markdown tables of path whose first header cell
// is "Route", keyed by the header's second cell: each maps a route to its
// other cells.
func readTables(t *testing.T, path string) map[string]map[string][]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	tables := map[string]map[string][]string{}
	var cur map[string][]string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if !strings.HasPrefix(line, "|") {
			cur = nil
			continue
		}
		cells := strings.Split(strings.Trim(line, "|"), "|")
		for i := range cells {
			cells[i] = strings.TrimSpace(cells[i])
		}
		switch {
		case cur == nil && len(cells) > 1 && cells[0] == "Route":
			cur = map[string][]string{}
			tables[cells[1]] = cur
			tables[cells[1]]["#header"] = cells[1:]
		case cur == nil, strings.HasPrefix(cells[0], "---"):
		default:
			cur[cells[0]] = cells[1:]
		}
	}
	return tables
}

// matrixQueries are the query strings, with their "?", that a write route
// needs for an allowed request to succeed (the secretariat names whose
// application it withdraws).
var matrixQueries = map[string]string{
	"DELETE /api/v1/rounds/{id}/application": "?person=per-ananya",
}

// matrixBody is a valid request to each write route, so that an allowed
// request succeeds: content type and body.
func matrixBody(route string) (string, string) {
	const form = "application/x-www-form-urlencoded"
	switch route {
	case "POST /api/v1/organisations":
		return "application/json", `{"name":"Matrix Labs","kind":"startup","country":"IN"}`
	case "PUT /api/v1/organisations/{id}":
		return "application/json", `{"name":"Indian Institute of Science","kind":"university","country":"IN","external_ids":[{"scheme":"ror","value":"04dese585"}]}`
	case "POST /api/v1/people":
		return "application/json", `{"name":"Matrix Person","home_country":"IN"}`
	case "PUT /api/v1/people/{id}":
		return "application/json", `{"name":"Ananya R.","home_country":"IN"}`
	case "POST /api/v1/vocabulary/domains", "POST /api/v1/vocabulary/kinds":
		return "application/json", `{"code":"matrix-term","label":"Matrix term"}`
	case "PUT /api/v1/organisations/{id}/contact":
		return "application/json", `{"contact_name":"Matrix","contact_email":"matrix@example.org"}`
	case "POST /api/v1/introductions":
		return "application/json", `{"from":"ror-04dese585","to":"ror-057zh3y96","purpose":"research"}`
	case "POST /api/v1/introductions/{id}/decline":
		return "application/json", `{"reason":"not now"}`
	case "POST /api/v1/introductions/{id}/convert":
		return "application/json", `{"id":"XI-SETU-MATRIX","reporting_org":"XI-SETU","title":"Matrix project","status":1}`
	case "POST /organisations/{id}/introductions":
		return form, "to=ror-057zh3y96&purpose=research&message=hello"
	case "POST /introductions":
		return form, "from=ror-04dese585&to=ror-057zh3y96&purpose=research&message=hello"
	case "POST /introductions/{id}/accept":
		return form, ""
	case "POST /introductions/{id}/decline":
		return form, "reason=not+now"
	case "POST /introductions/{id}/convert":
		return form, "id=XI-SETU-MATRIX&reporting_org=XI-SETU&title=Matrix+project&status=1"
	case "POST /account/tokens":
		return form, "name=matrix"
	case "POST /admin/users":
		return form, "email=new%40example.org&role=secretariat&password=" + strings.ReplaceAll(testPassword, " ", "+")
	case "PUT /api/v1/exchange-rates/{id}", "PUT /api/v1/partner-groups/{id}",
		"POST /sovereignty/rates", "POST /sovereignty/rates/{id}/delete",
		"POST /sovereignty/groups", "POST /sovereignty/groups/{id}", "POST /sovereignty/groups/{id}/delete":
		return sovereigntyMatrixBody(route)
	}
	if ctype, body, ok := deskMatrixBody(route); ok {
		return ctype, body
	}
	if isPlacementRoute(route) {
		return placementMatrixBody(route)
	}
	return ledgerMatrixBody(route)
}

// TestRoleMatrix sends every write route as every role, and checks the
// answer against the matrix in docs/security.md. It fails if a write route
// is registered that the page does not list, or the page lists one that is
// not registered.
func TestRoleMatrix(t *testing.T) {
	tables := readTables(t, matrixDoc)
	matrix, open := tables["public"], tables["Why"]
	if matrix == nil || open == nil {
		t.Fatalf("%s: no role matrix (| Route | public | ...) or open-routes table (| Route | Why |)", matrixDoc)
	}
	if got := strings.Join(matrix["#header"], "|"); got != strings.Join(matrixRoles, "|") {
		t.Fatalf("matrix columns: got %q, want %q", got, matrixRoles)
	}
	delete(matrix, "#header")
	delete(open, "#header")

	probe := newAPIServer(t, storetest.MustOpenSQLite(t), nil)
	registered := map[string]bool{}
	for _, p := range probe.patterns {
		method, _, _ := strings.Cut(p, " ")
		if isWrite(method) {
			registered[p] = true
			if matrix[p] == nil && open[p] == nil {
				t.Errorf("write route %q is registered but missing from the tables in %s", p, matrixDoc)
			}
		}
	}
	for route := range matrix {
		if !registered[route] {
			t.Errorf("%s lists %q, which is not a registered write route", matrixDoc, route)
		}
	}
	for route := range open {
		if !registered[route] {
			t.Errorf("%s lists %q, which is not a registered write route", matrixDoc, route)
		}
	}

	for route, want := range matrix {
		if len(want) != len(matrixRoles) {
			t.Errorf("%s: %d cells, want %d", route, len(want), len(matrixRoles))
			continue
		}
		for i, role := range matrixRoles {
			t.Run(route+" as "+role, func(t *testing.T) {
				checkMatrixCell(t, route, role, want[i])
			})
		}
	}
}

// checkMatrixCell sends route as role on a fresh server and checks the
// answer is what the cell says.
func checkMatrixCell(t *testing.T, route, role, cell string) {
	st := storetest.MustOpenSQLite(t)
	s := newAPIServer(t, st, nil) // requests sent here, not through call, carry no fixture token
	seedLedgerMatrix(t, st, route)
	seedPlacementMatrix(t, st, route)
	seedSovereigntyMatrix(t, st, route)
	var u = struct {
		email  string
		role   auth.Role
		orgs   []string
		person string
	}{}
	switch role {
	case "applicant":
		u.email, u.role, u.person = "applicant@example.org", auth.Applicant, "per-ananya"
	case "member":
		u.email, u.role, u.orgs = "member@example.org", auth.Member, []string{"ror-04dese585"}
	case "member, other organisation":
		u.email, u.role, u.orgs = "other@example.org", auth.Member, []string{"ror-057zh3y96"}
	case "secretariat":
		u.email, u.role = "sec@example.org", auth.Secretariat
	}
	var token, tokenID string
	if u.email != "" {
		user := newTestUser(t, st, u.email, u.role, u.orgs, u.person)
		token = newTokenFor(t, st, user, u.role, "")
		ts, err := st.APITokens(context.Background(), user.ID)
		if err != nil || len(ts) == 0 {
			t.Fatalf("tokens: %v", err)
		}
		tokenID = ts[0].ID
	}
	method, path, _ := strings.Cut(route, " ")
	intro := &store.Introduction{From: "ror-057zh3y96", To: "ror-04dese585"}
	if strings.Contains(path, "/introductions/{id}") {
		if err := st.RequestIntroduction(context.Background(), intro); err != nil {
			t.Fatalf("introduction: %v", err)
		}
		if strings.HasSuffix(path, "/convert") {
			if _, err := st.AnswerIntroduction(context.Background(), intro.ID, true, ""); err != nil {
				t.Fatalf("accept introduction: %v", err)
			}
		}
	}
	id := map[string]string{"organisations": "ror-04dese585", "people": "per-ananya", "tokens": tokenID, "introductions": intro.ID}
	for k, v := range ledgerMatrixIDs {
		id[k] = v
	}
	for k, v := range placementMatrixIDs {
		id[k] = v
	}
	for k, v := range seedDeskMatrix(t, st, route) {
		id[k] = v
	}
	for k, v := range sovereigntyMatrixIDs {
		id[k] = v
	}
	for k, v := range id {
		if strings.Contains(path, "/"+k+"/{id}") {
			if v == "" {
				v = "tok-none"
			}
			path = strings.Replace(path, "{id}", v, 1)
		}
	}
	path += matrixQueries[route]
	ctype, body := matrixBody(route)
	req := httptest.NewRequest(method, path, strings.NewReader(body))
	if ctype != "" {
		req.Header.Set("Content-Type", ctype)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	rec := httptest.NewRecorder()
	s.ServeHTTP(rec, req)
	code := rec.Code
	switch cell {
	case "allowed":
		if code >= 400 {
			t.Errorf("got %d, want success\n%s", code, clip(rec.Body.Bytes()))
		}
	case "denied":
		if code != http.StatusUnauthorized && code != http.StatusForbidden {
			t.Errorf("got %d, want 401 or 403\n%s", code, clip(rec.Body.Bytes()))
		}
		if role == "public" && code != http.StatusUnauthorized && strings.HasPrefix(path, "/api/") {
			t.Errorf("public: got %d, want 401", code)
		}
	default:
		t.Fatalf("cell %q: want allowed or denied", cell)
	}
}
