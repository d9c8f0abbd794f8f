package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/cbb-alliance/cbb/api"
	"github.com/cbb-alliance/cbb/layers/data"
	"github.com/cbb-alliance/cbb/layers/model"
	"github.com/cbb-alliance/cbb/rationalize"
	"github.com/cbb-alliance/cbb/rationalize/matrix"
)

func (a *app) rationalizeCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "rationalize",
		Short: "Rationalization analyses: commonality, duplicates, cells, DSM modules; stored runs",
		Long: `Rationalization analyses for platform architects. Analyses on the store run on
a scope (--family, --owner or --product; the whole alliance by default) of what
the acting member may see, and are stored as runs with their input, parameters,
seed, result and timing, visible to that member (and the administrator) only;
'runs' lists them, 'show' prints one, 'rerun' repeats one and checks the
result is the same. 'cells' and 'dsm' read matrix files and need no store.`,
	}
	cmd.AddCommand(
		a.commonalityCommand(),
		a.platformCommand(),
		a.modulesCommand(),
		a.reportCommand(),
		a.familiesCommand(),
		a.rulesCommand(),
		a.runsCommand(),
		a.runShowCommand(),
		a.rerunCommand(),
		a.rationalizeCellsCommand(),
		a.rationalizeDSMCommand(),
	)
	return cmd
}

// scopeFlags are the flags that choose an analysis's products.
type scopeFlags struct {
	family   string
	owner    string
	products []string
}

func (f *scopeFlags) add(cmd *cobra.Command) {
	fl := cmd.Flags()
	fl.StringVar(&f.family, "family", "", "analyse this family's variants (id, SYSTEM:EXTERNAL-ID or name)")
	fl.StringVar(&f.owner, "owner", "", "analyse the products this member owns (that you may see)")
	fl.StringSliceVar(&f.products, "product", nil, "analyse these products (repeat or comma-separate)")
}

func (a *app) scope(ctx context.Context, st *data.Store, f scopeFlags) (matrix.Scope, error) {
	set := 0
	for _, b := range []bool{f.family != "", f.owner != "", len(f.products) > 0} {
		if b {
			set++
		}
	}
	if set > 1 {
		return matrix.Scope{}, usageError{fmt.Errorf("give at most one of --family, --owner and --product")}
	}
	s, err := a.view(ctx, st)
	if err != nil {
		return matrix.Scope{}, err
	}
	var sc matrix.Scope
	switch {
	case f.family != "":
		id, err := a.resolve(ctx, s, f.family)
		if err != nil {
			return sc, err
		}
		sc.Family = id
	case f.owner != "":
		if _, err := st.Member(ctx, model.MemberID(f.owner)); err != nil {
			return sc, err
		}
		sc.Member = model.MemberID(f.owner)
	default:
		for _, p := range f.products {
			id, err := a.resolve(ctx, s, p)
			if err != nil {
				return sc, err
			}
			sc.Products = append(sc.Products, id)
		}
	}
	return sc, nil
}

// env is the analyses' view of the store: what the acting member may see,
// and only that enters the matrices. Its state is the last batch applied
// and the member, so a stored run names the data it saw.
func (a *app) env(ctx context.Context, s *data.Store, progress string) (rationalize.Env, func(), error) {
	w, err := a.view(ctx, s)
	if err != nil {
		return rationalize.Env{}, nil, err
	}
	state := "empty store"
	last, ok, err := s.LastBatch(ctx)
	if err != nil {
		return rationalize.Env{}, nil, err
	}
	if ok {
		state = "batch " + last.ID
	}
	state += " as " + string(w.Viewer().Member)
	env := rationalize.Env{Store: w, State: state}
	bar := a.progressBar(progress)
	if bar == nil {
		return env, func() {}, nil
	}
	env.Progress = bar.set
	return env, bar.finish, nil
}

// runFlags are what every stored analysis takes.
type runFlags struct {
	asJSON   bool
	noSave   bool
	progress string
}

func (f *runFlags) add(cmd *cobra.Command) {
	fl := cmd.Flags()
	fl.BoolVar(&f.asJSON, "json", false, "print the run as JSON")
	fl.BoolVar(&f.noSave, "no-save", false, "do not store the run")
	fl.StringVar(&f.progress, "progress", "auto", "progress bar: auto (on a terminal), always or never")
}

// execute runs an analysis, stores the run unless asked not to, and
// prints it. It also returns the result as computed, with what the stored
// JSON leaves out, for the pictures.
func (a *app) execute(ctx context.Context, s *data.Store, kind string, params any, f runFlags, print func(io.Writer, model.Run) error) (model.Run, any, error) {
	env, done, err := a.env(ctx, s, f.progress)
	if err != nil {
		return model.Run{}, nil, err
	}
	run, res, err := rationalize.ExecuteResult(ctx, env, kind, params)
	done()
	if err != nil {
		return run, nil, err
	}
	if !f.noSave {
		if run, err = s.PutRun(ctx, model.MemberID(a.member), run); err != nil {
			return run, res, err
		}
	}
	if f.asJSON {
		return run, res, writeJSON(a.stdout, run)
	}
	if err := print(a.stdout, run); err != nil {
		return run, res, err
	}
	if run.ID != "" {
		fmt.Fprintf(a.stdout, "\nstored as run %s (%s); repeat it with: cbb rationalize rerun %s\n", run.ID, run.Took.Round(1e6), run.ID)
	}
	return run, res, nil
}

func (a *app) commonalityCommand() *cobra.Command {
	var (
		sc        scopeFlags
		rf        runFlags
		threshold float64
		cost      float64
	)
	cmd := &cobra.Command{
		Use:   "commonality",
		Short: "Commonality indices (DCI, TCCI, CI, PCI, reuse rates) before and after merging duplicate parts",
		Args:  cobra.NoArgs,
		RunE: a.withAnalysis(func(ctx context.Context, s *data.Store) error {
			scope, err := a.scope(ctx, s, sc)
			if err != nil {
				return err
			}
			p := rationalize.CommonalityParams{Scope: scope, Threshold: threshold, CostPerPartNumber: cost}
			_, _, err = a.execute(ctx, s, "commonality", p, rf, printCommonality)
			return err
		}, func(ctx context.Context, svc api.Service) error {
			scope, err := a.remoteScope(ctx, svc, sc)
			if err != nil {
				return err
			}
			p := rationalize.CommonalityParams{Scope: scope, Threshold: threshold, CostPerPartNumber: cost}
			return a.remoteRun(ctx, svc, "commonality", p, rf, printCommonality, "")
		}),
	}
	sc.add(cmd)
	rf.add(cmd)
	cmd.Flags().Float64Var(&threshold, "threshold", 0, "near-duplicate score that groups parts (default: the detector's)")
	cmd.Flags().Float64Var(&cost, "cost", 0, "yearly cost of one part number, for the saving (default 1000)")
	return cmd
}

func printCommonality(w io.Writer, run model.Run) error {
	var r rationalize.CommonalityResult
	if err := json.Unmarshal(run.Result, &r); err != nil {
		return err
	}
	fmt.Fprintf(w, "%s: %d products, %d distinct parts\n\n", r.Scope, len(r.Products), r.Parts)
	fmt.Fprintf(w, "  %-28s %10s %10s\n", "index", "before", "after")
	for _, row := range []struct {
		name string
		b, a float64
	}{
		{"DCI (Collier)", r.Before.DCI, r.After.DCI},
		{"TCCI (Wacker & Treleven)", r.Before.TCCI, r.After.TCCI},
		{"CI (Martin & Ishii)", r.Before.CI, r.After.CI},
		{"PCI (Kota et al.), %", r.Before.PCI, r.After.PCI},
		{"mean reuse rate", r.Before.MeanReuse, r.After.MeanReuse},
		{"unique parts", float64(r.Before.UniqueParts), float64(r.After.UniqueParts)},
	} {
		fmt.Fprintf(w, "  %-28s %10.3f %10.3f\n", row.name, row.b, row.a)
	}
	p := r.Proposal
	fmt.Fprintf(w, "\n%d duplicate groups: merging removes %d part numbers, saving %.0f a year at %.0f per part number\n",
		len(p.Groups), p.PartNumbersRemoved, p.YearlySaving, p.CostPerPartNumber)
	for i, g := range p.Groups {
		if i == 10 {
			fmt.Fprintf(w, "  ... %d more (see --json)\n", len(p.Groups)-10)
			break
		}
		var merged []string
		for _, m := range g.Merge {
			merged = append(merged, m.Name)
		}
		fmt.Fprintf(w, "  keep %s (%s)\n    merge %s\n", g.Master.Name, g.Why, clip(strings.Join(merged, "; "), 100))
	}
	return nil
}

func (a *app) runsCommand() *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "runs",
		Short: "List the stored analysis runs you made",
		Args:  cobra.NoArgs,
		RunE: a.withStore(func(ctx context.Context, s *data.Store, _ []string) error {
			var runs []model.Run
			if err := s.Runs(ctx, func(r model.Run) error {
				if a.mayReadRun(r) {
					r.Result = nil
					runs = append(runs, r)
				}
				return nil
			}); err != nil {
				return err
			}
			if asJSON {
				return writeJSON(a.stdout, runs)
			}
			for _, r := range runs {
				fmt.Fprintf(a.stdout, "%s  %s  %-12s %-8s %s\n", r.ID, r.At.Format("2006-01-02 15:04"), r.Kind, r.Took.Round(1e6), r.Summary)
			}
			return nil
		}),
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	return cmd
}

// runPrinters print a stored run's result by kind.
var runPrinters = map[string]func(io.Writer, model.Run) error{
	"commonality": printCommonality,
}

func (a *app) runShowCommand() *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "show RUN",
		Short: "Show a stored analysis run",
		Args:  cobra.ExactArgs(1),
		RunE: a.withStore(func(ctx context.Context, s *data.Store, args []string) error {
			r, err := a.run(ctx, s, args[0])
			if err != nil {
				return err
			}
			if asJSON {
				return writeJSON(a.stdout, r)
			}
			fmt.Fprintf(a.stdout, "run %s: %s on %s, %s, took %s\nparameters: %s\n\n", r.ID, r.Kind, r.Input, r.At.Format("2006-01-02 15:04:05"), r.Took.Round(1e6), r.Params)
			if p, ok := runPrinters[r.Kind]; ok {
				return p(a.stdout, r)
			}
			fmt.Fprintln(a.stdout, r.Summary)
			return nil
		}),
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	return cmd
}

func (a *app) rerunCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "rerun RUN",
		Short: "Repeat a stored analysis run and check its result is the same",
		Args:  cobra.ExactArgs(1),
		RunE: a.withStore(func(ctx context.Context, s *data.Store, args []string) error {
			r, err := a.run(ctx, s, args[0])
			if err != nil {
				return err
			}
			env, done, err := a.env(ctx, s, "never")
			if err != nil {
				return err
			}
			defer done()
			again, same, err := rationalize.Rerun(ctx, env, r)
			if err != nil {
				return err
			}
			if !same {
				state := ""
				if again.Input != r.Input {
					state = fmt.Sprintf(" (the input changed: %s, then %s)", r.Input, again.Input)
				}
				return model.Errorf(model.Conflict, "run %s repeated gives another result%s", r.ID, state)
			}
			fmt.Fprintf(a.stdout, "run %s repeated: same result (%s, then %s)\n", r.ID, r.Took.Round(1e6), again.Took.Round(1e6))
			return nil
		}),
	}
}

// mayReadRun reports whether the acting member may see a stored run: a
// run holds what its maker could see, so it is its maker's (and the
// administrator's); file analyses made before runs had makers are
// everyone's.
func (a *app) mayReadRun(r model.Run) bool {
	m := model.MemberID(a.member)
	return m == model.Administrator || r.Actor == m || (r.Actor == "" && !strings.Contains(r.Input, " @ "))
}

// run returns a stored run the acting member may see.
func (a *app) run(ctx context.Context, s *data.Store, id string) (model.Run, error) {
	if _, err := a.viewer(ctx, s); err != nil {
		return model.Run{}, err
	}
	r, err := s.Run(ctx, id)
	if err == nil && !a.mayReadRun(r) {
		return model.Run{}, model.Errorf(model.NotFound, "no analysis run %s", id)
	}
	return r, err
}
