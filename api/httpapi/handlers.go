package httpapi

import (
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/cbb-alliance/cbb/api"
	"github.com/cbb-alliance/cbb/layers/data"
	"github.com/cbb-alliance/cbb/layers/model"
	"github.com/cbb-alliance/cbb/retrieval"
)

func jsonEncode(w io.Writer, v any) error { return json.NewEncoder(w).Encode(v) }

// boolParam reads a query parameter "true"/"false" (absent: false).
func boolParam(c echo.Context, name string) (bool, error) {
	v := c.QueryParam(name)
	if v == "" {
		return false, nil
	}
	b, err := strconv.ParseBool(v)
	if err != nil {
		return false, &model.Error{Code: model.Invalid, Field: name, Msg: "want true or false"}
	}
	return b, nil
}

func (s *Server) whoami(c echo.Context) error {
	id, err := session(c).Whoami(c.Request().Context())
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, id)
}

func (s *Server) item(c echo.Context) error {
	r, err := ref(c, "ref")
	if err != nil {
		return err
	}
	history, err := boolParam(c, "history")
	if err != nil {
		return err
	}
	v, err := session(c).Item(c.Request().Context(), r, history)
	if err != nil {
		return err
	}
	// The ETag is the item's revision and a digest of what this viewer
	// is shown (its visible edges change with licences, not revisions):
	// a PDM that has the answer already is told so without the body.
	body, err := json.Marshal(v)
	if err != nil {
		return err
	}
	sum := sha256.Sum256(body)
	etag := fmt.Sprintf(`"%s@%d-%x"`, v.ID, v.Revision, sum[:8])
	c.Response().Header().Set("ETag", etag)
	if match := c.Request().Header.Get("If-None-Match"); match != "" && match == etag {
		return c.NoContent(http.StatusNotModified)
	}
	return c.JSONBlob(http.StatusOK, body)
}

func (s *Server) whereUsed(c echo.Context) error {
	r, err := ref(c, "ref")
	if err != nil {
		return err
	}
	deep, err := boolParam(c, "deep")
	if err != nil {
		return err
	}
	u, err := session(c).WhereUsed(c.Request().Context(), r, deep)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, u)
}

func (s *Server) duplicates(c echo.Context) error {
	r, err := ref(c, "ref")
	if err != nil {
		return err
	}
	threshold := 0.0
	if v := c.QueryParam("threshold"); v != "" {
		if threshold, err = strconv.ParseFloat(v, 64); err != nil || !(threshold >= 0 && threshold <= 1) {
			return &model.Error{Code: model.Invalid, Field: "threshold", Msg: "want a number from 0 to 1"}
		}
	}
	d, err := session(c).Duplicates(c.Request().Context(), r, threshold)
	if err != nil {
		return err
	}
	if d == nil {
		d = []retrieval.Duplicate{}
	}
	return c.JSON(http.StatusOK, d)
}

func (s *Server) stats(c echo.Context) error {
	st, err := session(c).Stats(c.Request().Context())
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, st)
}

// QueryRequest is the body of POST /v1/query.
type QueryRequest struct {
	Requirement model.Requirement `json:"requirement"`
	Limit       int               `json:"limit,omitempty"`
}

func (s *Server) query(c echo.Context) error {
	var q QueryRequest
	if err := decode(c, &q); err != nil {
		return err
	}
	if q.Limit < 0 || q.Limit > 1000 {
		return &model.Error{Code: model.Invalid, Field: "limit", Msg: "want 0 to 1000"}
	}
	if q.Limit == 0 {
		q.Limit = 10
	}
	res, err := session(c).Query(c.Request().Context(), q.Requirement, q.Limit)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, res)
}

// DesignRequest is the body of POST /v1/design/plan and /v1/design/record.
type DesignRequest struct {
	Requirement model.Requirement `json:"requirement"`
	Options     api.PlanOptions   `json:"options"`
}

func (s *Server) plan(c echo.Context) error {
	var q DesignRequest
	if err := decode(c, &q); err != nil {
		return err
	}
	rep, err := session(c).Plan(c.Request().Context(), q.Requirement, q.Options)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, rep)
}

func (s *Server) record(c echo.Context) error {
	var q DesignRequest
	if err := decode(c, &q); err != nil {
		return err
	}
	rec, err := session(c).Record(c.Request().Context(), q.Requirement, q.Options)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, rec)
}

// importFiles reads a multipart body: a part "options" (JSON
// api.ImportOptions, optional) and one part "file" per file, its file
// name the path within the import. Parts stream to the core, which
// writes them to disk.
func (s *Server) importFiles(c echo.Context) error {
	// The right to import is checked before a byte of the body is read.
	if err := session(c).Require(model.ActImport); err != nil {
		return err
	}
	select {
	case s.uploads <- struct{}{}:
		defer func() { <-s.uploads }()
	case <-c.Request().Context().Done():
		return c.Request().Context().Err()
	}
	mr, err := c.Request().MultipartReader()
	if err != nil {
		return &model.Error{Code: model.Invalid, Msg: "an import is a multipart/form-data body of file parts", Err: err}
	}
	var opt api.ImportOptions
	var files []api.File
	// The core reads files in order; parts of a multipart body can only
	// be read in order, so each is spooled by the core as it comes.
	spool := &spooler{}
	defer spool.close()
	for {
		p, err := mr.NextPart()
		if err == io.EOF {
			break
		}
		var tooLarge *http.MaxBytesError
		if errors.As(err, &tooLarge) {
			return &problem{Status: http.StatusRequestEntityTooLarge, Type: typeBase + "too-large", Title: "Request body too large",
				Detail: fmt.Sprintf("the upload is over the %d-byte cap", tooLarge.Limit)}
		}
		if err != nil {
			return &model.Error{Code: model.Invalid, Msg: "malformed multipart body", Err: err}
		}
		switch p.FormName() {
		case "options":
			dec := json.NewDecoder(io.LimitReader(p, 1<<20))
			dec.DisallowUnknownFields()
			if err := dec.Decode(&opt); err != nil {
				return jsonError(err)
			}
		case "file":
			// FileName() keeps only the base name; the import's folders
			// matter (a bom/ folder is one product), and the core refuses
			// names that climb out of the import.
			_, params, err := mime.ParseMediaType(p.Header.Get("Content-Disposition"))
			if err != nil || params["filename"] == "" {
				return &model.Error{Code: model.Invalid, Field: "file", Msg: "a file part without a file name"}
			}
			f, err := spool.add(params["filename"], p)
			if err != nil {
				return err
			}
			files = append(files, f)
		default:
			return &model.Error{Code: model.Invalid, Field: p.FormName(), Msg: "unknown part (want options or file)"}
		}
	}
	rep, err := session(c).Import(c.Request().Context(), files, opt)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, rep)
}

func (s *Server) members(c echo.Context) error {
	ms, err := session(c).Members(c.Request().Context())
	if err != nil {
		return err
	}
	if ms == nil {
		ms = []model.Member{}
	}
	return c.JSON(http.StatusOK, ms)
}

func (s *Server) licences(c echo.Context) error {
	ls, err := session(c).Licences(c.Request().Context())
	if err != nil {
		return err
	}
	if ls == nil {
		ls = []model.Licence{}
	}
	return c.JSON(http.StatusOK, ls)
}

func (s *Server) grantLicence(c echo.Context) error {
	var l model.Licence
	if err := decode(c, &l); err != nil {
		return err
	}
	got, err := session(c).GrantLicence(c.Request().Context(), l)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, got)
}

func (s *Server) revokeLicence(c echo.Context) error {
	id, err := ref(c, "id")
	if err != nil {
		return err
	}
	l, err := session(c).RevokeLicence(c.Request().Context(), id)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, l)
}

// KeyCreated is the answer of POST /v1/keys: the key and its secret,
// shown this once.
type KeyCreated struct {
	model.Key
	Secret string `json:"secret"`
}

func (s *Server) createKey(c echo.Context) error {
	var k model.Key
	if err := decode(c, &k); err != nil {
		return err
	}
	got, secret, err := session(c).CreateKey(c.Request().Context(), k)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, KeyCreated{Key: got, Secret: secret})
}

func (s *Server) keys(c echo.Context) error {
	ks, err := session(c).Keys(c.Request().Context())
	if err != nil {
		return err
	}
	if ks == nil {
		ks = []model.Key{}
	}
	return c.JSON(http.StatusOK, ks)
}

func (s *Server) revokeKey(c echo.Context) error {
	id, err := ref(c, "id")
	if err != nil {
		return err
	}
	k, err := session(c).RevokeKey(c.Request().Context(), id)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, k)
}

func (s *Server) audit(c echo.Context) error {
	var q data.AuditQuery
	var err error
	if v := c.QueryParam("after"); v != "" {
		if q.After, err = strconv.ParseUint(v, 10, 64); err != nil {
			return &model.Error{Code: model.Invalid, Field: "after", Msg: "want an entry number"}
		}
	}
	if v := c.QueryParam("limit"); v != "" {
		if q.Limit, err = strconv.Atoi(v); err != nil || q.Limit < 0 {
			return &model.Error{Code: model.Invalid, Field: "limit", Msg: "want a count"}
		}
	}
	q.Actor, q.Action, q.Target = model.MemberID(c.QueryParam("actor")), c.QueryParam("action"), c.QueryParam("target")
	es, err := session(c).AuditLog(c.Request().Context(), q)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, es)
}

func (s *Server) items(c echo.Context) error {
	f := api.ItemFilter{Level: model.Level(c.QueryParam("level")), Class: model.ClassPath(c.QueryParam("class")),
		Owner: model.MemberID(c.QueryParam("owner")), After: c.QueryParam("after")}
	if v := c.QueryParam("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			return &model.Error{Code: model.Invalid, Field: "limit", Msg: "want a page size from 1 to 1000"}
		}
		f.Limit = n
	}
	page, err := session(c).Items(c.Request().Context(), f)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, page)
}

// member answers one member with its version as the ETag, for If-Match.
func (s *Server) member(c echo.Context) error {
	id, err := ref(c, "id")
	if err != nil {
		return err
	}
	ms, err := session(c).Members(c.Request().Context())
	if err != nil {
		return err
	}
	for _, m := range ms {
		if string(m.ID) == id {
			c.Response().Header().Set("ETag", `"`+api.MemberVersion(m)+`"`)
			return c.JSON(http.StatusOK, m)
		}
	}
	return model.Errorf(model.NotFound, "no member %s", id)
}

func (s *Server) addMember(c echo.Context) error {
	var m model.Member
	if err := decode(c, &m); err != nil {
		return err
	}
	got, err := session(c).AddMember(c.Request().Context(), m)
	if err != nil {
		return err
	}
	c.Response().Header().Set("ETag", `"`+api.MemberVersion(got)+`"`)
	return c.JSON(http.StatusCreated, got)
}

// StatusChange is the body of PUT /v1/members/{id}/status.
type StatusChange struct {
	Status model.MemberStatus `json:"status"`
}

// setMemberStatus honours If-Match: a change made on a stale copy of the
// member is refused with 412, so two administrators cannot overwrite each
// other.
func (s *Server) setMemberStatus(c echo.Context) error {
	id, err := ref(c, "id")
	if err != nil {
		return err
	}
	var b StatusChange
	if err := decode(c, &b); err != nil {
		return err
	}
	ifMatch := strings.TrimPrefix(strings.Trim(c.Request().Header.Get("If-Match"), `"`), "W/")
	if ifMatch == "*" {
		ifMatch = "" // any current version: the member exists, or the change fails as unknown
	}
	m, err := session(c).SetMemberStatus(c.Request().Context(), model.MemberID(id), b.Status, ifMatch)
	if err != nil {
		return err
	}
	c.Response().Header().Set("ETag", `"`+api.MemberVersion(m)+`"`)
	return c.JSON(http.StatusOK, m)
}

func (s *Server) projects(c echo.Context) error {
	ps, err := session(c).Projects(c.Request().Context())
	if err != nil {
		return err
	}
	if ps == nil {
		ps = []model.Project{}
	}
	return c.JSON(http.StatusOK, ps)
}

func (s *Server) addProject(c echo.Context) error {
	var p model.Project
	if err := decode(c, &p); err != nil {
		return err
	}
	got, err := session(c).AddProject(c.Request().Context(), p)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, got)
}

func (s *Server) credits(c echo.Context) error {
	cr, err := session(c).Credits(c.Request().Context())
	if err != nil {
		return err
	}
	if cr == nil {
		cr = map[model.MemberID]float64{}
	}
	return c.JSON(http.StatusOK, cr)
}

func (s *Server) rules(c echo.Context) error {
	rs, err := session(c).Rules(c.Request().Context(), model.RuleStatus(c.QueryParam("status")))
	if err != nil {
		return err
	}
	if rs == nil {
		rs = []model.Rule{}
	}
	return c.JSON(http.StatusOK, rs)
}

func (s *Server) putRules(c echo.Context) error {
	var rs []model.Rule
	if err := decode(c, &rs); err != nil {
		return err
	}
	got, err := session(c).PutRules(c.Request().Context(), rs)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, got)
}

func (s *Server) ruleVersions(c echo.Context) error {
	id, err := ref(c, "id")
	if err != nil {
		return err
	}
	vs, err := session(c).RuleVersions(c.Request().Context(), id)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, vs)
}

// RuleStatusChange is the body of PUT /v1/rules/{id}/status.
type RuleStatusChange struct {
	Status model.RuleStatus `json:"status"`
}

func (s *Server) setRuleStatus(c echo.Context) error {
	id, err := ref(c, "id")
	if err != nil {
		return err
	}
	var b RuleStatusChange
	if err := decode(c, &b); err != nil {
		return err
	}
	r, err := session(c).SetRuleStatus(c.Request().Context(), id, b.Status)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, r)
}

func (s *Server) variability(c echo.Context) error {
	r, err := ref(c, "ref")
	if err != nil {
		return err
	}
	v, err := session(c).Variability(c.Request().Context(), r)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, v)
}

func (s *Server) putVariability(c echo.Context) error {
	r, err := ref(c, "ref")
	if err != nil {
		return err
	}
	var v model.Variability
	if err := decode(c, &v); err != nil {
		return err
	}
	v.Item = model.ItemID(r)
	if err := session(c).PutVariability(c.Request().Context(), v); err != nil {
		return err
	}
	got, err := session(c).Variability(c.Request().Context(), r)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, got)
}

func (s *Server) requests(c echo.Context) error {
	rs, err := session(c).Requests(c.Request().Context(), model.RequestState(c.QueryParam("state")))
	if err != nil {
		return err
	}
	if rs == nil {
		rs = []model.Request{}
	}
	return c.JSON(http.StatusOK, rs)
}

// Assignment is the body of PUT /v1/rd/{id}/assignee.
type Assignment struct {
	Member model.MemberID `json:"member"`
}

func (s *Server) assignRequest(c echo.Context) error {
	id, err := ref(c, "id")
	if err != nil {
		return err
	}
	var b Assignment
	if err := decode(c, &b); err != nil {
		return err
	}
	r, err := session(c).AssignRequest(c.Request().Context(), id, b.Member)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, r)
}

// Completion is the body of PUT /v1/rd/{id}/done.
type Completion struct {
	Result string `json:"result,omitempty"`
}

func (s *Server) closeRequest(c echo.Context) error {
	id, err := ref(c, "id")
	if err != nil {
		return err
	}
	var b Completion
	if err := decode(c, &b); err != nil {
		return err
	}
	r, err := session(c).CloseRequest(c.Request().Context(), id, b.Result)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, r)
}

// RunRequest is the body of POST /v1/runs.
type RunRequest struct {
	Kind   string          `json:"kind"`
	Params json.RawMessage `json:"params,omitempty"`
}

func (s *Server) startRun(c echo.Context) error {
	var b RunRequest
	if err := decode(c, &b); err != nil {
		return err
	}
	j, err := session(c).StartRun(c.Request().Context(), b.Kind, b.Params)
	if err != nil {
		return err
	}
	c.Response().Header().Set("Location", "/v1/jobs/"+j.ID)
	return c.JSON(http.StatusAccepted, j)
}

func (s *Server) job(c echo.Context) error {
	id, err := ref(c, "id")
	if err != nil {
		return err
	}
	j, err := session(c).Job(c.Request().Context(), id)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, j)
}

func (s *Server) cancelJob(c echo.Context) error {
	id, err := ref(c, "id")
	if err != nil {
		return err
	}
	j, err := session(c).CancelJob(c.Request().Context(), id)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, j)
}

func (s *Server) runs(c echo.Context) error {
	rs, err := session(c).Runs(c.Request().Context())
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, rs)
}

func (s *Server) run(c echo.Context) error {
	id, err := ref(c, "id")
	if err != nil {
		return err
	}
	r, err := session(c).Run(c.Request().Context(), id)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, r)
}

func (s *Server) picture(c echo.Context) error {
	id, err := ref(c, "id")
	if err != nil {
		return err
	}
	name, err := ref(c, "name")
	if err != nil {
		return err
	}
	svg, err := session(c).Picture(c.Request().Context(), id, name)
	if err != nil {
		return err
	}
	return c.Blob(http.StatusOK, "image/svg+xml", svg)
}
