// Package client is the HTTP implementation of api.Service: the same
// calls as an in-process session, made against a running `cbb serve` with
// an API key. Errors come back as *model.Error with the code the server's
// problem type names, so a caller handles both implementations alike.
package client

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/cbb-alliance/cbb/api"
	"github.com/cbb-alliance/cbb/layers/data"
	"github.com/cbb-alliance/cbb/layers/design"
	"github.com/cbb-alliance/cbb/layers/model"
	"github.com/cbb-alliance/cbb/pdm/ingest"
	"github.com/cbb-alliance/cbb/retrieval"
)

// Client calls a cbb server as the holder of Key.
type Client struct {
	// Base is the server's address, as http://127.0.0.1:8080.
	Base string
	// Key is the API key's secret.
	Key string
	// HTTP is the client used; nil: http.DefaultClient.
	HTTP *http.Client
}

var _ api.Service = (*Client)(nil)

// problemBase starts the server's problem types (httpapi.typeBase).
const problemBase = "https://github.com/cbb-alliance/cbb/problems/"

// Error is a problem the server answered that maps to no error code of
// the model (rate limits, sizes, media types), with its HTTP status.
type Error struct {
	Status int
	Type   string
	Detail string
}

func (e *Error) Error() string { return fmt.Sprintf("%s (HTTP %d)", e.Detail, e.Status) }

// do sends a request with a JSON body (nil: none) and decodes the answer
// into out (nil: discard).
func (c *Client) do(ctx context.Context, method, path string, query url.Values, in, out any) error {
	var body io.Reader
	if in != nil {
		b, err := json.Marshal(in)
		if err != nil {
			return fmt.Errorf("encode %s %s: %w", method, path, err)
		}
		body = bytes.NewReader(b)
	}
	req, err := c.request(ctx, method, path, query, body)
	if err != nil {
		return err
	}
	if in != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	return c.send(req, out)
}

func (c *Client) request(ctx context.Context, method, path string, query url.Values, body io.Reader) (*http.Request, error) {
	u := strings.TrimRight(c.Base, "/") + path
	if len(query) > 0 {
		u += "?" + query.Encode()
	}
	req, err := http.NewRequestWithContext(ctx, method, u, body)
	if err != nil {
		return nil, fmt.Errorf("%s %s: %w", method, path, err)
	}
	req.Header.Set("Authorization", "Bearer "+c.Key)
	req.Header.Set("Accept", "application/json")
	return req, nil
}

func (c *Client) send(req *http.Request, out any) error {
	hc := c.HTTP
	if hc == nil {
		hc = http.DefaultClient
	}
	resp, err := hc.Do(req)
	if err != nil {
		return &model.Error{Code: model.Busy, Msg: fmt.Sprintf("cannot reach the cbb server at %s", c.Base), Err: err}
	}
	defer resp.Body.Close()
	if resp.StatusCode >= 300 {
		return readProblem(resp)
	}
	if out == nil {
		_, err := io.Copy(io.Discard, resp.Body)
		return err
	}
	if err := json.NewDecoder(resp.Body).Decode(out); err != nil {
		return fmt.Errorf("%s %s: decode the answer: %w", req.Method, req.URL.Path, err)
	}
	return nil
}

// readProblem turns a problem+json answer into the error it stands for.
func readProblem(resp *http.Response) error {
	var p struct {
		Type, Title, Detail, Field, File string
		Line                             int
	}
	b, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err := json.Unmarshal(b, &p); err != nil || p.Type == "" {
		return &Error{Status: resp.StatusCode, Detail: strings.TrimSpace(string(b))}
	}
	code := model.ErrorCode(strings.TrimPrefix(p.Type, problemBase))
	switch code {
	case model.Invalid, model.NotFound, model.Conflict, model.Forbidden, model.Busy, model.Internal, model.Stale:
		return &model.Error{Code: code, Msg: p.Detail, Field: p.Field, File: p.File, Line: p.Line}
	case "unauthenticated":
		return &model.Error{Code: model.Forbidden, Msg: p.Detail}
	}
	return &Error{Status: resp.StatusCode, Type: p.Type, Detail: p.Detail}
}

func itemPath(ref string, tail string) string { return "/v1/items/" + url.PathEscape(ref) + tail }

// Whoami implements api.Service.
func (c *Client) Whoami(ctx context.Context) (api.Identity, error) {
	var id api.Identity
	return id, c.do(ctx, http.MethodGet, "/v1/whoami", nil, nil, &id)
}

// Item implements api.Service.
func (c *Client) Item(ctx context.Context, ref string, history bool) (api.ItemView, error) {
	var v api.ItemView
	q := url.Values{}
	if history {
		q.Set("history", "true")
	}
	return v, c.do(ctx, http.MethodGet, itemPath(ref, ""), q, nil, &v)
}

// WhereUsed implements api.Service.
func (c *Client) WhereUsed(ctx context.Context, ref string, deep bool) (api.Usage, error) {
	var u api.Usage
	q := url.Values{}
	if deep {
		q.Set("deep", "true")
	}
	return u, c.do(ctx, http.MethodGet, itemPath(ref, "/where-used"), q, nil, &u)
}

// Stats implements api.Service.
func (c *Client) Stats(ctx context.Context) (model.Stats, error) {
	var st model.Stats
	return st, c.do(ctx, http.MethodGet, "/v1/stats", nil, nil, &st)
}

// Query implements api.Service.
func (c *Client) Query(ctx context.Context, req model.Requirement, limit int) (retrieval.Result, error) {
	var res retrieval.Result
	in := struct {
		Requirement model.Requirement `json:"requirement"`
		Limit       int               `json:"limit,omitempty"`
	}{req, limit}
	return res, c.do(ctx, http.MethodPost, "/v1/query", nil, in, &res)
}

type designBody struct {
	Requirement model.Requirement `json:"requirement"`
	Options     api.PlanOptions   `json:"options"`
}

// Plan implements api.Service.
func (c *Client) Plan(ctx context.Context, req model.Requirement, opt api.PlanOptions) (design.Report, error) {
	var rep design.Report
	return rep, c.do(ctx, http.MethodPost, "/v1/design/plan", nil, designBody{req, opt}, &rep)
}

// Record implements api.Service.
func (c *Client) Record(ctx context.Context, req model.Requirement, opt api.PlanOptions) (api.Recorded, error) {
	var rec api.Recorded
	return rec, c.do(ctx, http.MethodPost, "/v1/design/record", nil, designBody{req, opt}, &rec)
}

// Duplicates implements api.Service.
func (c *Client) Duplicates(ctx context.Context, ref string, threshold float64) ([]retrieval.Duplicate, error) {
	var out []retrieval.Duplicate
	q := url.Values{}
	if threshold > 0 {
		q.Set("threshold", strconv.FormatFloat(threshold, 'g', -1, 64))
	}
	return out, c.do(ctx, http.MethodGet, itemPath(ref, "/duplicates"), q, nil, &out)
}

// Import implements api.Service: the files stream to the server as one
// multipart body, never whole in memory.
func (c *Client) Import(ctx context.Context, files []api.File, opt api.ImportOptions) (ingest.Report, error) {
	pr, pw := io.Pipe()
	mw := multipart.NewWriter(pw)
	go func() {
		err := func() error {
			w, err := mw.CreateFormField("options")
			if err != nil {
				return err
			}
			if err := json.NewEncoder(w).Encode(opt); err != nil {
				return err
			}
			for _, f := range files {
				w, err := mw.CreateFormFile("file", f.Name)
				if err != nil {
					return err
				}
				if _, err := io.Copy(w, f.Body); err != nil {
					return fmt.Errorf("send %s: %w", f.Name, err)
				}
			}
			return mw.Close()
		}()
		pw.CloseWithError(err)
	}()
	req, err := c.request(ctx, http.MethodPost, "/v1/imports", nil, pr)
	if err != nil {
		pr.Close()
		return ingest.Report{}, err
	}
	req.Header.Set("Content-Type", mw.FormDataContentType())
	var rep ingest.Report
	return rep, c.send(req, &rep)
}

// Members implements api.Service.
func (c *Client) Members(ctx context.Context) ([]model.Member, error) {
	var out []model.Member
	return out, c.do(ctx, http.MethodGet, "/v1/members", nil, nil, &out)
}

// Licences implements api.Service.
func (c *Client) Licences(ctx context.Context) ([]model.Licence, error) {
	var out []model.Licence
	return out, c.do(ctx, http.MethodGet, "/v1/licences", nil, nil, &out)
}

// GrantLicence implements api.Service.
func (c *Client) GrantLicence(ctx context.Context, l model.Licence) (model.Licence, error) {
	var out model.Licence
	return out, c.do(ctx, http.MethodPost, "/v1/licences", nil, l, &out)
}

// RevokeLicence implements api.Service.
func (c *Client) RevokeLicence(ctx context.Context, id string) (model.Licence, error) {
	var out model.Licence
	return out, c.do(ctx, http.MethodDelete, "/v1/licences/"+url.PathEscape(id), nil, nil, &out)
}

// CreateKey implements api.Service.
func (c *Client) CreateKey(ctx context.Context, k model.Key) (model.Key, string, error) {
	var out struct {
		model.Key
		Secret string `json:"secret"`
	}
	err := c.do(ctx, http.MethodPost, "/v1/keys", nil, k, &out)
	return out.Key, out.Secret, err
}

// Keys implements api.Service.
func (c *Client) Keys(ctx context.Context) ([]model.Key, error) {
	var out []model.Key
	return out, c.do(ctx, http.MethodGet, "/v1/keys", nil, nil, &out)
}

// RevokeKey implements api.Service.
func (c *Client) RevokeKey(ctx context.Context, id string) (model.Key, error) {
	var out model.Key
	return out, c.do(ctx, http.MethodDelete, "/v1/keys/"+url.PathEscape(id), nil, nil, &out)
}

// AuditLog implements api.Service.
func (c *Client) AuditLog(ctx context.Context, q data.AuditQuery) ([]model.AuditEntry, error) {
	v := url.Values{}
	if q.After > 0 {
		v.Set("after", strconv.FormatUint(q.After, 10))
	}
	if q.Limit > 0 {
		v.Set("limit", strconv.Itoa(q.Limit))
	}
	for k, s := range map[string]string{"actor": string(q.Actor), "action": q.Action, "target": q.Target} {
		if s != "" {
			v.Set(k, s)
		}
	}
	var out []model.AuditEntry
	return out, c.do(ctx, http.MethodGet, "/v1/audit", v, nil, &out)
}

// Items implements api.Service.
func (c *Client) Items(ctx context.Context, f api.ItemFilter) (api.ItemPage, error) {
	q := url.Values{}
	for k, v := range map[string]string{"level": string(f.Level), "class": string(f.Class), "owner": string(f.Owner), "after": f.After} {
		if v != "" {
			q.Set(k, v)
		}
	}
	if f.Limit > 0 {
		q.Set("limit", strconv.Itoa(f.Limit))
	}
	var page api.ItemPage
	return page, c.do(ctx, http.MethodGet, "/v1/items", q, nil, &page)
}

// AddMember implements api.Service.
func (c *Client) AddMember(ctx context.Context, m model.Member) (model.Member, error) {
	var out model.Member
	return out, c.do(ctx, http.MethodPost, "/v1/members", nil, m, &out)
}

// SetMemberStatus implements api.Service: ifMatch goes as If-Match.
func (c *Client) SetMemberStatus(ctx context.Context, id model.MemberID, status model.MemberStatus, ifMatch string) (model.Member, error) {
	b, err := json.Marshal(map[string]model.MemberStatus{"status": status})
	if err != nil {
		return model.Member{}, err
	}
	req, err := c.request(ctx, http.MethodPut, "/v1/members/"+url.PathEscape(string(id))+"/status", nil, bytes.NewReader(b))
	if err != nil {
		return model.Member{}, err
	}
	req.Header.Set("Content-Type", "application/json")
	if ifMatch != "" {
		req.Header.Set("If-Match", `"`+ifMatch+`"`)
	}
	var out model.Member
	return out, c.send(req, &out)
}

// Projects implements api.Service.
func (c *Client) Projects(ctx context.Context) ([]model.Project, error) {
	var out []model.Project
	return out, c.do(ctx, http.MethodGet, "/v1/projects", nil, nil, &out)
}

// AddProject implements api.Service.
func (c *Client) AddProject(ctx context.Context, p model.Project) (model.Project, error) {
	var out model.Project
	return out, c.do(ctx, http.MethodPost, "/v1/projects", nil, p, &out)
}

// Credits implements api.Service.
func (c *Client) Credits(ctx context.Context) (map[model.MemberID]float64, error) {
	var out map[model.MemberID]float64
	return out, c.do(ctx, http.MethodGet, "/v1/credits", nil, nil, &out)
}

// Rules implements api.Service.
func (c *Client) Rules(ctx context.Context, status model.RuleStatus) ([]model.Rule, error) {
	q := url.Values{}
	if status != "" {
		q.Set("status", string(status))
	}
	var out []model.Rule
	return out, c.do(ctx, http.MethodGet, "/v1/rules", q, nil, &out)
}

// RuleVersions implements api.Service.
func (c *Client) RuleVersions(ctx context.Context, id string) ([]model.Rule, error) {
	var out []model.Rule
	return out, c.do(ctx, http.MethodGet, "/v1/rules/"+url.PathEscape(id)+"/versions", nil, nil, &out)
}

// PutRules implements api.Service.
func (c *Client) PutRules(ctx context.Context, rules []model.Rule) ([]model.Rule, error) {
	var out []model.Rule
	return out, c.do(ctx, http.MethodPost, "/v1/rules", nil, rules, &out)
}

// SetRuleStatus implements api.Service.
func (c *Client) SetRuleStatus(ctx context.Context, id string, status model.RuleStatus) (model.Rule, error) {
	var out model.Rule
	return out, c.do(ctx, http.MethodPut, "/v1/rules/"+url.PathEscape(id)+"/status", nil, map[string]model.RuleStatus{"status": status}, &out)
}

// Variability implements api.Service.
func (c *Client) Variability(ctx context.Context, ref string) (model.Variability, error) {
	var out model.Variability
	return out, c.do(ctx, http.MethodGet, itemPath(ref, "/variability"), nil, nil, &out)
}

// PutVariability implements api.Service.
func (c *Client) PutVariability(ctx context.Context, v model.Variability) error {
	return c.do(ctx, http.MethodPut, itemPath(string(v.Item), "/variability"), nil, v, nil)
}

// Requests implements api.Service.
func (c *Client) Requests(ctx context.Context, state model.RequestState) ([]model.Request, error) {
	q := url.Values{}
	if state != "" {
		q.Set("state", string(state))
	}
	var out []model.Request
	return out, c.do(ctx, http.MethodGet, "/v1/rd", q, nil, &out)
}

// AssignRequest implements api.Service.
func (c *Client) AssignRequest(ctx context.Context, id string, to model.MemberID) (model.Request, error) {
	var out model.Request
	return out, c.do(ctx, http.MethodPut, "/v1/rd/"+url.PathEscape(id)+"/assignee", nil, map[string]model.MemberID{"member": to}, &out)
}

// CloseRequest implements api.Service.
func (c *Client) CloseRequest(ctx context.Context, id string, result string) (model.Request, error) {
	var out model.Request
	return out, c.do(ctx, http.MethodPut, "/v1/rd/"+url.PathEscape(id)+"/done", nil, map[string]string{"result": result}, &out)
}

// StartRun implements api.Service.
func (c *Client) StartRun(ctx context.Context, kind string, params json.RawMessage) (api.Job, error) {
	var out api.Job
	body := map[string]any{"kind": kind}
	if len(params) > 0 {
		body["params"] = params
	}
	return out, c.do(ctx, http.MethodPost, "/v1/runs", nil, body, &out)
}

// Job implements api.Service.
func (c *Client) Job(ctx context.Context, id string) (api.Job, error) {
	var out api.Job
	return out, c.do(ctx, http.MethodGet, "/v1/jobs/"+url.PathEscape(id), nil, nil, &out)
}

// CancelJob implements api.Service.
func (c *Client) CancelJob(ctx context.Context, id string) (api.Job, error) {
	var out api.Job
	return out, c.do(ctx, http.MethodDelete, "/v1/jobs/"+url.PathEscape(id), nil, nil, &out)
}

// Runs implements api.Service.
func (c *Client) Runs(ctx context.Context) ([]model.Run, error) {
	var out []model.Run
	return out, c.do(ctx, http.MethodGet, "/v1/runs", nil, nil, &out)
}

// Run implements api.Service.
func (c *Client) Run(ctx context.Context, id string) (model.Run, error) {
	var out model.Run
	return out, c.do(ctx, http.MethodGet, "/v1/runs/"+url.PathEscape(id), nil, nil, &out)
}

// Picture implements api.Service.
func (c *Client) Picture(ctx context.Context, run, name string) ([]byte, error) {
	req, err := c.request(ctx, http.MethodGet, "/v1/runs/"+url.PathEscape(run)+"/pictures/"+url.PathEscape(name), nil, nil)
	if err != nil {
		return nil, err
	}
	hc := c.HTTP
	if hc == nil {
		hc = http.DefaultClient
	}
	resp, err := hc.Do(req)
	if err != nil {
		return nil, &model.Error{Code: model.Busy, Msg: fmt.Sprintf("cannot reach the cbb server at %s", c.Base), Err: err}
	}
	defer resp.Body.Close()
	if resp.StatusCode >= 300 {
		return nil, readProblem(resp)
	}
	return io.ReadAll(resp.Body)
}
