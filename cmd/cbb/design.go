package main

import (
	"context"
	"fmt"
	"io"
	"maps"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/cbb-alliance/cbb/layers/data"
	"github.com/cbb-alliance/cbb/layers/design"
	"github.com/cbb-alliance/cbb/layers/middle"
	"github.com/cbb-alliance/cbb/layers/model"
	"github.com/cbb-alliance/cbb/retrieval"
)

type designFlags struct {
	asJSON    bool
	reuseOnly bool
	noRecord  bool
	limit     int
}

func (a *app) designCommand() *cobra.Command {
	var f designFlags
	cmd := &cobra.Command{
		Use:   "design REQUIREMENT",
		Short: "Decide configure, variant or new for each item of a requirement, and a valid configuration of the whole",
		Long: `Answer a customer requirement (the file 'cbb query' reads) with a design plan.
For each item: configure (a released item meets every must-constraint), variant
(a family or parametric item set within its ranges meets them: which
parameters, set to what) or new (with the gap: which constraint, by how much,
the nearest candidate). For the whole: one choice per item such that every
accepted design rule holds and reuse is highest, solved as a pseudo-boolean
optimization; when none exists the conflicting rules are named.

The report gives the reuse rate (share of items met by configuration or
variant), the effort saved and the members credited. Unless --no-record, new
items become open R&D requests ('cbb rd list') and the credits are recorded.`,
		Args: cobra.ExactArgs(1),
		RunE: a.withStore(func(ctx context.Context, s *data.Store, args []string) error {
			return a.runDesign(ctx, s, args[0], f)
		}),
	}
	fl := cmd.Flags()
	fl.BoolVar(&f.asJSON, "json", false, "print the report as JSON")
	fl.BoolVar(&f.reuseOnly, "reuse-only", false, "forbid new designs: every item must be configured or varied")
	fl.BoolVar(&f.noRecord, "no-record", false, "do not open R&D requests nor record credits")
	fl.IntVar(&f.limit, "candidates", 8, "candidates retrieved per level and item")
	return cmd
}

func (a *app) runDesign(ctx context.Context, s *data.Store, path string, f designFlags) error {
	file, err := os.Open(path)
	if err != nil {
		return err
	}
	req, err := retrieval.ReadRequirement(path, file)
	file.Close()
	if err != nil {
		return err
	}
	w, err := a.view(ctx, s)
	if err != nil {
		return err
	}
	if req, err = actingFor(req, w.Viewer()); err != nil {
		return err
	}
	lib := middle.For(s, w.Viewer())
	rep, err := a.plan(ctx, w, lib, req, f)
	if err != nil {
		return err
	}
	var opened []model.Request
	if !f.noRecord && rep.Feasible {
		if opened, err = record(ctx, lib, req, rep); err != nil {
			return err
		}
	}
	if f.asJSON {
		if err := writeJSON(a.stdout, designView{Report: rep, Requests: opened}); err != nil {
			return err
		}
	} else {
		printDesign(a.stdout, rep, opened)
	}
	if !rep.Feasible {
		return model.Errorf(model.Conflict, "no configuration of %q satisfies the design rules (see the conflicts above)", req.Name)
	}
	return nil
}

// designView is what `design --json` prints: the report and the R&D
// requests it opened.
type designView struct {
	design.Report
	Requests []model.Request `json:"rd_requests,omitempty"`
}

// plan retrieves the candidates for every item (families too: they may
// be varied) and decides.
func (a *app) plan(ctx context.Context, w *data.View, lib *middle.Library, req model.Requirement, f designFlags) (design.Report, error) {
	x, _, err := a.openIndex(ctx, lib.Store)
	if err != nil {
		return design.Report{}, err
	}
	e := &retrieval.Engine{Items: w, Index: x}
	cands, err := e.Query(ctx, req, retrieval.Options{Viewer: w.Viewer(), Limit: f.limit, Families: true})
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
		Options: design.Options{ReuseOnly: f.reuseOnly, MaxOptions: f.limit},
	})
	if err == nil {
		err = lookupErr
	}
	return rep, err
}

// record opens the R&D requests of the new items and records the
// technology credits, after the plan is made.
func record(ctx context.Context, lib *middle.Library, req model.Requirement, rep design.Report) ([]model.Request, error) {
	var opened []model.Request
	for _, r := range rep.Requests(req, time.Now().UTC()) {
		o, err := lib.OpenRequest(ctx, r)
		if err != nil {
			return opened, err
		}
		opened = append(opened, o)
	}
	var credits []middle.Credit
	for _, m := range slices.Sorted(maps.Keys(rep.Credits)) {
		credits = append(credits, middle.Credit{Member: m, Requirement: req.Name, Effort: rep.Credits[m]})
	}
	return opened, lib.RecordCredits(ctx, credits)
}

func printDesign(w io.Writer, r design.Report, opened []model.Request) {
	fmt.Fprintf(w, "Design plan for %q (as %s)\n\n", r.Requirement, r.Member)
	if !r.Feasible {
		fmt.Fprintln(w, "No configuration satisfies the design rules. Conflicting:")
		for _, c := range r.Conflicts {
			what := c.Rule
			if what == "" {
				what = "(no option)"
			}
			fmt.Fprintf(w, "  %s %s: %s  [%s]\n", what, c.Name, c.Detail, strings.Join(c.Items, ", "))
		}
		return
	}
	for _, d := range r.Items {
		fmt.Fprintf(w, "%-10s %s (x%g)\n", strings.ToUpper(string(d.Decision)), d.Item, d.Quantity)
		if d.Candidate != nil {
			fmt.Fprintf(w, "           %s  [%s, %s, owner %s]\n", d.Candidate.Name, d.Candidate.Source, d.Candidate.Level, d.Candidate.Owner)
		}
		for _, st := range d.Settings {
			fmt.Fprintf(w, "           set %s\n", st)
		}
		if d.Gap != nil {
			if d.Gap.Nearest != nil {
				fmt.Fprintf(w, "           nearest: %s [%s]\n", d.Gap.Nearest.Name, d.Gap.Nearest.Source)
			}
			if g := d.Gap.String(); g != "" {
				fmt.Fprintf(w, "           gap: %s\n", g)
			}
		}
		for _, o := range d.Obligations {
			fmt.Fprintf(w, "           must satisfy: %s\n", o)
		}
		fmt.Fprintf(w, "           why: %s\n", d.Why)
	}
	fmt.Fprintf(w, "\nreuse rate %.0f%% (configure %.0f%%, variant %.0f%%; by quantity %.0f%%)\n",
		100*r.ReuseRate, 100*r.ConfigureRate, 100*r.VariantRate, 100*r.ReuseRateByQuantity)
	fmt.Fprintf(w, "effort: %.2f planned instead of %.2f all new, %.2f saved (units of one new part)\n", r.EffortPlanned, r.EffortNew, r.EffortSaved)
	for _, m := range slices.Sorted(maps.Keys(r.Credits)) {
		fmt.Fprintf(w, "credit: %s %.2f\n", m, r.Credits[m])
	}
	for _, q := range opened {
		fmt.Fprintf(w, "R&D request %s (%s) for %s\n", q.ID, q.State, q.Item)
	}
}
