package api

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/cbb-alliance/cbb/layers/model"
	"github.com/cbb-alliance/cbb/rationalize"
)

// JobState is where an analysis job stands.
type JobState string

// The job states.
const (
	JobRunning   JobState = "running"
	JobDone      JobState = "done"
	JobFailed    JobState = "failed"
	JobCancelled JobState = "cancelled"
)

// Job is a rationalization analysis running in the background: its
// progress while it runs, the stored run when it is done.
type Job struct {
	ID       string         `json:"id"`
	Kind     string         `json:"kind"`
	Member   model.MemberID `json:"member"`
	State    JobState       `json:"state"`
	Phase    string         `json:"phase,omitempty"`
	Done     int            `json:"done"`
	Total    int            `json:"total"`
	Run      string         `json:"run,omitempty"` // the stored run, when done
	Pictures []string       `json:"pictures,omitempty"`
	Error    string         `json:"error,omitempty"`
	Started  time.Time      `json:"started"`
	Finished time.Time      `json:"finished,omitzero"`
}

// jobs are the core's running and finished jobs, kept in memory: a job is
// a view of work in progress; what lasts is the stored run.
type jobs struct {
	mu     sync.Mutex
	n      int
	byID   map[string]*job
	wg     sync.WaitGroup
	ctx    context.Context
	cancel context.CancelFunc
}

type job struct {
	Job
	cancel context.CancelFunc
}

// storeAnalyses are the kinds a job may run: the analyses of the store
// (file analyses need a file on the server's disk).
var storeAnalyses = []string{"commonality", "platform", "modules", "families", "rules"}

// pictureTable keeps the SVG pictures of stored runs as documents.
const pictureTable = "picture"

func (c *Core) jobList() *jobs {
	c.jobsOnce.Do(func() {
		ctx, cancel := context.WithCancel(context.Background())
		c.jobs = &jobs{byID: map[string]*job{}, ctx: ctx, cancel: cancel}
	})
	return c.jobs
}

// stopJobs cancels running jobs and waits for them: each stops at its
// next check of the context, and a job stores its run in one transaction
// or not at all.
func (c *Core) stopJobs() {
	js := c.jobList()
	js.cancel()
	js.wg.Wait()
}

// StartRun starts a rationalization analysis of the store as the session
// sees it, in the background, and returns its job; the run is stored,
// with its pictures, when the job is done.
func (s *Session) StartRun(ctx context.Context, kind string, params json.RawMessage) (Job, error) {
	if err := s.role.Require(model.ActRationalize); err != nil {
		return Job{}, err
	}
	if err := s.viewer.MayWrite(s.viewer.Member); err != nil {
		return Job{}, err
	}
	if !slices.Contains(storeAnalyses, kind) {
		return Job{}, &model.Error{Code: model.Invalid, Field: "kind", Msg: fmt.Sprintf("unknown analysis %q (want one of %v)", kind, storeAnalyses)}
	}
	if len(params) == 0 {
		params = json.RawMessage("{}")
	}
	state := "empty store"
	if last, ok, err := s.core.Store.LastBatch(ctx); err != nil {
		return Job{}, err
	} else if ok {
		state = "batch " + last.ID
	}
	js := s.core.jobList()
	js.mu.Lock()
	js.n++
	jctx, cancel := context.WithCancel(js.ctx)
	j := &job{Job: Job{ID: fmt.Sprintf("J%06d", js.n), Kind: kind, Member: s.viewer.Member, State: JobRunning, Started: time.Now().UTC()}, cancel: cancel}
	js.byID[j.ID] = j
	js.mu.Unlock()
	env := rationalize.Env{Store: s.view(), State: state + " as " + string(s.viewer.Member),
		Progress: func(phase string, done, total int) {
			js.mu.Lock()
			j.Phase, j.Done, j.Total = phase, done, total
			js.mu.Unlock()
		}}
	js.wg.Add(1)
	go func() {
		defer js.wg.Done()
		defer cancel()
		run, pics, err := s.execute(jctx, env, kind, params)
		js.mu.Lock()
		defer js.mu.Unlock()
		j.Finished = time.Now().UTC()
		switch {
		case err != nil && jctx.Err() != nil:
			j.State, j.Error = JobCancelled, "cancelled"
		case err != nil:
			j.State, j.Error = JobFailed, err.Error()
		default:
			j.State, j.Run, j.Pictures = JobDone, run.ID, pics
		}
	}()
	return j.Job, nil
}

// execute runs the analysis, stores the run as the session's member and
// its pictures.
func (s *Session) execute(ctx context.Context, env rationalize.Env, kind string, params json.RawMessage) (model.Run, []string, error) {
	run, res, err := rationalize.ExecuteResult(ctx, env, kind, params)
	if err != nil {
		return run, nil, err
	}
	if run, err = s.core.Store.PutRun(ctx, s.viewer.Member, run); err != nil {
		return run, nil, err
	}
	pics := map[string]func(*bytes.Buffer) error{}
	switch r := res.(type) {
	case *rationalize.PlatformResult:
		pics["incidence.svg"] = func(b *bytes.Buffer) error { return rationalize.WritePlatformSVG(b, r) }
	case *rationalize.ModulesResult:
		pics["dsm.svg"] = func(b *bytes.Buffer) error { return rationalize.WriteModulesSVG(b, r) }
	}
	docs := map[string]any{}
	var names []string
	for name, draw := range pics {
		var b bytes.Buffer
		if err := draw(&b); err != nil {
			return run, nil, fmt.Errorf("%s: draw %s: %w", kind, name, err)
		}
		docs[run.ID+"/"+name] = b.String()
		names = append(names, name)
	}
	if len(docs) > 0 {
		slices.Sort(names)
		audit := model.AuditEntry{Actor: s.viewer.Member, Action: model.AuditRun, Target: run.ID, Detail: "pictures " + strings.Join(names, ", ")}
		if err := s.core.Store.PutDocs(ctx, pictureTable, docs, true, audit); err != nil {
			return run, nil, err
		}
	}
	return run, names, nil
}

// mayRead reports whether the session may see what member made: its own
// jobs and runs, all of them for the administrator.
func (s *Session) mayReadOf(member model.MemberID) bool {
	return s.viewer.Admin || member == s.viewer.Member
}

// mayReadRun says whether the session sees a stored run: its member's,
// every run for the administrator; a run with no actor (from before
// actors were recorded) is the administrator's alone.
func (s *Session) mayReadRun(r model.Run) bool {
	return s.viewer.Admin || r.Actor != "" && r.Actor == s.viewer.Member
}

// Job returns a job the session started.
func (s *Session) Job(_ context.Context, id string) (Job, error) {
	js := s.core.jobList()
	js.mu.Lock()
	defer js.mu.Unlock()
	j, ok := js.byID[id]
	if !ok || !s.mayReadOf(j.Member) {
		return Job{}, model.Errorf(model.NotFound, "no job %s", id)
	}
	return j.Job, nil
}

// CancelJob cancels a running job the session started; a job that ended
// is returned as it is.
func (s *Session) CancelJob(ctx context.Context, id string) (Job, error) {
	js := s.core.jobList()
	js.mu.Lock()
	j, ok := js.byID[id]
	if !ok || !s.mayReadOf(j.Member) {
		js.mu.Unlock()
		return Job{}, model.Errorf(model.NotFound, "no job %s", id)
	}
	j.cancel()
	js.mu.Unlock()
	// Wait briefly for the job to notice, so the answer says so.
	for range 50 {
		if got, _ := s.Job(ctx, id); got.State != JobRunning {
			return got, nil
		}
		time.Sleep(20 * time.Millisecond)
	}
	return s.Job(ctx, id)
}

// Runs lists the stored runs the session may see: its member's (every
// run for the administrator), without their results.
func (s *Session) Runs(ctx context.Context) ([]model.Run, error) {
	if err := s.role.Require(model.ActRead); err != nil {
		return nil, err
	}
	out := []model.Run{}
	err := s.core.Store.Runs(ctx, func(r model.Run) error {
		if s.mayReadRun(r) {
			r.Result = nil
			out = append(out, r)
		}
		return nil
	})
	return out, err
}

// Run returns a stored run the session may see.
func (s *Session) Run(ctx context.Context, id string) (model.Run, error) {
	if err := s.role.Require(model.ActRead); err != nil {
		return model.Run{}, err
	}
	r, err := s.core.Store.Run(ctx, id)
	if err == nil && !s.mayReadRun(r) {
		return model.Run{}, model.Errorf(model.NotFound, "no analysis run %s", id)
	}
	return r, err
}

// Picture returns an SVG picture of a stored run the session may see.
func (s *Session) Picture(ctx context.Context, run, name string) ([]byte, error) {
	if _, err := s.Run(ctx, run); err != nil {
		return nil, err
	}
	var svg string
	if err := s.core.Store.GetDoc(ctx, pictureTable, run+"/"+name, &svg); err != nil {
		if model.Code(err) == model.NotFound {
			return nil, model.Errorf(model.NotFound, "run %s has no picture %s", run, name)
		}
		return nil, err
	}
	return []byte(svg), nil
}
