package web

import (
	"bytes"
	"encoding/json"
	"maps"
	"net/http"
	"net/http/httptest"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/setu-council/setu/internal/storetest"
)

// openAPIMethods are the keys of an OpenAPI path item that are operations.
var openAPIMethods = []string{"get", "put", "post", "delete", "options", "head", "patch", "trace"}

// openAPIOp is an operation of the OpenAPI document as the tests read it.
type openAPIOp struct {
	OperationID string                     `json:"operationId"`
	Parameters  []map[string]any           `json:"parameters"`
	Responses   map[string]json.RawMessage `json:"responses"`
}

// loadOpenAPI parses the embedded document into its generic form and its
// operations, keyed "GET /api/v1/organisations/{id}".
func loadOpenAPI(t *testing.T) (doc map[string]any, ops map[string]openAPIOp, pathParams map[string][]map[string]any) {
	t.Helper()
	if !json.Valid(openAPIDoc) {
		t.Fatal("openapi.json is not valid JSON")
	}
	if err := json.Unmarshal(openAPIDoc, &doc); err != nil {
		t.Fatal(err)
	}
	var typed struct {
		Paths map[string]map[string]json.RawMessage `json:"paths"`
	}
	if err := json.Unmarshal(openAPIDoc, &typed); err != nil {
		t.Fatal(err)
	}
	ops, pathParams = map[string]openAPIOp{}, map[string][]map[string]any{}
	for path, item := range typed.Paths {
		for key, raw := range item {
			switch {
			case key == "parameters":
				var params []map[string]any
				if err := json.Unmarshal(raw, &params); err != nil {
					t.Fatalf("%s: parameters: %v", path, err)
				}
				pathParams[path] = params
			case slices.Contains(openAPIMethods, key):
				var op openAPIOp
				if err := json.Unmarshal(raw, &op); err != nil {
					t.Fatalf("%s %s: %v", key, path, err)
				}
				ops[strings.ToUpper(key)+" "+path] = op
			}
		}
	}
	return doc, ops, pathParams
}

// documentedRoute reports whether a route pattern is one the OpenAPI
// document must describe: the API and the health checks.
func documentedRoute(pattern string) bool {
	return isAPIPattern(pattern) || pattern == "GET /healthz" || pattern == "GET /readyz"
}

func TestOpenAPIDescribesEveryRoute(t *testing.T) {
	s := newAPIServer(t, storetest.MustOpenSQLite(t), nil)
	_, ops, _ := loadOpenAPI(t)
	var registered []string
	for _, p := range s.patterns {
		if documentedRoute(p) {
			registered = append(registered, p)
		}
	}
	if len(registered) < 10 {
		t.Fatalf("got %d API routes registered, want the whole API: %q", len(registered), registered)
	}
	for _, p := range registered {
		if _, ok := ops[p]; !ok {
			t.Errorf("route %q is registered but not in openapi.json", p)
		}
	}
	for op := range ops {
		if !slices.Contains(registered, op) {
			t.Errorf("openapi.json describes %q, which is not a registered route", op)
		}
		// The mux must send a request for the operation to that route.
		method, path, _ := strings.Cut(op, " ")
		req := httptest.NewRequest(method, regexp.MustCompile(`\{[^}]+\}`).ReplaceAllString(path, "x"), nil)
		if _, got := s.mux.Handler(req); got != op {
			t.Errorf("a request for %q is routed to %q, want %q", op, got, op)
		}
	}
}

func TestOpenAPIOperations(t *testing.T) {
	s := newAPIServer(t, storetest.MustOpenSQLite(t), nil)
	doc, ops, pathParams := loadOpenAPI(t)
	if doc["openapi"] != "3.1.0" {
		t.Errorf("got openapi %v, want 3.1.0", doc["openapi"])
	}
	ids := map[string]string{}
	for _, name := range slices.Sorted(maps.Keys(ops)) {
		op := ops[name]
		if op.OperationID == "" {
			t.Errorf("%s: no operationId", name)
		} else if other, dup := ids[op.OperationID]; dup {
			t.Errorf("%s: operationId %q is also %s's", name, op.OperationID, other)
		}
		ids[op.OperationID] = name
		if len(op.Responses) == 0 {
			t.Errorf("%s: no responses", name)
		}
		_, path, _ := strings.Cut(name, " ")
		params := map[string][]string{} // by "in"
		for _, p := range append(slices.Clone(pathParams[path]), op.Parameters...) {
			p = resolve(t, doc, p)
			in, _ := p["in"].(string)
			params[in] = append(params[in], p["name"].(string))
		}
		var inTemplate []string
		for _, m := range regexp.MustCompile(`\{([^}]+)\}`).FindAllStringSubmatch(path, -1) {
			inTemplate = append(inTemplate, m[1])
		}
		if !sameSet(params["path"], inTemplate) {
			t.Errorf("%s: got path parameters %q, want %q", name, params["path"], inTemplate)
		}
		if strings.HasPrefix(name, "GET ") {
			known := knownQueryParams(t, s, path)
			switch {
			case known == nil && len(params["query"]) > 0:
				t.Errorf("%s: the document lists query parameters %q, but the route checks none", name, params["query"])
			case known != nil && !sameSet(known, params["query"]):
				t.Errorf("%s: the route takes query parameters %q, the document lists %q", name, known, params["query"])
			}
		}
	}
}

// knownQueryParams asks a list route which query parameters it takes, by
// sending one it does not: its 422 answer lists them. It returns nil for a
// route that does not check its parameters.
func knownQueryParams(t *testing.T, h http.Handler, path string) []string {
	t.Helper()
	res := call(t, h, "GET", strings.ReplaceAll(path, "{id}", "x")+"?zz_probe=1", "", "")
	if res.code != http.StatusUnprocessableEntity {
		return nil
	}
	var p problem
	res.decode(t, &p)
	for _, f := range p.Errors {
		if _, known, ok := strings.Cut(f.Problem, "known: "); ok && f.Field == "zz_probe" {
			return strings.Split(known, ", ")
		}
	}
	t.Fatalf("%s: a 422 that does not list the known parameters: %s", path, res.body)
	return nil
}

// resolve follows a $ref within the document, if v is one.
func resolve(t *testing.T, doc map[string]any, v map[string]any) map[string]any {
	t.Helper()
	ref, ok := v["$ref"].(string)
	if !ok {
		return v
	}
	target, err := pointer(doc, ref)
	if err != nil {
		t.Fatalf("$ref %q: %v", ref, err)
	}
	m, ok := target.(map[string]any)
	if !ok {
		t.Fatalf("$ref %q is not an object", ref)
	}
	return m
}

func TestOpenAPIReferencesResolve(t *testing.T) {
	doc, _, _ := loadOpenAPI(t)
	var refs []string
	var walk func(v any)
	walk = func(v any) {
		switch v := v.(type) {
		case map[string]any:
			if r, ok := v["$ref"].(string); ok {
				refs = append(refs, r)
			}
			for _, e := range v {
				walk(e)
			}
		case []any:
			for _, e := range v {
				walk(e)
			}
		}
	}
	walk(doc)
	if len(refs) < 20 {
		t.Fatalf("got %d references, want the document's many", len(refs))
	}
	for _, r := range refs {
		if _, err := pointer(doc, r); err != nil {
			t.Errorf("$ref %q: %v", r, err)
		}
	}
}

func TestOpenAPIServed(t *testing.T) {
	s := newAPIServer(t, storetest.MustOpenSQLite(t), nil)
	res := call(t, s, "GET", "/api/openapi.json", "", "")
	if res.code != http.StatusOK || !strings.HasPrefix(res.header.Get("Content-Type"), "application/json") {
		t.Fatalf("got status %d, Content-Type %q; want 200, application/json", res.code, res.header.Get("Content-Type"))
	}
	if !bytes.Equal(res.body, openAPIDoc) {
		t.Errorf("got a body of %d bytes, want the %d of openapi.json", len(res.body), len(openAPIDoc))
	}
}
