package main

import (
	"context"
	"fmt"
	"io"
	"maps"
	"os"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/cbb-alliance/cbb/api"
	"github.com/cbb-alliance/cbb/layers/design"
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
		RunE: a.withService(func(ctx context.Context, svc api.Service, args []string) error {
			return a.runDesign(ctx, svc, args[0], f)
		}),
	}
	fl := cmd.Flags()
	fl.BoolVar(&f.asJSON, "json", false, "print the report as JSON")
	fl.BoolVar(&f.reuseOnly, "reuse-only", false, "forbid new designs: every item must be configured or varied")
	fl.BoolVar(&f.noRecord, "no-record", false, "do not open R&D requests nor record credits")
	fl.IntVar(&f.limit, "candidates", 8, "candidates retrieved per level and item")
	return cmd
}

func (a *app) runDesign(ctx context.Context, svc api.Service, path string, f designFlags) error {
	file, err := os.Open(path)
	if err != nil {
		return err
	}
	req, err := retrieval.ReadRequirement(path, file)
	file.Close()
	if err != nil {
		return err
	}
	opt := api.PlanOptions{ReuseOnly: f.reuseOnly, Candidates: f.limit}
	var rec api.Recorded
	if f.noRecord {
		rec.Report, err = svc.Plan(ctx, req, opt)
	} else {
		rec, err = svc.Record(ctx, req, opt)
	}
	if err != nil {
		return err
	}
	if f.asJSON {
		if err := writeJSON(a.stdout, rec); err != nil {
			return err
		}
	} else {
		printDesign(a.stdout, rec.Report, rec.Requests)
	}
	if !rec.Feasible {
		return model.Errorf(model.Conflict, "no configuration of %q satisfies the design rules (see the conflicts above)", req.Name)
	}
	return nil
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
