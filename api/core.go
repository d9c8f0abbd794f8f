package api

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/cbb-alliance/cbb/layers/data"
	"github.com/cbb-alliance/cbb/layers/design"
	"github.com/cbb-alliance/cbb/layers/middle"
	"github.com/cbb-alliance/cbb/layers/model"
	"github.com/cbb-alliance/cbb/pdm"
	"github.com/cbb-alliance/cbb/pdm/formats"
	"github.com/cbb-alliance/cbb/pdm/ingest"
	"github.com/cbb-alliance/cbb/retrieval"
	"github.com/cbb-alliance/cbb/retrieval/dedup"
	"github.com/cbb-alliance/cbb/retrieval/index"
)

// Core is what every session shares: the store and its search index,
// which follows the store (caught up before each search).
//
// Lifecycle: make one with NewCore over an open store, make sessions with
// AsMember or AsKey, Close it before the store.
type Core struct {
	Store *data.Store
	Log   *slog.Logger

	mu     sync.Mutex // guards index opening and catching up
	index  *index.Index
	onSync func(batches, indexed int)
	// current is the open index, read without the lock by searches while
	// the core follows the store.
	current atomic.Pointer[index.Index]
	// searching admits a few searches at a time, in arrival order (Go
	// wakes a channel's waiters first come, first served): on a machine of
	// few cores, many searches at once only share the cores unfairly and
	// stretch the slowest answers, where a queue keeps them in line.
	searching chan struct{}
	// jobs are the analyses running in the background (jobs.go).
	jobs     *jobs
	jobsOnce sync.Once
	// following is set while a follower catches the index up in the
	// background (a server): searches then use the index as it is and
	// never wait for a long catch-up behind an import.
	following atomic.Bool
}

// Follow catches the index up with the store every period, until ctx
// ends, and lets searches use the index as it is meanwhile: a server
// answers queries while an import runs, from the committed state the
// index has caught up with. It returns when the first catch-up is done.
func (c *Core) Follow(ctx context.Context, period time.Duration) error {
	if _, _, err := c.catchUp(ctx); err != nil {
		return err
	}
	c.following.Store(true)
	go func() {
		t := time.NewTicker(period)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				c.following.Store(false)
				return
			case <-t.C:
				if _, _, err := c.catchUp(ctx); err != nil && ctx.Err() == nil {
					c.Log.Warn("the search index could not catch up", "err", err)
				}
			}
		}
	}()
	return nil
}

// OnSync registers fn, told after every use of the index how many store
// batches it caught up with and how many items it indexed (for metrics).
func (c *Core) OnSync(fn func(batches, indexed int)) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.onSync = fn
}

// NewCore returns the core over an open store.
func NewCore(s *data.Store, log *slog.Logger) *Core {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Core{Store: s, Log: log, searching: make(chan struct{}, 2*runtime.GOMAXPROCS(0))}
}

// search runs fn when a search slot is free, or fails when ctx ends first.
func (c *Core) search(ctx context.Context, fn func() error) error {
	select {
	case c.searching <- struct{}{}:
	case <-ctx.Done():
		return ctx.Err()
	}
	defer func() { <-c.searching }()
	return fn()
}

// Index returns the search index, opened on first use and brought in step
// with the store on every use: a caller may write, then search. While the
// core follows the store (Follow), it is returned as it is.
func (c *Core) Index(ctx context.Context) (*index.Index, retrieval.SyncReport, error) {
	if c.following.Load() {
		if x := c.current.Load(); x != nil {
			return x, retrieval.SyncReport{}, nil
		}
	}
	return c.catchUp(ctx)
}

func (c *Core) catchUp(ctx context.Context) (*index.Index, retrieval.SyncReport, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.index != nil {
		rep, err := retrieval.CatchUp(ctx, c.Store, c.index)
		c.synced(rep)
		return c.index, rep, err
	}
	x, rep, err := retrieval.OpenIndex(ctx, c.Store, c.Log)
	if err != nil {
		return nil, rep, err
	}
	c.index = x
	c.current.Store(x)
	c.synced(rep)
	return x, rep, nil
}

func (c *Core) synced(rep retrieval.SyncReport) {
	if c.onSync != nil {
		c.onSync(rep.Batches, rep.Indexed)
	}
}

// Close cancels running jobs and waits for them, then closes the index;
// the store is the caller's.
func (c *Core) Close() error {
	c.stopJobs()
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.index == nil {
		return nil
	}
	c.following.Store(false)
	c.current.Store(nil)
	err := c.index.Close()
	c.index = nil
	return err
}

// Session is the core as one identity uses it; it implements Service.
type Session struct {
	core   *Core
	viewer model.Viewer
	role   model.Role
	key    string
}

var _ Service = (*Session)(nil)

// AsMember is the session of a member acting on a store it holds, as the
// command line does: the member's full rights (the administrator's for
// model.Administrator).
func (c *Core) AsMember(ctx context.Context, m model.MemberID) (*Session, error) {
	v, err := c.Store.Viewer(ctx, m)
	if err != nil {
		return nil, err
	}
	return c.AsViewer(v), nil
}

// AsViewer is the session of rights already read (see AsMember).
func (c *Core) AsViewer(v model.Viewer) *Session {
	role := model.RoleMemberAdmin
	if v.Admin {
		role = model.RoleAllianceAdmin
	}
	return &Session{core: c, viewer: v, role: role}
}

// AsKey is the session of an API key's holder: its member, within its
// role. A revoked key, or one of a member that left, is refused.
func (c *Core) AsKey(ctx context.Context, secret string) (*Session, error) {
	k, v, err := c.Store.Authenticate(ctx, secret)
	if err != nil {
		return nil, err
	}
	return &Session{core: c, viewer: v, role: k.Role, key: k.ID}, nil
}

// Require fails unless the session's role grants the action: how a face
// checks a right before it does costly work (reading an upload).
func (s *Session) Require(a model.Action) error {
	if err := s.role.Require(a); err != nil {
		return err
	}
	if a != model.ActRead {
		return s.viewer.MayWrite(s.viewer.Member)
	}
	return nil
}

// Viewer returns the session's rights.
func (s *Session) Viewer() model.Viewer { return s.viewer }

func (s *Session) view() *data.View { return s.core.Store.As(s.viewer) }

func (s *Session) library() *middle.Library { return middle.For(s.core.Store, s.viewer) }

// Whoami implements Service.
func (s *Session) Whoami(context.Context) (Identity, error) {
	return Identity{Member: s.viewer.Member, Role: s.role, Key: s.key, Active: s.viewer.Active}, nil
}

// Resolve finds the item ref names among those the session may see: an
// item id, a source key SYSTEM:EXTERNAL-ID (the member's own record
// first, then the catalogue's), or an exact (case-insensitive) name.
func (s *Session) Resolve(ctx context.Context, ref string) (model.ItemID, error) {
	if err := s.role.Require(model.ActRead); err != nil {
		return "", err
	}
	w := s.view()
	if _, err := w.Item(ctx, model.ItemID(ref)); err == nil {
		return model.ItemID(ref), nil
	} else if model.Code(err) != model.NotFound {
		return "", err
	}
	if sys, ext, ok := strings.Cut(ref, ":"); ok {
		if id, err := w.Lookup(ctx, model.SourceRef{System: sys, ExternalID: ext}); err == nil {
			return id, nil
		} else if model.Code(err) != model.NotFound {
			return "", err
		}
	}
	hits, err := s.byName(ctx, w, ref)
	if err != nil {
		return "", err
	}
	switch len(hits) {
	case 0:
		return "", model.Errorf(model.NotFound, "no item with id, source key or name %q", ref)
	case 1:
		return hits[0].ID, nil
	}
	var b strings.Builder
	for _, h := range hits {
		fmt.Fprintf(&b, "\n  %s  %-8s %s  (%s)", h.ID, h.Level, h.Name, h.Source)
	}
	return "", model.Errorf(model.Invalid, "%d items are named %q; give an id:%s", len(hits), ref, b.String())
}

// byName finds the items of exactly that name (case aside) the session
// may see. A server asks its search index for candidates and checks
// their names, so that a name costs a search, not a read of every item
// (an unknown name would otherwise tie a core up for seconds); in-process
// the store is read through, which the index may not have caught up with.
func (s *Session) byName(ctx context.Context, w *data.View, name string) ([]model.Item, error) {
	var hits []model.Item
	if s.core.following.Load() {
		// A miss may be an item written since the follower last caught
		// up: catch up (cheap when there is nothing to do) and look again.
		for try := 0; try < 2 && len(hits) == 0; try++ {
			x, _, err := s.core.Index(ctx)
			if try == 1 {
				x, _, err = s.core.catchUp(ctx)
			}
			if err != nil {
				return nil, err
			}
			var found []index.Hit
			err = s.core.search(ctx, func() error {
				found, err = x.Search(ctx, index.Query{Text: name, Viewer: s.viewer, Size: 200})
				return err
			})
			if err != nil {
				return nil, err
			}
			for _, h := range found {
				it, err := w.Item(ctx, h.ID)
				if model.Code(err) == model.NotFound {
					continue
				}
				if err != nil {
					return nil, err
				}
				if strings.EqualFold(it.Name, name) {
					hits = append(hits, it)
				}
			}
		}
		return hits, nil
	}
	err := w.Items(ctx, "", func(it model.Item) error {
		if strings.EqualFold(it.Name, name) {
			hits = append(hits, it)
		}
		return nil
	})
	return hits, err
}

// auditRead records a read of another member's non-public item.
func (s *Session) auditRead(ctx context.Context, it *model.Item, how string) error {
	if !s.viewer.Foreign(it) {
		return nil
	}
	e := model.AuditEntry{Actor: s.viewer.Member, Action: model.AuditRead, Target: string(it.ID),
		Detail: fmt.Sprintf("%s: %s %q of %s (%s)", how, it.Level, it.Name, it.Owner, it.Scope.Kind)}
	if s.key != "" {
		e.Detail += "; key " + s.key
	}
	_, err := s.core.Store.Audit(ctx, e)
	return err
}

// Item implements Service.
func (s *Session) Item(ctx context.Context, ref string, history bool) (ItemView, error) {
	id, err := s.Resolve(ctx, ref)
	if err != nil {
		return ItemView{}, err
	}
	w := s.view()
	cur, err := w.Current(ctx, id)
	if err != nil {
		return ItemView{}, err
	}
	v := ItemView{Item: cur.Item, Revision: cur.No}
	if v.Children, err = describeEdges(ctx, w, cur.Edges, func(e model.Edge) model.ItemID { return e.Child }); err != nil {
		return ItemView{}, err
	}
	used, hidden, err := w.WhereUsedCounted(ctx, id)
	if err != nil {
		return ItemView{}, err
	}
	v.HiddenUsers = hidden
	if v.UsedIn, err = describeEdges(ctx, w, used, func(e model.Edge) model.ItemID { return e.Parent }); err != nil {
		return ItemView{}, err
	}
	if history {
		if v.Revisions, err = w.Revisions(ctx, id); err != nil {
			return ItemView{}, err
		}
	}
	return v, s.auditRead(ctx, &v.Item, "show")
}

func describeEdges(ctx context.Context, w *data.View, es []model.Edge, end func(model.Edge) model.ItemID) ([]EdgeView, error) {
	out := make([]EdgeView, 0, len(es))
	for _, e := range es {
		it, err := w.Item(ctx, end(e))
		if err != nil {
			return nil, err
		}
		out = append(out, EdgeView{Edge: e, Name: it.Name, Level: it.Level})
	}
	return out, nil
}

// WhereUsed implements Service.
func (s *Session) WhereUsed(ctx context.Context, ref string, deep bool) (Usage, error) {
	id, err := s.Resolve(ctx, ref)
	if err != nil {
		return Usage{}, err
	}
	w := s.view()
	it, err := w.Item(ctx, id)
	if err != nil {
		return Usage{}, err
	}
	root := Usage{ID: id, Name: it.Name, Level: it.Level}
	if err := fillUsage(ctx, w, &root, deep, map[model.ItemID]bool{id: true}); err != nil {
		return Usage{}, err
	}
	return root, s.auditRead(ctx, &it, "where-used")
}

// maxUsage bounds the nodes of a where-used tree: a tree of paths can
// grow as 2^depth over a lattice of shared assemblies.
const maxUsage = 20000

// fillUsage adds u's users, and with deep theirs: each item is expanded
// once, where it is met first; met again, it is listed as Repeated,
// without its users, so the tree grows with the items, not the paths.
func fillUsage(ctx context.Context, w *data.View, u *Usage, deep bool, expanded map[model.ItemID]bool) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if len(expanded) > maxUsage {
		return model.Errorf(model.Invalid, "the where-used tree of %s passes %d items; ask for the direct users", u.ID, maxUsage)
	}
	used, hidden, err := w.WhereUsedCounted(ctx, u.ID)
	if err != nil {
		return err
	}
	u.Hidden = hidden
	for _, e := range used {
		p, err := w.Item(ctx, e.Parent)
		if err != nil {
			return err
		}
		c := Usage{ID: e.Parent, Name: p.Name, Level: p.Level, Kind: e.Kind, Quantity: e.Quantity}
		switch {
		case !deep:
		case expanded[e.Parent]:
			c.Repeated = true // expanded where it was met first (or a cycle)
		default:
			expanded[e.Parent] = true
			if err := fillUsage(ctx, w, &c, deep, expanded); err != nil {
				return err
			}
		}
		u.UsedIn = append(u.UsedIn, c)
	}
	return nil
}

// Stats implements Service.
func (s *Session) Stats(ctx context.Context) (model.Stats, error) {
	if err := s.role.Require(model.ActRead); err != nil {
		return model.Stats{}, err
	}
	return s.view().Stats(ctx)
}

// actingFor makes the requirement the session's: identity comes from the
// session, never from the requirement, so one that names another member
// is refused rather than run as them.
func (s *Session) actingFor(req model.Requirement) (model.Requirement, error) {
	if req.Member != "" && req.Member != s.viewer.Member {
		return req, model.Errorf(model.Forbidden, "requirement %q names member %s, but you act as %s", req.Name, req.Member, s.viewer.Member)
	}
	req.Member = s.viewer.Member
	return req, nil
}

// Query implements Service.
func (s *Session) Query(ctx context.Context, req model.Requirement, limit int) (retrieval.Result, error) {
	if err := s.role.Require(model.ActRead); err != nil {
		return retrieval.Result{}, err
	}
	req, err := s.actingFor(req)
	if err != nil {
		return retrieval.Result{}, err
	}
	x, _, err := s.core.Index(ctx)
	if err != nil {
		return retrieval.Result{}, err
	}
	e := &retrieval.Engine{Items: s.view(), Index: x}
	var res retrieval.Result
	err = s.core.search(ctx, func() error {
		res, err = e.Query(ctx, req, retrieval.Options{Viewer: s.viewer, Limit: limit})
		return err
	})
	return res, err
}

// Plan implements Service.
func (s *Session) Plan(ctx context.Context, req model.Requirement, opt PlanOptions) (design.Report, error) {
	if err := s.role.Require(model.ActRead); err != nil {
		return design.Report{}, err
	}
	req, err := s.actingFor(req)
	if err != nil {
		return design.Report{}, err
	}
	if opt.Candidates <= 0 {
		opt.Candidates = 8
	}
	x, _, err := s.core.Index(ctx)
	if err != nil {
		return design.Report{}, err
	}
	lib := s.library()
	e := &retrieval.Engine{Items: s.view(), Index: x}
	var cands retrieval.Result
	err = s.core.search(ctx, func() error {
		cands, err = e.Query(ctx, req, retrieval.Options{Viewer: s.viewer, Limit: opt.Candidates, Families: true})
		return err
	})
	if err != nil {
		return design.Report{}, err
	}
	rules, err := lib.Rules(ctx, model.RuleAccepted)
	if err != nil {
		return design.Report{}, err
	}
	var lookupErr error
	variability := func(id model.ItemID) (model.Variability, bool) {
		vr, ok, err := lib.Variability(ctx, id)
		if err != nil && lookupErr == nil {
			lookupErr = err
		}
		return vr, ok
	}
	rep, err := design.Decide(ctx, design.Input{
		Requirement: req, Candidates: cands, Variability: variability, Rules: rules,
		Options: design.Options{ReuseOnly: opt.ReuseOnly, MaxOptions: opt.Candidates},
	})
	if err == nil {
		err = lookupErr
	}
	return rep, err
}

// Record implements Service.
func (s *Session) Record(ctx context.Context, req model.Requirement, opt PlanOptions) (Recorded, error) {
	if err := s.role.Require(model.ActDesign); err != nil {
		return Recorded{}, err
	}
	rep, err := s.Plan(ctx, req, opt)
	if err != nil {
		return Recorded{}, err
	}
	out := Recorded{Report: rep}
	if !rep.Feasible {
		return out, nil // nothing to record: the report names the conflicting rules
	}
	req.Member = s.viewer.Member
	lib := s.library()
	for _, r := range rep.Requests(req, time.Now().UTC()) {
		o, err := lib.OpenRequest(ctx, r)
		if err != nil {
			return out, err
		}
		out.Requests = append(out.Requests, o)
	}
	var credits []middle.Credit
	for m, c := range rep.Credits {
		credits = append(credits, middle.Credit{Member: m, Requirement: req.Name, Effort: c})
	}
	return out, lib.RecordCredits(ctx, credits)
}

// Duplicates implements Service.
func (s *Session) Duplicates(ctx context.Context, ref string, threshold float64) ([]retrieval.Duplicate, error) {
	id, err := s.Resolve(ctx, ref)
	if err != nil {
		return nil, err
	}
	x, _, err := s.core.Index(ctx)
	if err != nil {
		return nil, err
	}
	e := &retrieval.Engine{Items: s.view(), Index: x}
	var dups []retrieval.Duplicate
	err = s.core.search(ctx, func() error {
		dups, err = e.NearDuplicates(ctx, id, s.viewer, dedup.Options{Threshold: threshold})
		return err
	})
	if err == nil {
		if it, ierr := s.view().Item(ctx, id); ierr == nil {
			err = s.auditRead(ctx, &it, "duplicates")
		}
	}
	return dups, err
}

// Import implements Service: the files are written into a new folder,
// with their paths, and imported from there as `cbb import` imports a
// folder.
func (s *Session) Import(ctx context.Context, files []File, opt ImportOptions) (ingest.Report, error) {
	if err := s.role.Require(model.ActImport); err != nil {
		return ingest.Report{}, err
	}
	if len(files) == 0 {
		return ingest.Report{}, model.Errorf(model.Invalid, "an import needs at least one file")
	}
	dir, err := os.MkdirTemp("", "cbb-import-")
	if err != nil {
		return ingest.Report{}, fmt.Errorf("import: %w", err)
	}
	defer os.RemoveAll(dir)
	for _, f := range files {
		name, err := uploadName(f.Name)
		if err != nil {
			return ingest.Report{}, err
		}
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return ingest.Report{}, &model.Error{Code: model.Invalid, Field: "name", Msg: fmt.Sprintf("file name %q clashes with another file of the upload", f.Name)}
		}
		out, err := os.OpenFile(p, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
		if err != nil {
			return ingest.Report{}, &model.Error{Code: model.Invalid, Field: "name", Msg: fmt.Sprintf("file name %q clashes with another file of the upload", f.Name)}
		}
		_, err = io.Copy(out, f.Body)
		if cerr := out.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			return ingest.Report{}, fmt.Errorf("import %s: %w", name, err)
		}
	}
	// The upload is a project of its own: its files are named from here.
	if err := os.WriteFile(filepath.Join(dir, ".cbbroot"), nil, 0o644); err != nil {
		return ingest.Report{}, fmt.Errorf("import: %w", err)
	}
	var paths []string
	entries, err := os.ReadDir(dir)
	if err != nil {
		return ingest.Report{}, fmt.Errorf("import: %w", err)
	}
	for _, e := range entries {
		if e.Name() != ".cbbroot" {
			paths = append(paths, filepath.Join(dir, e.Name()))
		}
	}
	rep, err := s.ImportPaths(ctx, paths, opt)
	// Reported paths are the upload's names, not the server's folders.
	for i := range rep.Inputs {
		rep.Inputs[i].Path = strings.TrimPrefix(rep.Inputs[i].Path, dir+string(filepath.Separator))
	}
	for i := range rep.Rejected {
		rep.Rejected[i].Path = strings.TrimPrefix(rep.Rejected[i].Path, dir+string(filepath.Separator))
		rep.Rejected[i].Error = strings.ReplaceAll(rep.Rejected[i].Error, dir+string(filepath.Separator), "")
	}
	for i := range rep.Skipped {
		rep.Skipped[i] = strings.TrimPrefix(rep.Skipped[i], dir+string(filepath.Separator))
	}
	var me *model.Error
	if errors.As(err, &me) {
		me.File = strings.TrimPrefix(me.File, dir+string(filepath.Separator))
		me.Msg = strings.ReplaceAll(me.Msg, dir+string(filepath.Separator), "")
	}
	return rep, err
}

// uploadName checks a file name of an upload: a relative slash path
// inside the upload, of reasonable length and depth, without NUL.
func uploadName(n string) (string, error) {
	bad := func(why string) error {
		return &model.Error{Code: model.Invalid, Field: "name", Msg: fmt.Sprintf("file name %q: %s", n, why)}
	}
	name := path.Clean("/" + n)[1:]
	switch {
	case name == "" || n != name && n != "./"+name:
		return "", bad("give a relative path without .. or leading /")
	case strings.ContainsRune(n, 0):
		return "", bad("no NUL")
	case len(name) > 1024 || strings.Count(name, "/") > 64:
		return "", bad("at most 1024 bytes and 64 folders deep")
	}
	for _, el := range strings.Split(name, "/") {
		if len(el) > 255 {
			return "", bad("a name of at most 255 bytes per folder or file")
		}
	}
	return name, nil
}

// ImportPaths imports files and folders of the local file system, as
// `cbb import` does; it is not part of Service, since a remote caller has
// no access to the server's files.
func (s *Session) ImportPaths(ctx context.Context, paths []string, opt ImportOptions) (ingest.Report, error) {
	if err := s.role.Require(model.ActImport); err != nil {
		return ingest.Report{}, err
	}
	owner := s.viewer.Member
	if opt.Owner != "" && opt.Owner != owner {
		if !s.viewer.Admin {
			return ingest.Report{}, model.Errorf(model.Forbidden, "member %s may not import records owned by %s", owner, opt.Owner)
		}
		owner = opt.Owner
	}
	if owner == model.Administrator {
		return ingest.Report{}, &model.Error{Code: model.Invalid, Field: "owner", Msg: "the administrator owns nothing: name the owner of the records"}
	}
	if opt.Scope.Kind == "" {
		opt.Scope = model.Scope{Kind: model.ScopeAlliance}
	}
	if opt.Lifecycle == "" {
		opt.Lifecycle = model.Released
	}
	im := &ingest.Importer{
		Store: s.core.Store, Formats: formats.All(), Force: opt.Format, Actor: s.viewer.Member, KeepGoing: opt.KeepGoing, Log: s.core.Log,
		Options:  pdm.Options{Owner: owner, Scope: opt.Scope, Lifecycle: opt.Lifecycle, Product: opt.Product, Mapping: opt.Mapping},
		MaxBatch: opt.MaxBatch, Progress: opt.Progress,
	}
	return im.Import(ctx, paths)
}

// Reindex rebuilds the search index from the store, replacing the open
// one.
func (c *Core) Reindex(ctx context.Context) (retrieval.SyncReport, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.index != nil {
		c.current.Store(nil)
		if err := c.index.Close(); err != nil {
			return retrieval.SyncReport{}, err
		}
		c.index = nil
	}
	x, rep, err := retrieval.Reindex(ctx, c.Store, c.Log)
	if err != nil {
		return rep, err
	}
	c.index = x
	c.current.Store(x)
	return rep, nil
}

// Items implements Service.
func (s *Session) Items(ctx context.Context, f ItemFilter) (ItemPage, error) {
	if err := s.role.Require(model.ActRead); err != nil {
		return ItemPage{}, err
	}
	if f.Limit <= 0 {
		f.Limit = 100
	}
	if f.Limit > 1000 {
		return ItemPage{}, &model.Error{Code: model.Invalid, Field: "limit", Msg: "at most 1000 items a page"}
	}
	if f.Level != "" && !f.Level.Valid() {
		return ItemPage{}, &model.Error{Code: model.Invalid, Field: "level", Msg: fmt.Sprintf("unknown level %q", f.Level)}
	}
	// The cursor is level/id of the last item given: levels in their
	// order, ids ascending within a level, as the store keeps them.
	afterLevel, afterID, _ := strings.Cut(f.After, "/")
	if f.After != "" && (!model.Level(afterLevel).Valid() || afterID == "") {
		return ItemPage{}, &model.Error{Code: model.Invalid, Field: "after", Msg: "not a cursor this listing gave"}
	}
	rank := func(l model.Level) int { return slices.Index(model.Levels, l) }
	page := ItemPage{Items: []model.Item{}}
	errFull := errors.New("full")
	err := s.view().Items(ctx, f.Level, func(it model.Item) error {
		if f.After != "" {
			if r, ra := rank(it.Level), rank(model.Level(afterLevel)); r < ra || (r == ra && string(it.ID) <= afterID) {
				return nil
			}
		}
		if f.Owner != "" && it.Owner != f.Owner {
			return nil
		}
		if f.Class != "" && it.Class != f.Class && !strings.HasPrefix(string(it.Class), string(f.Class)+"/") {
			return nil
		}
		if len(page.Items) == f.Limit {
			last := page.Items[len(page.Items)-1]
			page.Next = string(last.Level) + "/" + string(last.ID)
			return errFull
		}
		page.Items = append(page.Items, it)
		return nil
	})
	if err != nil && !errors.Is(err, errFull) {
		return ItemPage{}, err
	}
	// A listing gives whole items: reading another member's non-public
	// ones is recorded as reading them one by one would be.
	for i := range page.Items {
		if err := s.auditRead(ctx, &page.Items[i], "list"); err != nil {
			return ItemPage{}, err
		}
	}
	return page, nil
}
