package httpapi

import (
	"context"
	"errors"
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/cbb-alliance/cbb/layers/model"
)

// typeBase starts every problem type; the kinds are listed in docs/API.md.
const typeBase = "https://github.com/cbb-alliance/cbb/problems/"

// problem is an RFC 9457 problem detail, with the input location cbb's
// errors carry.
type problem struct {
	Type     string `json:"type"`
	Title    string `json:"title"`
	Status   int    `json:"status"`
	Detail   string `json:"detail,omitempty"`
	Instance string `json:"instance,omitempty"` // the request id
	Field    string `json:"field,omitempty"`
	File     string `json:"file,omitempty"`
	Line     int    `json:"line,omitempty"`
}

func (p *problem) Error() string { return p.Detail }

var errUnauthenticated = &problem{Status: http.StatusUnauthorized, Type: typeBase + "unauthenticated", Title: "Unauthenticated",
	Detail: "give a valid API key as Authorization: Bearer <key>"}

// statuses maps each error code to its one HTTP status and problem type.
var statuses = map[model.ErrorCode]struct {
	status int
	title  string
}{
	model.Invalid:   {http.StatusBadRequest, "Invalid request"},
	model.NotFound:  {http.StatusNotFound, "Not found"},
	model.Conflict:  {http.StatusConflict, "Conflict"},
	model.Forbidden: {http.StatusForbidden, "Forbidden"},
	model.Busy:      {http.StatusServiceUnavailable, "Busy"},
	model.Stale:     {http.StatusPreconditionFailed, "Precondition failed"},
	model.Internal:  {http.StatusInternalServerError, "Internal error"},
}

// ProblemType is the problem type of an error code, as the server sends
// it and the client reads it back.
func ProblemType(code model.ErrorCode) string { return typeBase + string(code) }

// toProblem turns any error into the problem sent.
func toProblem(err error) *problem {
	var p *problem
	if errors.As(err, &p) {
		return p
	}
	var he *echo.HTTPError
	if errors.As(err, &he) {
		kind := "http"
		switch he.Code {
		case http.StatusNotFound:
			kind = string(model.NotFound)
		case http.StatusMethodNotAllowed:
			kind = "method-not-allowed"
		case http.StatusRequestEntityTooLarge:
			kind = "too-large"
		}
		return &problem{Status: he.Code, Type: typeBase + kind, Title: http.StatusText(he.Code), Detail: http.StatusText(he.Code)}
	}
	if errors.Is(err, context.DeadlineExceeded) {
		return &problem{Status: http.StatusServiceUnavailable, Type: typeBase + "timeout", Title: "Timed out", Detail: "the request took longer than the server allows"}
	}
	if errors.Is(err, context.Canceled) {
		return &problem{Status: http.StatusServiceUnavailable, Type: typeBase + "busy", Title: "Cancelled", Detail: "the request was cancelled (the server is stopping, or the client went away)"}
	}
	code := model.Code(err)
	st := statuses[code]
	p = &problem{Status: st.status, Type: ProblemType(code), Title: st.title, Detail: err.Error()}
	var me *model.Error
	if errors.As(err, &me) {
		p.Field, p.File, p.Line = me.Field, me.File, me.Line
		p.Detail = me.Msg
		if me.Err != nil {
			p.Detail = me.Error()
		}
	}
	if code == model.Internal {
		p.Detail = "an internal error; the server's log has it under the request id"
	}
	return p
}

// handleError writes every error as problem+json.
func (s *Server) handleError(err error, c echo.Context) {
	if c.Response().Committed {
		return
	}
	p := toProblem(err)
	p.Instance = c.Response().Header().Get(echo.HeaderXRequestID)
	if p.Status >= 500 {
		s.opt.Log.Error("request failed", "id", p.Instance, "route", c.Path(), "err", err)
	}
	c.Response().Header().Set(echo.HeaderContentType, "application/problem+json")
	c.Response().WriteHeader(p.Status)
	_ = jsonEncode(c.Response(), p)
}
