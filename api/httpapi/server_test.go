package httpapi_test

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/legacy"

	"github.com/cbb-alliance/cbb/api"
	"github.com/cbb-alliance/cbb/api/client"
	"github.com/cbb-alliance/cbb/api/httpapi"
	"github.com/cbb-alliance/cbb/layers/data"
	"github.com/cbb-alliance/cbb/layers/model"
)

// exercised records each operation of the OpenAPI document a test sent a
// well-formed request to; TestMain fails the package if one was never sent.
var exercised sync.Map // "METHOD /path/{param}" -> true

func TestMain(m *testing.M) {
	code := m.Run()
	// A filtered run (-run) exercises only part of the API on purpose.
	if code == 0 && flag.Lookup("test.run").Value.String() == "" {
		if missing := unexercised(); len(missing) > 0 {
			fmt.Fprintf(os.Stderr, "operations of the OpenAPI document no test sends a valid request to:\n  %s\n", strings.Join(missing, "\n  "))
			code = 1
		}
	}
	os.Exit(code)
}

func unexercised() []string {
	doc, err := openapi3.NewLoader().LoadFromData(httpapi.OpenAPI)
	if err != nil {
		return []string{err.Error()}
	}
	var missing []string
	for path, item := range doc.Paths.Map() {
		for method := range item.Operations() {
			if _, ok := exercised.Load(method + " " + path); !ok {
				missing = append(missing, method+" "+path)
			}
		}
	}
	slices.Sort(missing)
	return missing
}

// validating checks every request and response that passes through it
// against the OpenAPI document the server serves.
type validating struct {
	t      *testing.T
	router routers.Router
	next   http.RoundTripper
}

func newValidating(t *testing.T) *validating {
	t.Helper()
	openapi3filter.RegisterBodyDecoder("image/svg+xml", openapi3filter.FileBodyDecoder)
	doc, err := openapi3.NewLoader().LoadFromData(httpapi.OpenAPI)
	if err != nil {
		t.Fatal(err)
	}
	if err := doc.Validate(context.Background()); err != nil {
		t.Fatalf("the OpenAPI document is not valid: %v", err)
	}
	doc.Servers = nil // match any host: the test server's port is free
	r, err := legacy.NewRouter(doc)
	if err != nil {
		t.Fatal(err)
	}
	return &validating{t: t, router: r, next: http.DefaultTransport}
}

func (v *validating) RoundTrip(req *http.Request) (*http.Response, error) {
	var body []byte
	if req.Body != nil && !strings.HasPrefix(req.Header.Get("Content-Type"), "multipart/") {
		body, _ = io.ReadAll(req.Body)
		req.Body = io.NopCloser(bytes.NewReader(body))
	}
	route, params, err := v.router.FindRoute(req)
	if err != nil {
		if req.Header.Get("X-Test-Bad") == "" {
			v.t.Errorf("%s %s: no route in the OpenAPI document: %v", req.Method, req.URL.Path, err)
		}
		return v.next.RoundTrip(req)
	}
	in := &openapi3filter.RequestValidationInput{Request: req, PathParams: params, Route: route,
		Options: &openapi3filter.Options{AuthenticationFunc: openapi3filter.NoopAuthenticationFunc, ExcludeRequestBody: body == nil}}
	// Requests the tests make bad on purpose are not checked.
	if req.Header.Get("X-Test-Bad") == "" {
		if err := openapi3filter.ValidateRequest(req.Context(), in); err != nil {
			v.t.Errorf("%s %s: request does not follow the OpenAPI document: %v", req.Method, req.URL.Path, err)
		} else {
			exercised.Store(route.Method+" "+route.Path, true)
		}
		if body != nil {
			req.Body = io.NopCloser(bytes.NewReader(body))
		}
	}
	resp, err := v.next.RoundTrip(req)
	if err != nil {
		return resp, err
	}
	rb, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	resp.Body = io.NopCloser(bytes.NewReader(rb))
	out := &openapi3filter.ResponseValidationInput{RequestValidationInput: in, Status: resp.StatusCode, Header: resp.Header,
		Options: &openapi3filter.Options{IncludeResponseStatus: true}}
	out.SetBodyBytes(rb)
	if err := openapi3filter.ValidateResponse(req.Context(), out); err != nil {
		v.t.Errorf("%s %s: response %d does not follow the OpenAPI document: %v\n%s", req.Method, req.URL.Path, resp.StatusCode, err, rb)
	}
	return resp, nil
}

// fixture is an alliance on a store: members acme (with a private
// product), beta and gamma (expelled), keys of every role, and a server on
// 127.0.0.1:0.
type fixture struct {
	store   *data.Store
	core    *api.Core
	srv     *httptest.Server
	keys    map[string]string // by "member/role"
	private model.ItemID      // acme's owner-only product
	http    *http.Client
}

func newFixture(t *testing.T, opt httpapi.Options) *fixture {
	t.Helper()
	ctx := context.Background()
	s, err := data.Open(ctx, filepath.Join(t.TempDir(), "store"), data.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	for _, m := range []model.MemberID{"acme", "beta", "gamma"} {
		if err := s.PutMember(ctx, model.Administrator, model.Member{ID: m, Name: string(m), Kind: model.Enterprise, Status: model.Active}); err != nil {
			t.Fatal(err)
		}
	}
	f := &fixture{store: s, core: api.NewCore(s, nil), keys: map[string]string{}}
	t.Cleanup(func() { f.core.Close() })
	for _, k := range []model.Key{
		{Member: model.Administrator, Role: model.RoleAllianceAdmin},
		{Member: "acme", Role: model.RoleMemberAdmin}, {Member: "acme", Role: model.RoleEngineer},
		{Member: "acme", Role: model.RoleIntegration}, {Member: "acme", Role: model.RoleArchitect},
		{Member: "beta", Role: model.RoleMemberAdmin}, {Member: "gamma", Role: model.RoleEngineer},
	} {
		_, secret, err := s.CreateKey(ctx, model.Administrator, k)
		if err != nil {
			t.Fatal(err)
		}
		f.keys[string(k.Member)+"/"+string(k.Role)] = secret
	}
	acme, err := f.core.AsMember(ctx, "acme")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := acme.ImportPaths(ctx, []string{"../../testdata/kicad/StickIt-Hat.xml"}, api.ImportOptions{Scope: model.Scope{Kind: model.ScopeOwner}}); err != nil {
		t.Fatal(err)
	}
	beta, err := f.core.AsMember(ctx, "beta")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := beta.ImportPaths(ctx, []string{"../../testdata/kicad/LedTest.xml"}, api.ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	it, err := acme.Item(ctx, "StickIt-Hat", false)
	if err != nil {
		t.Fatal(err)
	}
	f.private = it.ID
	gamma, _ := s.Member(ctx, "gamma")
	gamma.Status = model.Expelled
	if err := s.PutMember(ctx, model.Administrator, gamma); err != nil {
		t.Fatal(err)
	}
	f.srv = httptest.NewServer(httpapi.New(f.core, opt))
	t.Cleanup(f.srv.Close)
	f.http = &http.Client{Transport: newValidating(t)}
	return f
}

// scenario is one request and what must come back.
type scenario struct {
	name        string
	key         string // "member/role"; "" none; "bad" a made-up one
	method      string
	path        string
	contentType string
	body        string
	bad         bool // a request malformed on purpose: not checked against the document
	status      int
	problem     string   // the problem type's last part, for errors
	contains    []string // in the body
	lacks       []string // not in the body
}

func (f *fixture) run(t *testing.T, sc scenario) {
	t.Helper()
	var body io.Reader
	if sc.body != "" {
		body = strings.NewReader(sc.body)
	}
	path := strings.ReplaceAll(sc.path, "{private}", string(f.private))
	req, err := http.NewRequest(sc.method, f.srv.URL+path, body)
	if err != nil {
		t.Fatal(err)
	}
	switch sc.key {
	case "":
	case "bad":
		req.Header.Set("Authorization", "Bearer cbbk_nokey_xxxx")
	default:
		secret, ok := f.keys[sc.key]
		if !ok {
			t.Fatalf("no key %s", sc.key)
		}
		req.Header.Set("Authorization", "Bearer "+secret)
	}
	if sc.contentType != "" {
		req.Header.Set("Content-Type", sc.contentType)
	} else if sc.body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	if sc.bad {
		req.Header.Set("X-Test-Bad", "1")
	}
	resp, err := f.http.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	text := string(b)
	if resp.StatusCode != sc.status {
		t.Errorf("%s: status %d, want %d\n%s", sc.name, resp.StatusCode, sc.status, text)
	}
	if sc.problem != "" {
		var p struct{ Type, Instance string }
		json.Unmarshal(b, &p)
		if !strings.HasSuffix(p.Type, "/problems/"+sc.problem) || resp.Header.Get("Content-Type") != "application/problem+json" || p.Instance == "" {
			t.Errorf("%s: problem %q (instance %q, %s), want type .../%s", sc.name, p.Type, p.Instance, resp.Header.Get("Content-Type"), sc.problem)
		}
	}
	for _, c := range sc.contains {
		if !strings.Contains(text, strings.ReplaceAll(c, "{private}", string(f.private))) {
			t.Errorf("%s: body lacks %q:\n%s", sc.name, c, text)
		}
	}
	for _, c := range sc.lacks {
		if strings.Contains(text, strings.ReplaceAll(c, "{private}", string(f.private))) {
			t.Errorf("%s: body holds %q:\n%s", sc.name, c, text)
		}
	}
}

// Every route, every error kind, keys of each role, checked against the
// OpenAPI document in both directions.
func TestScenarios(t *testing.T) {
	f := newFixture(t, httpapi.Options{MaxBody: 4096})
	req := `{"requirement":{"name":"r","items":[{"name":"led","text":"LED","level":"any","quantity":1}]},"limit":5}`
	design := `{"requirement":{"name":"r","items":[{"name":"led","text":"LED","level":"part","quantity":1}]},"options":{"candidates":4}}`
	for _, sc := range []scenario{
		{name: "health", method: "GET", path: "/healthz", status: 200},
		{name: "ready", method: "GET", path: "/readyz", status: 200},
		{name: "openapi", method: "GET", path: "/openapi.json", status: 200, contains: []string{`"openapi"`}},
		{name: "metrics", key: "admin/alliance-admin", method: "GET", path: "/metrics", status: 200, contains: []string{"cbb_http_requests_total", `route="/healthz"`, "cbb_index_lag_batches"}},
		{name: "metrics without a key", method: "GET", path: "/metrics", status: 401, problem: "unauthenticated"},
		{name: "metrics for a member", key: "acme/member-admin", method: "GET", path: "/metrics", status: 403, problem: "forbidden"},
		{name: "no key", method: "GET", path: "/v1/stats", status: 401, problem: "unauthenticated"},
		{name: "made-up key", key: "bad", method: "GET", path: "/v1/stats", status: 401, problem: "unauthenticated"},
		{name: "expelled member's key", key: "gamma/engineer", method: "GET", path: "/v1/stats", status: 401, problem: "unauthenticated"},
		{name: "whoami", key: "acme/engineer", method: "GET", path: "/v1/whoami", status: 200, contains: []string{`"member":"acme"`, `"role":"engineer"`}},
		{name: "own private item", key: "acme/engineer", method: "GET", path: "/v1/items/{private}?history=true", status: 200, contains: []string{"StickIt-Hat", `"revisions"`}},
		{name: "another member's private item", key: "beta/member-admin", method: "GET", path: "/v1/items/{private}", status: 404, problem: "not_found", lacks: []string{"StickIt-Hat"}},
		{name: "by name", key: "acme/engineer", method: "GET", path: "/v1/items/StickIt-Hat", status: 200, contains: []string{"{private}"}},
		{name: "by source key", key: "beta/member-admin", method: "GET", path: "/v1/items/kicad:LedTest", status: 200, contains: []string{"LedTest"}},
		{name: "where-used", key: "beta/member-admin", method: "GET", path: "/v1/items/kicad:LedTest/where-used?deep=true", status: 200},
		{name: "bad boolean", key: "acme/engineer", method: "GET", path: "/v1/items/{private}?history=maybe", bad: true, status: 400, problem: "invalid", contains: []string{`"field":"history"`}},
		{name: "duplicates", key: "acme/engineer", method: "GET", path: "/v1/items/{private}/duplicates", status: 200},
		{name: "dotted id", key: "acme/engineer", method: "GET", path: "/v1/items/..%2F..%2Fetc%2Fpasswd", bad: true, status: 404, problem: "not_found"},
		{name: "stats", key: "beta/member-admin", method: "GET", path: "/v1/stats", status: 200, contains: []string{`"products":1`}},
		{name: "query", key: "acme/engineer", method: "POST", path: "/v1/query", body: req, status: 200, contains: []string{`"member":"acme"`}},
		{name: "query as someone else", key: "acme/engineer", method: "POST", path: "/v1/query", body: strings.Replace(req, `"name":"r",`, `"name":"r","member":"beta",`, 1), status: 403, problem: "forbidden"},
		{name: "malformed JSON", key: "acme/engineer", method: "POST", path: "/v1/query", body: `{"requirement":`, bad: true, status: 400, problem: "invalid"},
		{name: "unknown field", key: "acme/engineer", method: "POST", path: "/v1/query", body: `{"requirement":{"items":[]},"colour":"red"}`, bad: true, status: 400, problem: "invalid", contains: []string{`"field":"colour"`}},
		{name: "wrong type", key: "acme/engineer", method: "POST", path: "/v1/query", body: `{"requirement":{"items":[]},"limit":"ten"}`, bad: true, status: 400, problem: "invalid", contains: []string{`"field":"limit"`}},
		{name: "invalid UTF-8", key: "acme/engineer", method: "POST", path: "/v1/query", body: "{\"requirement\":{\"name\":\"\xff\xfe\",\"items\":[]}}", bad: true, status: 400, problem: "invalid", contains: []string{"UTF-8"}},
		{name: "wrong content type", key: "acme/engineer", method: "POST", path: "/v1/query", contentType: "text/plain", body: req, bad: true, status: 415, problem: "unsupported-media-type"},
		{name: "oversized body", key: "acme/engineer", method: "POST", path: "/v1/query", body: `{"requirement":{"name":"` + strings.Repeat("x", 5000) + `","items":[]}}`, bad: true, status: 413, problem: "too-large"},
		{name: "plan", key: "acme/engineer", method: "POST", path: "/v1/design/plan", body: design, status: 200, contains: []string{`"feasible"`}},
		{name: "record as an engineer", key: "acme/engineer", method: "POST", path: "/v1/design/record", body: design, status: 201},
		{name: "record as an integration", key: "acme/integration", method: "POST", path: "/v1/design/record", body: design, status: 403, problem: "forbidden"},
		{name: "members", key: "acme/engineer", method: "GET", path: "/v1/members", status: 200, contains: []string{`"gamma"`}},
		{name: "licence by an engineer", key: "acme/engineer", method: "POST", path: "/v1/licences", body: `{"item":"{private}","licensees":["beta"],"purpose":"research"}`, status: 403, problem: "forbidden"},
		{name: "licence on another's item", key: "beta/member-admin", method: "POST", path: "/v1/licences", body: `{"item":"{private}","licensees":["beta"],"purpose":"research"}`, status: 404, problem: "not_found"},
		{name: "licences", key: "beta/member-admin", method: "GET", path: "/v1/licences", status: 200},
		{name: "revoke unknown licence", key: "acme/member-admin", method: "DELETE", path: "/v1/licences/L999999", status: 404, problem: "not_found"},
		{name: "key for own member", key: "acme/member-admin", method: "POST", path: "/v1/keys", body: `{"member":"acme","role":"architect","name":"PDM"}`, status: 201, contains: []string{`"secret":"cbbk_`}, lacks: []string{`"hash"`}},
		{name: "key for another member", key: "acme/member-admin", method: "POST", path: "/v1/keys", body: `{"member":"beta","role":"member-admin"}`, status: 403, problem: "forbidden"},
		{name: "key by an engineer", key: "acme/engineer", method: "POST", path: "/v1/keys", body: `{"member":"acme","role":"engineer"}`, status: 403, problem: "forbidden"},
		{name: "alliance-admin key for a member", key: "admin/alliance-admin", method: "POST", path: "/v1/keys", body: `{"member":"acme","role":"alliance-admin"}`, status: 400, problem: "invalid"},
		{name: "keys listed without hashes", key: "acme/member-admin", method: "GET", path: "/v1/keys", status: 200, lacks: []string{`"hash":"`, "beta"}},
		{name: "audit by a member", key: "acme/member-admin", method: "GET", path: "/v1/audit", status: 403, problem: "forbidden"},
		{name: "audit by the administrator", key: "admin/alliance-admin", method: "GET", path: "/v1/audit?action=import&limit=5", status: 200, contains: []string{`"action":"import"`}},
		{name: "unknown route", key: "acme/engineer", method: "GET", path: "/v1/nothing", bad: true, status: 404, problem: "not_found"},
		{name: "items", key: "beta/member-admin", method: "GET", path: "/v1/items?level=product&limit=5", status: 200, contains: []string{"LedTest"}, lacks: []string{"StickIt-Hat"}},
		{name: "items of an owner", key: "acme/engineer", method: "GET", path: "/v1/items?owner=acme&limit=2", status: 200, contains: []string{`"next":"`}},
		{name: "items bad cursor", key: "acme/engineer", method: "GET", path: "/v1/items?after=nonsense", status: 400, problem: "invalid", contains: []string{`"field":"after"`}},
		{name: "members admitted by a member", key: "acme/member-admin", method: "POST", path: "/v1/members", body: `{"id":"delta","name":"Delta","kind":"university"}`, status: 403, problem: "forbidden"},
		{name: "member admitted", key: "admin/alliance-admin", method: "POST", path: "/v1/members", body: `{"id":"delta","name":"Delta","kind":"university"}`, status: 201, contains: []string{`"status":"active"`}},
		{name: "projects", key: "admin/alliance-admin", method: "POST", path: "/v1/projects", body: `{"id":"p1","name":"Falcon","members":["acme","beta"]}`, status: 201},
		{name: "projects listed", key: "beta/member-admin", method: "GET", path: "/v1/projects", status: 200, contains: []string{"Falcon"}},
		{name: "credits", key: "beta/member-admin", method: "GET", path: "/v1/credits", status: 200},
		{name: "rules by an engineer", key: "acme/engineer", method: "POST", path: "/v1/rules", body: `[{"id":"fan","kind":"requires","if":["name:hot end"],"then":["name:fan"]}]`, status: 403, problem: "forbidden"},
		{name: "rules by an architect", key: "acme/architect", method: "POST", path: "/v1/rules", body: `[{"id":"fan","kind":"requires","if":["name:hot end"],"then":["name:fan"]}]`, status: 201, contains: []string{`"author":"acme"`, `"version":1`}},
		{name: "a rule that does not compile", key: "acme/architect", method: "POST", path: "/v1/rules", body: `[{"id":"bad","kind":"constraint","expr":"bore >= * 2"}]`, status: 400, problem: "invalid"},
		{name: "rule accepted", key: "acme/architect", method: "PUT", path: "/v1/rules/fan/status", body: `{"status":"accepted"}`, status: 200, contains: []string{`"version":2`, `"status":"accepted"`}},
		{name: "rule versions", key: "beta/member-admin", method: "GET", path: "/v1/rules/fan/versions", status: 200, contains: []string{`"version":2`}},
		{name: "rules listed", key: "beta/member-admin", method: "GET", path: "/v1/rules?status=accepted", status: 200, contains: []string{`"fan"`}},
		{name: "variability of a hidden item", key: "beta/member-admin", method: "GET", path: "/v1/items/{private}/variability", status: 404, problem: "not_found"},
		{name: "variability stated by another member", key: "beta/member-admin", method: "PUT", path: "/v1/items/{private}/variability", body: `{"parameters":[]}`, status: 404, problem: "not_found"},
		{name: "variability stated by its owner", key: "acme/architect", method: "PUT", path: "/v1/items/{private}/variability", body: `{"parameters":[{"name":"length","min":0.01,"max":0.02}]}`, status: 200, contains: []string{`"length"`}},
		{name: "R&D requests", key: "acme/engineer", method: "GET", path: "/v1/rd", status: 200},
		{name: "assign an unknown request", key: "acme/engineer", method: "PUT", path: "/v1/rd/RD-99999/assignee", body: `{"member":"beta"}`, status: 404, problem: "not_found"},
	} {
		t.Run(sc.name, func(t *testing.T) { f.run(t, sc) })
	}
}

// A member over its rate gets 429 with Retry-After, whichever of its keys
// it uses.
func TestRateLimit(t *testing.T) {
	f := newFixture(t, httpapi.Options{Rate: 1, Burst: 2})
	var err error
	for i := range 6 {
		key := []string{"acme/engineer", "acme/architect", "acme/integration"}[i%3]
		c := &client.Client{Base: f.srv.URL, Key: f.keys[key], HTTP: f.http}
		if _, err = c.Stats(context.Background()); err != nil {
			break
		}
	}
	var ce *client.Error
	if !asClientError(err, &ce) || ce.Status != http.StatusTooManyRequests {
		t.Fatalf("after a burst: %v, want 429", err)
	}
}

func asClientError(err error, target **client.Error) bool {
	ce, ok := err.(*client.Error)
	if ok {
		*target = ce
	}
	return ok
}

// The same calls through the session and through the client give the
// same answers: one core, two faces.
func TestBothFaces(t *testing.T) {
	f := newFixture(t, httpapi.Options{})
	ctx := context.Background()
	local, err := f.core.AsMember(ctx, "beta")
	if err != nil {
		t.Fatal(err)
	}
	// beta's key acts as beta; the session of the key equals the member's
	// but for the key id.
	remote := &client.Client{Base: f.srv.URL, Key: f.keys["beta/member-admin"], HTTP: f.http}
	for _, svc := range []api.Service{local, remote} {
		if _, err := svc.Item(ctx, string(f.private), false); model.Code(err) != model.NotFound {
			t.Errorf("%T: acme's private item as beta: %v", svc, err)
		}
	}
	same := func(what string, call func(api.Service) (any, error)) {
		t.Helper()
		a, err1 := call(local)
		b, err2 := call(remote)
		ja, _ := json.Marshal(a)
		jb, _ := json.Marshal(b)
		if err1 != nil || err2 != nil || !bytes.Equal(ja, jb) {
			t.Errorf("%s: the faces differ (%v, %v)\nlocal:  %.300s\nremote: %.300s", what, err1, err2, ja, jb)
		}
	}
	same("stats", func(s api.Service) (any, error) { return s.Stats(ctx) })
	same("item", func(s api.Service) (any, error) { return s.Item(ctx, "kicad:LedTest", false) })
	same("where-used", func(s api.Service) (any, error) { return s.WhereUsed(ctx, "kicad:LedTest", true) })
	same("members", func(s api.Service) (any, error) { return s.Members(ctx) })
	same("query", func(s api.Service) (any, error) {
		return s.Query(ctx, model.Requirement{Name: "q", Items: []model.RequirementItem{{Name: "led", Text: "LED 0805", Level: model.LevelAny, Quantity: 1}}}, 5)
	})
	same("plan", func(s api.Service) (any, error) {
		return s.Plan(ctx, model.Requirement{Name: "q", Items: []model.RequirementItem{{Name: "led", Text: "LED", Level: model.LevelPart, Quantity: 1}}}, api.PlanOptions{})
	})
	// An import through HTTP lands as beta's records, as one in-process.
	body, err := os.ReadFile("../../testdata/kicad/Decoder.xml")
	if err != nil {
		t.Fatal(err)
	}
	rep, err := remote.Import(ctx, []api.File{{Name: "boards/Decoder.xml", Body: bytes.NewReader(body)}}, api.ImportOptions{Scope: model.Scope{Kind: model.ScopeOwner}})
	if err != nil || rep.Result.Created == 0 || len(rep.Inputs) != 1 || rep.Inputs[0].Path != "boards/Decoder.xml" {
		t.Fatalf("import over HTTP: %+v, %v", rep, err)
	}
	it, err := local.Item(ctx, "Decoder", false)
	if err != nil || it.Owner != "beta" || it.Scope.Kind != model.ScopeOwner || it.Source.ExternalID == "" {
		t.Fatalf("the imported board: %+v, %v", it, err)
	}
	if _, err := remote.Import(ctx, []api.File{{Name: "../evil.xml", Body: bytes.NewReader(body)}}, api.ImportOptions{}); model.Code(err) != model.Invalid {
		t.Errorf("a file name with ..: %v", err)
	}

}

// Two administrators change one member: the second, working from the
// version it read before the first change, gets 412 and changes nothing.
func TestIfMatch(t *testing.T) {
	f := newFixture(t, httpapi.Options{})
	ctx := context.Background()
	admin := &client.Client{Base: f.srv.URL, Key: f.keys["admin/alliance-admin"], HTTP: f.http}
	ms, err := admin.Members(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var beta model.Member
	for _, m := range ms {
		if m.ID == "beta" {
			beta = m
		}
	}
	seen := api.MemberVersion(beta)
	if _, err := admin.SetMemberStatus(ctx, "beta", model.Withdrawn, seen); err != nil {
		t.Fatalf("the first change: %v", err)
	}
	if _, err := admin.SetMemberStatus(ctx, "beta", model.Expelled, seen); model.Code(err) != model.Stale {
		t.Fatalf("a change on a stale version: %v, want stale (412)", err)
	}
	now, err := f.store.Member(ctx, "beta")
	if err != nil || now.Status != model.Withdrawn {
		t.Fatalf("beta after the refused change: %+v %v", now, err)
	}
	// The ETag of GET /v1/members/{id} is the version If-Match takes.
	req, _ := http.NewRequest("GET", f.srv.URL+"/v1/members/beta", nil)
	req.Header.Set("Authorization", "Bearer "+f.keys["admin/alliance-admin"])
	resp, err := f.http.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if etag := resp.Header.Get("ETag"); etag != `"`+api.MemberVersion(now)+`"` {
		t.Errorf("ETag %s, want the member's version %s", etag, api.MemberVersion(now))
	}
}

// An architect starts a platform analysis as a job, follows its
// progress, reads the stored run and its picture; others may not see it.
func TestRunJobs(t *testing.T) {
	f := newFixture(t, httpapi.Options{})
	ctx := context.Background()
	architect := &client.Client{Base: f.srv.URL, Key: f.keys["acme/architect"], HTTP: f.http}
	engineer := &client.Client{Base: f.srv.URL, Key: f.keys["acme/engineer"], HTTP: f.http}
	other := &client.Client{Base: f.srv.URL, Key: f.keys["beta/member-admin"], HTTP: f.http}
	if _, err := engineer.StartRun(ctx, "platform", nil); model.Code(err) != model.Forbidden {
		t.Errorf("an engineer starts an analysis: %v", err)
	}
	if _, err := architect.StartRun(ctx, "cells", nil); model.Code(err) != model.Invalid {
		t.Errorf("a file analysis as a job: %v", err)
	}
	j, err := architect.StartRun(ctx, "platform", json.RawMessage(`{"restarts":3}`))
	if err != nil {
		t.Fatal(err)
	}
	for range 500 {
		if j, err = architect.Job(ctx, j.ID); err != nil || j.State != api.JobRunning {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	if err != nil || j.State != api.JobDone || j.Run == "" || len(j.Pictures) != 1 {
		t.Fatalf("the job: %+v, %v", j, err)
	}
	if _, err := other.Job(ctx, j.ID); model.Code(err) != model.NotFound {
		t.Errorf("beta sees acme's job: %v", err)
	}
	run, err := architect.Run(ctx, j.Run)
	if err != nil || run.Kind != "platform" || run.Actor != "acme" || len(run.Result) == 0 {
		t.Fatalf("the run: %+v, %v", run, err)
	}
	if _, err := other.Run(ctx, j.Run); model.Code(err) != model.NotFound {
		t.Errorf("beta reads acme's run: %v", err)
	}
	svg, err := architect.Picture(ctx, j.Run, j.Pictures[0])
	if err != nil || !bytes.Contains(svg, []byte("<svg")) {
		t.Fatalf("the picture: %.100s, %v", svg, err)
	}
	// The run and its pictures are written by acme, each in the audit log.
	admin := &client.Client{Base: f.srv.URL, Key: f.keys["admin/alliance-admin"], HTTP: f.http}
	log, err := admin.AuditLog(ctx, data.AuditQuery{Action: model.AuditRun, Target: j.Run})
	if err != nil || len(log) != 2 || log[0].Actor != "acme" || log[1].Actor != "acme" || !strings.Contains(log[1].Detail, j.Pictures[0]) {
		t.Errorf("the run's audit entries: %+v, %v", log, err)
	}
	runs, err := architect.Runs(ctx)
	if err != nil || len(runs) != 1 || (len(runs[0].Result) != 0 && string(runs[0].Result) != "null") {
		t.Errorf("runs: %+v, %v", runs, err)
	}
	// A job cancelled while it runs stores nothing.
	long, err := architect.StartRun(ctx, "platform", json.RawMessage(`{"restarts":100000}`))
	if err != nil {
		t.Fatal(err)
	}
	if long, err = architect.CancelJob(ctx, long.ID); err != nil || (long.State != api.JobCancelled && long.State != api.JobDone) {
		t.Fatalf("cancel: %+v, %v", long, err)
	}
}

// An item's ETag is its revision: asked again with If-None-Match, the
// server answers 304 without the body.
func TestItemETag(t *testing.T) {
	f := newFixture(t, httpapi.Options{})
	get := func(etag string) *http.Response {
		req, _ := http.NewRequest("GET", f.srv.URL+"/v1/items/"+string(f.private), nil)
		req.Header.Set("Authorization", "Bearer "+f.keys["acme/engineer"])
		if etag != "" {
			req.Header.Set("If-None-Match", etag)
		}
		resp, err := f.http.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp
	}
	first := get("")
	etag := first.Header.Get("ETag")
	if first.StatusCode != 200 || !strings.Contains(etag, string(f.private)+"@1-") {
		t.Fatalf("first read: %d, ETag %q", first.StatusCode, etag)
	}
	if again := get(etag); again.StatusCode != http.StatusNotModified {
		t.Errorf("read again with its ETag: %d, want 304", again.StatusCode)
	}
	if other := get(`"x@0-00"`); other.StatusCode != 200 {
		t.Errorf("read with another ETag: %d, want 200", other.StatusCode)
	}
}

// A revoked key stops working at once, and only its member may revoke
// it; an R&D request a design opens is closed by its assignee, with an
// item the assignee may see, and the requester sees it done.
func TestRevokeKeyAndCloseRequest(t *testing.T) {
	f := newFixture(t, httpapi.Options{})
	ctx := context.Background()
	as := func(key string) *client.Client {
		return &client.Client{Base: f.srv.URL, Key: f.keys[key], HTTP: f.http}
	}
	k, secret, err := as("acme/member-admin").CreateKey(ctx, model.Key{Member: "acme", Role: model.RoleEngineer, Name: "PDM"})
	if err != nil {
		t.Fatal(err)
	}
	pdm := &client.Client{Base: f.srv.URL, Key: secret, HTTP: f.http}
	if _, err := pdm.Whoami(ctx); err != nil {
		t.Fatalf("the new key: %v", err)
	}
	if _, err := as("beta/member-admin").RevokeKey(ctx, k.ID); err == nil {
		t.Error("beta revoked acme's key")
	}
	if _, err := pdm.Whoami(ctx); err != nil {
		t.Fatalf("the key after beta's attempt: %v", err)
	}
	revoked, err := as("acme/member-admin").RevokeKey(ctx, k.ID)
	if err != nil || revoked.Revoked.IsZero() {
		t.Fatalf("revoke: %+v, %v", revoked, err)
	}
	if _, err := pdm.Whoami(ctx); model.Code(err) != model.Forbidden {
		t.Errorf("a revoked key still answers: %v", err)
	}

	rec, err := as("acme/engineer").Record(ctx, model.Requirement{Name: "r", Items: []model.RequirementItem{
		{Name: "drive", Text: "LED", Level: model.LevelPart, Quantity: 1,
			Constraints: []model.Constraint{{Attribute: "power", Op: model.Min, Value: 1.21e9, Unit: "W", Must: true}}}}}, api.PlanOptions{})
	if err != nil || len(rec.Requests) == 0 {
		t.Fatalf("record a design with a new part: %+v %+v, %v", rec.Items, rec.Requests, err)
	}
	id := rec.Requests[0].ID
	if _, err := as("beta/member-admin").CloseRequest(ctx, id, ""); err == nil {
		t.Error("beta closed acme's R&D request")
	}
	if r, err := as("acme/engineer").AssignRequest(ctx, id, "beta"); err != nil || r.State != model.RequestAssigned {
		t.Fatalf("assign to beta: %+v, %v", r, err)
	}
	// The assignee closes it, naming an item it may see; acme's private
	// product is not one.
	if _, err := as("beta/member-admin").CloseRequest(ctx, id, string(f.private)); model.Code(err) != model.NotFound {
		t.Errorf("beta closed the request with acme's private item: %v", err)
	}
	done, err := as("beta/member-admin").CloseRequest(ctx, id, "kicad:LedTest")
	if err != nil || done.State != model.RequestDone || done.By != "beta" || done.Result == "" {
		t.Fatalf("close: %+v, %v", done, err)
	}
	list, err := as("acme/engineer").Requests(ctx, model.RequestDone)
	if err != nil || !slices.ContainsFunc(list, func(r model.Request) bool { return r.ID == id }) {
		t.Errorf("the closed request is not listed as done: %+v, %v", list, err)
	}
}
