// Package httpapi serves the application core (package api) over HTTP with
// echo; no echo type leaves this package. Every route is listed in
// routes, decodes its request, calls the caller's api.Session (made from
// the API key in the Authorization header, never from a parameter), and
// encodes the answer; every error is an RFC 9457 problem+json with a
// stable type per error kind (see problem.go). The OpenAPI document of the
// routes is served at /openapi.json.
package httpapi

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"
	"golang.org/x/time/rate"

	"github.com/cbb-alliance/cbb/api"
	"github.com/cbb-alliance/cbb/layers/model"
)

// Options tune the server.
type Options struct {
	// MaxBody caps a request body in bytes (default 64 MiB; imports get
	// MaxUpload).
	MaxBody int64
	// MaxUpload caps an import's body (default 512 MiB).
	MaxUpload int64
	// RequestTimeout bounds the work of one request (default 60 s).
	RequestTimeout time.Duration
	// Rate is the requests per second allowed per key, with Burst (default
	// 50/s, burst 100); 0 keeps the default.
	Rate  float64
	Burst int
	Log   *slog.Logger
}

// Server is the HTTP face of an api.Core.
type Server struct {
	core    *api.Core
	opt     Options
	echo    *echo.Echo
	ready   func() bool
	metrics *metrics
	// uploads admits two uploads at a time: each spools its files to
	// disk before the import, and the store writes one batch at a time
	// anyway.
	uploads chan struct{}
}

// New returns the HTTP handler of core.
func New(core *api.Core, opt Options) *Server {
	if opt.MaxBody <= 0 {
		opt.MaxBody = 64 << 20
	}
	if opt.MaxUpload <= 0 {
		opt.MaxUpload = 512 << 20
	}
	if opt.RequestTimeout <= 0 {
		opt.RequestTimeout = 60 * time.Second
	}
	if opt.Rate <= 0 {
		opt.Rate, opt.Burst = 50, 100
	}
	if opt.Log == nil {
		opt.Log = slog.New(slog.DiscardHandler)
	}
	e := echo.New()
	e.HideBanner, e.HidePort = true, true
	// The client address is the connection's: headers a client sets
	// (X-Forwarded-For) would let it pick its own rate-limit bucket.
	e.IPExtractor = echo.ExtractIPDirect()
	s := &Server{core: core, opt: opt, echo: e, ready: func() bool { return true }, metrics: newMetrics(), uploads: make(chan struct{}, 2)}
	core.OnSync(func(batches, indexed int) {
		s.metrics.lag.Set(float64(batches))
		s.metrics.indexed.Add(float64(indexed))
	})
	e.HTTPErrorHandler = s.handleError
	e.Use(middleware.RequestID())
	e.Use(s.accessLog)
	e.Use(s.metrics.observe)
	e.Use(middleware.Recover())
	e.Use(s.limitBody)
	e.Use(s.timeout)
	s.routes()
	return s
}

// ServeHTTP implements http.Handler.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.echo.ServeHTTP(w, r) }

// SetReady says whether /readyz answers ready (false while shutting down).
func (s *Server) SetReady(ready func() bool) { s.ready = ready }

// routes lists every route in one place.
func (s *Server) routes() {
	e := s.echo
	e.GET("/healthz", func(c echo.Context) error { return c.JSON(http.StatusOK, map[string]string{"status": "ok"}) })
	e.GET("/readyz", s.readyz)
	// Metrics tell the alliance's activity: the administrator's to read
	// (a Prometheus scraper sends its key as a bearer token).
	e.GET("/metrics", s.metrics.handler(), s.authenticate, s.adminOnly)
	e.GET("/openapi.json", func(c echo.Context) error { return c.Blob(http.StatusOK, echo.MIMEApplicationJSON, OpenAPI) })
	// Failed authentications are limited by address, before the key is
	// looked up; then every member's requests together, over all its keys.
	v := e.Group("/v1", s.addressLimit(), s.authenticate, s.rateLimit())
	v.GET("/whoami", s.whoami)
	v.GET("/items/:ref", s.item)
	v.GET("/items/:ref/where-used", s.whereUsed)
	v.GET("/items/:ref/duplicates", s.duplicates)
	v.GET("/stats", s.stats)
	v.POST("/query", s.query)
	v.POST("/design/plan", s.plan)
	v.POST("/design/record", s.record)
	v.POST("/imports", s.importFiles)
	v.GET("/items", s.items)
	v.GET("/members", s.members)
	v.POST("/members", s.addMember)
	v.GET("/members/:id", s.member)
	v.PUT("/members/:id/status", s.setMemberStatus)
	v.GET("/projects", s.projects)
	v.POST("/projects", s.addProject)
	v.GET("/credits", s.credits)
	v.GET("/rules", s.rules)
	v.POST("/rules", s.putRules)
	v.GET("/rules/:id/versions", s.ruleVersions)
	v.PUT("/rules/:id/status", s.setRuleStatus)
	v.GET("/items/:ref/variability", s.variability)
	v.PUT("/items/:ref/variability", s.putVariability)
	v.GET("/rd", s.requests)
	v.PUT("/rd/:id/assignee", s.assignRequest)
	v.PUT("/rd/:id/done", s.closeRequest)
	v.POST("/runs", s.startRun)
	v.GET("/runs", s.runs)
	v.GET("/runs/:id", s.run)
	v.GET("/runs/:id/pictures/:name", s.picture)
	v.GET("/jobs/:id", s.job)
	v.DELETE("/jobs/:id", s.cancelJob)
	v.GET("/licences", s.licences)
	v.POST("/licences", s.grantLicence)
	v.DELETE("/licences/:id", s.revokeLicence)
	v.GET("/keys", s.keys)
	v.POST("/keys", s.createKey)
	v.DELETE("/keys/:id", s.revokeKey)
	v.GET("/audit", s.audit)
}

// sessionKey is where authenticate leaves the caller's session.
const sessionKey = "cbb.session"

// authenticate makes the caller's session from its API key
// (Authorization: Bearer <key>); no identity is taken from anything else.
func (s *Server) authenticate(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		scheme, secret, ok := strings.Cut(c.Request().Header.Get(echo.HeaderAuthorization), " ")
		if !ok || !strings.EqualFold(scheme, "Bearer") || strings.TrimSpace(secret) == "" {
			return errUnauthenticated
		}
		ses, err := s.core.AsKey(c.Request().Context(), strings.TrimSpace(secret))
		if err != nil {
			if model.Code(err) == model.Forbidden {
				return errUnauthenticated
			}
			return err
		}
		c.Set(sessionKey, ses)
		return next(c)
	}
}

func session(c echo.Context) *api.Session { return c.Get(sessionKey).(*api.Session) }

// adminOnly lets only the administrator's keys through.
func (s *Server) adminOnly(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		if err := session(c).Require(model.ActAdminister); err != nil {
			return err
		}
		return next(c)
	}
}

// addressLimit allows each client address ten times a member's rate:
// enough for a PDM system's several keys, not for guessing keys.
func (s *Server) addressLimit() echo.MiddlewareFunc {
	store := middleware.NewRateLimiterMemoryStoreWithConfig(middleware.RateLimiterMemoryStoreConfig{
		Rate: rate.Limit(10 * s.opt.Rate), Burst: 10 * s.opt.Burst, ExpiresIn: 3 * time.Minute,
	})
	return middleware.RateLimiterWithConfig(middleware.RateLimiterConfig{
		Store:               store,
		IdentifierExtractor: func(c echo.Context) (string, error) { return c.RealIP(), nil },
		DenyHandler:         s.denied,
	})
}

func (s *Server) denied(c echo.Context, _ string, _ error) error {
	c.Response().Header().Set("Retry-After", "1")
	return &problem{Status: http.StatusTooManyRequests, Type: typeBase + "rate-limited", Title: "Too many requests",
		Detail: fmt.Sprintf("more than %.0f requests a second; retry after a second", s.opt.Rate)}
}

// rateLimit allows Rate requests per second per member, over all its
// keys: minting keys buys no more.
func (s *Server) rateLimit() echo.MiddlewareFunc {
	store := middleware.NewRateLimiterMemoryStoreWithConfig(middleware.RateLimiterMemoryStoreConfig{
		Rate: rate.Limit(s.opt.Rate), Burst: s.opt.Burst, ExpiresIn: 3 * time.Minute,
	})
	return middleware.RateLimiterWithConfig(middleware.RateLimiterConfig{
		Store: store,
		IdentifierExtractor: func(c echo.Context) (string, error) {
			return string(session(c).Viewer().Member), nil
		},
		DenyHandler: s.denied,
	})
}

// limitBody refuses bodies over the cap (imports have their own) before
// they are read, and reads at most the cap of those that do not say
// their length.
func (s *Server) limitBody(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		max := s.opt.MaxBody
		if c.Path() == "/v1/imports" {
			max = s.opt.MaxUpload
		}
		r := c.Request()
		if r.ContentLength > max {
			return &problem{Status: http.StatusRequestEntityTooLarge, Type: typeBase + "too-large", Title: "Request body too large",
				Detail: fmt.Sprintf("the body of %d bytes is over the %d-byte cap", r.ContentLength, max)}
		}
		r.Body = http.MaxBytesReader(c.Response(), r.Body, max)
		return next(c)
	}
}

// timeout bounds each request's work through its context. An import's
// time is mostly its upload, bounded by the server's read timeout, so it
// is not cut here.
func (s *Server) timeout(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		if c.Path() == "/v1/imports" {
			return next(c)
		}
		ctx, cancel := context.WithTimeout(c.Request().Context(), s.opt.RequestTimeout)
		defer cancel()
		c.SetRequest(c.Request().WithContext(ctx))
		return next(c)
	}
}

// accessLog writes one structured line per request.
func (s *Server) accessLog(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		start := time.Now()
		err := next(c)
		if err != nil {
			c.Error(err)
		}
		member := ""
		if ses, ok := c.Get(sessionKey).(*api.Session); ok {
			member = string(ses.Viewer().Member)
		}
		s.opt.Log.Info("request", "id", c.Response().Header().Get(echo.HeaderXRequestID), "method", c.Request().Method,
			"route", c.Path(), "status", c.Response().Status, "ms", time.Since(start).Milliseconds(), "member", member,
			"remote", c.RealIP(), "bytes", c.Response().Size)
		return nil
	}
}

func (s *Server) readyz(c echo.Context) error {
	if !s.ready() {
		return &problem{Status: http.StatusServiceUnavailable, Type: typeBase + "busy", Title: "Not ready", Detail: "the server is shutting down"}
	}
	if _, _, err := s.core.Index(c.Request().Context()); err != nil {
		return &problem{Status: http.StatusServiceUnavailable, Type: typeBase + "busy", Title: "Not ready", Detail: "the search index is not available: " + err.Error()}
	}
	return c.JSON(http.StatusOK, map[string]string{"status": "ready"})
}

// decode reads a JSON body strictly: JSON content, valid UTF-8, no
// unknown fields, one value.
func decode(c echo.Context, v any) error {
	ct := c.Request().Header.Get(echo.HeaderContentType)
	if !strings.HasPrefix(ct, echo.MIMEApplicationJSON) {
		return &problem{Status: http.StatusUnsupportedMediaType, Type: typeBase + "unsupported-media-type", Title: "Unsupported media type",
			Detail: fmt.Sprintf("the body must be %s, not %q", echo.MIMEApplicationJSON, ct)}
	}
	body, err := io.ReadAll(c.Request().Body)
	if err != nil {
		var tooLarge *http.MaxBytesError
		if errors.As(err, &tooLarge) {
			return &problem{Status: http.StatusRequestEntityTooLarge, Type: typeBase + "too-large", Title: "Request body too large",
				Detail: fmt.Sprintf("the body is over the %d-byte cap", tooLarge.Limit)}
		}
		return err
	}
	if !utf8.Valid(body) {
		return model.Errorf(model.Invalid, "the body is not valid UTF-8")
	}
	dec := json.NewDecoder(strings.NewReader(string(body)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return jsonError(err)
	}
	if dec.More() {
		return model.Errorf(model.Invalid, "the body holds more than one JSON value")
	}
	return nil
}

// jsonError turns a decoding error into an invalid-input error naming the
// field at fault.
func jsonError(err error) error {
	var te *json.UnmarshalTypeError
	var se *json.SyntaxError
	switch {
	case errors.As(err, &te):
		return &model.Error{Code: model.Invalid, Field: te.Field, Msg: fmt.Sprintf("want %s, not a JSON %s", te.Type, te.Value)}
	case errors.As(err, &se):
		return &model.Error{Code: model.Invalid, Msg: fmt.Sprintf("malformed JSON at byte %d: %v", se.Offset, err)}
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		f := strings.Trim(strings.TrimPrefix(err.Error(), "json: unknown field "), `"`)
		return &model.Error{Code: model.Invalid, Field: f, Msg: "unknown field"}
	case errors.Is(err, io.EOF):
		return model.Errorf(model.Invalid, "the body is empty")
	}
	return &model.Error{Code: model.Invalid, Msg: "malformed JSON", Err: err}
}

// ref is a path parameter unescaped: item refs may hold slashes and
// colons (source keys), sent escaped.
func ref(c echo.Context, name string) (string, error) {
	v, err := url.PathUnescape(c.Param(name))
	if err != nil || v == "" || !utf8.ValidString(v) {
		return "", &model.Error{Code: model.Invalid, Field: name, Msg: "not a valid reference"}
	}
	return v, nil
}
