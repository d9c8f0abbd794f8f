package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/spf13/cobra"

	"github.com/cbb-alliance/cbb/api"
	"github.com/cbb-alliance/cbb/layers/data"
	"github.com/cbb-alliance/cbb/layers/model"
	"github.com/cbb-alliance/cbb/rationalize/matrix"
)

// analysisServer is the server a store analysis runs on: the one named
// with --server, or the one holding the store; ok is false when the
// analysis runs in this process.
func (a *app) analysisServer(ctx context.Context) (api.Service, bool, error) {
	if a.server != "" {
		svc, err := a.remote(a.server)
		return svc, err == nil, err
	}
	_, err := a.openStore(ctx, false)
	if model.Code(err) != model.Busy {
		return nil, false, nil // in process (or the store's own error, met again there)
	}
	info, ok := a.runningServer()
	if !ok {
		return nil, false, err
	}
	fmt.Fprintf(a.stderr, "cbb: the store is held by a running server; analysing through it at %s\n", info.URL)
	svc, err := a.remote(info.URL)
	return svc, err == nil, err
}

// withAnalysis makes the RunE of a store analysis: local runs it over
// the store in this process, remote as a job of a server.
func (a *app) withAnalysis(local func(ctx context.Context, s *data.Store) error, remote func(ctx context.Context, svc api.Service) error) func(*cobra.Command, []string) error {
	return func(cmd *cobra.Command, args []string) error {
		ctx := cmd.Context()
		svc, ok, err := a.analysisServer(ctx)
		if err != nil {
			return err
		}
		if ok {
			return remote(ctx, svc)
		}
		return a.withStore(func(ctx context.Context, s *data.Store, _ []string) error { return local(ctx, s) })(cmd, args)
	}
}

// remoteScope resolves the scope flags through the server, as the key's
// member sees the store.
func (a *app) remoteScope(ctx context.Context, svc api.Service, f scopeFlags) (matrix.Scope, error) {
	var sc matrix.Scope
	if (f.family != "") && (f.owner != "" || len(f.products) > 0) || (f.owner != "" && len(f.products) > 0) {
		return sc, usageError{fmt.Errorf("give at most one of --family, --owner and --product")}
	}
	switch {
	case f.family != "":
		it, err := svc.Item(ctx, f.family, false)
		if err != nil {
			return sc, err
		}
		sc.Family = it.ID
	case f.owner != "":
		sc.Member = model.MemberID(f.owner)
	default:
		for _, p := range f.products {
			it, err := svc.Item(ctx, p, false)
			if err != nil {
				return sc, err
			}
			sc.Products = append(sc.Products, it.ID)
		}
	}
	return sc, nil
}

// remoteRun runs an analysis as a job of the server, shows its progress,
// prints the stored run, and with svg writes its picture.
func (a *app) remoteRun(ctx context.Context, svc api.Service, kind string, params any, rf runFlags, print func(io.Writer, model.Run) error, svg string) error {
	raw, err := json.Marshal(params)
	if err != nil {
		return err
	}
	j, err := svc.StartRun(ctx, kind, raw)
	if err != nil {
		return err
	}
	bar := a.progressBar(rf.progress)
	for j.State == api.JobRunning {
		select {
		case <-ctx.Done():
			svc.CancelJob(context.WithoutCancel(ctx), j.ID)
			return ctx.Err()
		case <-time.After(200 * time.Millisecond):
		}
		if j, err = svc.Job(ctx, j.ID); err != nil {
			return err
		}
		if bar != nil && j.Total > 0 {
			bar.set(j.Phase, j.Done, j.Total)
		}
	}
	if bar != nil {
		bar.finish()
	}
	if j.State != api.JobDone {
		return model.Errorf(model.Internal, "%s job %s %s: %s", kind, j.ID, j.State, j.Error)
	}
	run, err := svc.Run(ctx, j.Run)
	if err != nil {
		return err
	}
	if rf.asJSON {
		if err := writeJSON(a.stdout, run); err != nil {
			return err
		}
	} else if err := print(a.stdout, run); err != nil {
		return err
	}
	if !rf.asJSON {
		fmt.Fprintf(a.stdout, "\nstored on the server as run %s (%s)\n", run.ID, run.Took.Round(1e6))
	}
	if svg == "" {
		return nil
	}
	if len(j.Pictures) == 0 {
		return model.Errorf(model.NotFound, "the %s run has no picture", kind)
	}
	b, err := svc.Picture(ctx, run.ID, j.Pictures[0])
	if err != nil {
		return err
	}
	return os.WriteFile(svg, b, 0o644)
}
