package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"github.com/cbb-alliance/cbb/api"
	"github.com/cbb-alliance/cbb/layers/data"
	"github.com/cbb-alliance/cbb/layers/model"
	"github.com/cbb-alliance/cbb/rationalize"
)

func init() {
	runPrinters["platform"] = printPlatform
	runPrinters["modules"] = printModules
}

func (a *app) modulesCommand() *cobra.Command {
	var (
		sc  scopeFlags
		rf  runFlags
		p   rationalize.ModulesParams
		svg string
	)
	cmd := &cobra.Command{
		Use:   "modules",
		Short: "Modules from part co-occurrence (Louvain after setting the bus apart), modularity and coordination cost",
		Args:  cobra.NoArgs,
		RunE: a.withAnalysis(func(ctx context.Context, s *data.Store) error {
			scope, err := a.scope(ctx, s, sc)
			if err != nil {
				return err
			}
			p.Scope = scope
			_, res, err := a.execute(ctx, s, "modules", p, rf, printModules)
			if err != nil || svg == "" {
				return err
			}
			return writeFile(svg, func(w io.Writer) error { return rationalize.WriteModulesSVG(w, res.(*rationalize.ModulesResult)) })
		}, func(ctx context.Context, svc api.Service) error {
			scope, err := a.remoteScope(ctx, svc, sc)
			if err != nil {
				return err
			}
			p.Scope = scope
			return a.remoteRun(ctx, svc, "modules", p, rf, printModules, svg)
		}),
	}
	sc.add(cmd)
	rf.add(cmd)
	fl := cmd.Flags()
	fl.Uint64Var(&p.Seed, "seed", 1, "seed of the clustering")
	fl.IntVar(&p.MinUse, "min-use", 0, "keep parts used by at least this many products (default 2)")
	fl.StringVar(&svg, "svg", "", "draw the co-occurrence DSM by module into this SVG file")
	return cmd
}

func printModules(w io.Writer, run model.Run) error {
	var r rationalize.ModulesResult
	if err := json.Unmarshal(run.Result, &r); err != nil {
		return err
	}
	fmt.Fprintf(w, "%s: %d parts, %d modules, modularity %.3f, coordination cost %.0f\n", r.Scope, r.Parts, len(r.Modules), r.Modularity, r.CoordinationCost)
	fmt.Fprintf(w, "bus (%d): %s\n\n", len(r.Bus), clip(strings.Join(r.Bus, ", "), 300))
	for i, m := range r.Modules {
		if i == 15 {
			fmt.Fprintf(w, "  ... %d more (see --json)\n", len(r.Modules)-15)
			break
		}
		fmt.Fprintf(w, "  module %d (%d parts): %s\n", i+1, len(m), clip(strings.Join(m, ", "), 110))
	}
	return nil
}

func (a *app) platformCommand() *cobra.Command {
	var (
		sc  scopeFlags
		rf  runFlags
		p   rationalize.PlatformParams
		svg string
	)
	cmd := &cobra.Command{
		Use:   "platform",
		Short: "Product families and their modules by block-diagonalizing the product x part incidence; CBB candidates",
		Long: `Block-diagonalize the scope's product x part incidence (BOMs exploded to their
leaf parts) into cells that maximize grouping efficacy: each cell is a product
family with the parts it uses. Parts used across families (exceptional
elements) are listed as the platform's CBB candidates. --svg draws the
reordered matrix.`,
		Args: cobra.NoArgs,
		RunE: a.withAnalysis(func(ctx context.Context, s *data.Store) error {
			scope, err := a.scope(ctx, s, sc)
			if err != nil {
				return err
			}
			p.Scope = scope
			_, res, err := a.execute(ctx, s, "platform", p, rf, printPlatform)
			if err != nil || svg == "" {
				return err
			}
			return writeFile(svg, func(w io.Writer) error { return rationalize.WritePlatformSVG(w, res.(*rationalize.PlatformResult)) })
		}, func(ctx context.Context, svc api.Service) error {
			scope, err := a.remoteScope(ctx, svc, sc)
			if err != nil {
				return err
			}
			p.Scope = scope
			return a.remoteRun(ctx, svc, "platform", p, rf, printPlatform, svg)
		}),
	}
	sc.add(cmd)
	rf.add(cmd)
	fl := cmd.Flags()
	fl.Uint64Var(&p.Seed, "seed", 1, "seed of the search")
	fl.IntVar(&p.Restarts, "restarts", 0, "restarts of the search (default 60)")
	fl.IntVar(&p.MinUse, "min-use", 0, "leave out parts used by fewer products")
	fl.StringVar(&svg, "svg", "", "draw the reordered incidence matrix into this SVG file")
	return cmd
}

// writeFile writes a file through fn, reporting the first error.
func writeFile(path string, fn func(io.Writer) error) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	err = fn(f)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}

func printPlatform(w io.Writer, run model.Run) error {
	var r rationalize.PlatformResult
	if err := json.Unmarshal(run.Result, &r); err != nil {
		return err
	}
	fmt.Fprintf(w, "%s: %d products x %d parts in %d families, grouping efficacy %.4f\n\n", r.Scope, r.Products, r.Parts, len(r.Cells), r.GroupingEfficacy)
	for i, c := range r.Cells {
		fmt.Fprintf(w, "  family %d: %d products, %d parts, %d voids: %s\n", i+1, len(c.Products), len(c.Parts), c.Voids, clip(strings.Join(c.Products, ", "), 100))
	}
	fmt.Fprintf(w, "\n%d CBB candidates (parts used across families):\n", len(r.Candidates))
	for i, c := range r.Candidates {
		if i == 15 {
			fmt.Fprintf(w, "  ... %d more (see --json)\n", len(r.Candidates)-15)
			break
		}
		fmt.Fprintf(w, "  %-50s in %d families, %d products\n", clip(c.Name, 50), c.Families, c.Products)
	}
	return nil
}
