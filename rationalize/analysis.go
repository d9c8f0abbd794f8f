package rationalize

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/cbb-alliance/cbb/layers/model"
	"github.com/cbb-alliance/cbb/rationalize/matrix"
)

// Store is what analyses read of the store; *data.Store implements it.
type Store interface {
	matrix.Source
	WhereUsed(ctx context.Context, child model.ItemID) ([]model.Edge, error)
}

// Env is what an analysis runs with.
type Env struct {
	Store Store
	// State names the store's state (its last batch), recorded as the
	// input of runs on the store.
	State string
	// Progress, when set, is told how far an analysis is.
	Progress func(phase string, done, total int)
}

func (e Env) progress(phase string, done, total int) {
	if e.Progress != nil {
		e.Progress(phase, done, total)
	}
}

// Analysis is one kind of rationalization analysis.
type Analysis struct {
	Kind string
	// Run runs the analysis with its parameters (JSON) and returns its
	// result, a one-line summary and what it analysed.
	Run func(ctx context.Context, env Env, params json.RawMessage) (result any, summary, input string, err error)
}

var analyses = map[string]Analysis{}

// Register makes an analysis available to Execute; packages and commands
// register theirs at init.
func Register(a Analysis) {
	if _, dup := analyses[a.Kind]; dup {
		panic("rationalize: analysis " + a.Kind + " registered twice")
	}
	analyses[a.Kind] = a
}

// register makes a typed analysis function an Analysis of the given kind:
// its parameters decoded strictly from JSON, its result summarized in one
// line, and what it analysed named by input.
func register[P, R any](kind string, run func(context.Context, Env, P) (R, error), summary func(R) string, input func(Env, P) string) {
	Register(Analysis{Kind: kind, Run: func(ctx context.Context, env Env, raw json.RawMessage) (any, string, string, error) {
		var p P
		if err := decodeParams(kind, raw, &p); err != nil {
			return nil, "", "", err
		}
		r, err := run(ctx, env, p)
		if err != nil {
			return nil, "", "", err
		}
		return r, summary(r), input(env, p), nil
	}})
}

// scopeInput names a store analysis's input: its scope and the store's
// state.
func scopeInput(env Env, s matrix.Scope) string { return s.String() + " @ " + env.State }

// Kinds lists the registered analyses.
func Kinds() []string {
	var ks []string
	for k := range analyses {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}

// Execute runs the analysis of the given kind and returns the run to
// store: input, parameters (seed included), result and timing. Running
// a stored run's Kind with its Params again gives the same Result on the
// same input: analyses are deterministic for a seed.
func Execute(ctx context.Context, env Env, kind string, params any) (model.Run, error) {
	run, _, err := ExecuteResult(ctx, env, kind, params)
	return run, err
}

// ExecuteResult is Execute that also returns the analysis's result as
// computed, with what the JSON leaves out (matrices and trees for
// pictures).
func ExecuteResult(ctx context.Context, env Env, kind string, params any) (model.Run, any, error) {
	a, ok := analyses[kind]
	if !ok {
		return model.Run{}, nil, model.Errorf(model.Invalid, "unknown analysis %q (known: %s)", kind, strings.Join(Kinds(), ", "))
	}
	raw, err := json.Marshal(params)
	if err != nil {
		return model.Run{}, nil, fmt.Errorf("%s parameters: %w", kind, err)
	}
	return execute(ctx, env, a, raw)
}

// Rerun repeats a stored run and reports whether the result is the same.
func Rerun(ctx context.Context, env Env, r model.Run) (model.Run, bool, error) {
	a, ok := analyses[r.Kind]
	if !ok {
		return model.Run{}, false, model.Errorf(model.Invalid, "run %s: unknown analysis %q", r.ID, r.Kind)
	}
	again, _, err := execute(ctx, env, a, r.Params)
	if err != nil {
		return again, false, err
	}
	return again, bytes.Equal(again.Result, r.Result), nil
}

func execute(ctx context.Context, env Env, a Analysis, params json.RawMessage) (model.Run, any, error) {
	start := time.Now()
	res, summary, input, err := a.Run(ctx, env, params)
	if err != nil {
		return model.Run{}, nil, fmt.Errorf("%s: %w", a.Kind, err)
	}
	out, err := json.Marshal(res)
	if err != nil {
		return model.Run{}, nil, fmt.Errorf("%s result: %w", a.Kind, err)
	}
	var seed struct {
		Seed int64 `json:"seed"`
	}
	_ = json.Unmarshal(params, &seed) // analyses without a seed have none
	return model.Run{
		Kind: a.Kind, At: start.UTC(), Input: input, Params: params, Seed: seed.Seed,
		Result: out, Summary: summary, Took: time.Since(start),
	}, res, nil
}

// decodeParams reads an analysis's parameters strictly: an unknown field
// is an error that names it.
func decodeParams(kind string, raw json.RawMessage, v any) error {
	if len(raw) == 0 || string(raw) == "null" {
		return nil
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return model.Errorf(model.Invalid, "%s parameters: %v", kind, err)
	}
	return nil
}
