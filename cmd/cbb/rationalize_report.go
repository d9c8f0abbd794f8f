package main

import (
	"context"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/cbb-alliance/cbb/layers/data"
	"github.com/cbb-alliance/cbb/layers/model"
	"github.com/cbb-alliance/cbb/rationalize"
)

func (a *app) reportCommand() *cobra.Command {
	var (
		sc       scopeFlags
		p        rationalize.ReportParams
		out      string
		progress string
		noSave   bool
	)
	cmd := &cobra.Command{
		Use:   "report --out DIR",
		Short: "Run every analysis on a scope and write a Markdown report with its pictures",
		Long: `Run the platform (block-diagonalized incidence), modules (co-occurrence
clustering), families (attributes), commonality (with duplicates) and rules
analyses on the scope, store each as a run, and write DIR/README.md with the
reordered incidence matrix, the module DSM and a dendrogram as SVG.`,
		Args: cobra.NoArgs,
		RunE: a.withStore(func(ctx context.Context, s *data.Store, _ []string) error {
			if out == "" {
				return usageError{fmt.Errorf("give --out DIR")}
			}
			scope, err := a.scope(ctx, s, sc)
			if err != nil {
				return err
			}
			p.Scope = scope
			env, done, err := a.env(ctx, s, progress)
			if err != nil {
				return err
			}
			defer done()
			var keep func(model.Run) (model.Run, error)
			if !noSave {
				keep = func(r model.Run) (model.Run, error) { return s.PutRun(ctx, model.MemberID(a.member), r) }
			}
			rep, err := rationalize.WriteReport(ctx, env, p, out, keep)
			if err != nil {
				return err
			}
			done()
			for _, r := range rep.Runs {
				fmt.Fprintf(a.stdout, "run %s  %-12s %s\n", r.ID, r.Kind, r.Summary)
			}
			fmt.Fprintf(a.stdout, "wrote %d files into %s\n", len(rep.Files), out)
			return nil
		}),
	}
	sc.add(cmd)
	fl := cmd.Flags()
	fl.StringVar(&out, "out", "", "folder to write the report into")
	fl.StringVar(&p.Title, "title", "", "the report's title (default: names the scope)")
	fl.Uint64Var(&p.Seed, "seed", 1, "seed of the searches")
	fl.StringVar(&progress, "progress", "auto", "progress bar: auto (on a terminal), always or never")
	fl.BoolVar(&noSave, "no-save", false, "do not store the runs")
	return cmd
}
