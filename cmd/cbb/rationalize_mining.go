package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/cbb-alliance/cbb/layers/data"
	"github.com/cbb-alliance/cbb/layers/middle"
	"github.com/cbb-alliance/cbb/layers/model"
	"github.com/cbb-alliance/cbb/rationalize"
	"github.com/cbb-alliance/cbb/rationalize/families"
	"github.com/cbb-alliance/cbb/rationalize/rules"
)

func init() {
	runPrinters["families"] = printFamilies
	runPrinters["rules"] = printRules
}

func (a *app) familiesCommand() *cobra.Command {
	var (
		sc     scopeFlags
		rf     runFlags
		p      rationalize.FamiliesParams
		svgDir string
		accept bool
	)
	cmd := &cobra.Command{
		Use:   "families",
		Short: "Part families by attributes (Gower distance, agglomerative clustering, dendrograms)",
		Args:  cobra.NoArgs,
		RunE: a.withStore(func(ctx context.Context, s *data.Store, _ []string) error {
			scope, err := a.scope(ctx, s, sc)
			if err != nil {
				return err
			}
			p.Scope = scope
			if accept && rf.noSave {
				return usageError{fmt.Errorf("--accept names the run the families come from: it cannot go with --no-save")}
			}
			run, res, err := a.execute(ctx, s, "families", p, rf, printFamilies)
			if err != nil {
				return err
			}
			if svgDir != "" {
				if err := writeDendrograms(svgDir, res.(*rationalize.FamiliesResult)); err != nil {
					return err
				}
			}
			if !accept {
				return nil
			}
			return a.acceptFamilies(ctx, s, run)
		}),
	}
	sc.add(cmd)
	rf.add(cmd)
	fl := cmd.Flags()
	fl.BoolVar(&p.AllParts, "all-parts", false, "cluster every part in the store (part libraries), not the scope's products' parts")
	fl.Float64Var(&p.Options.Height, "height", 0, fmt.Sprintf("cut height of each class's tree (default %.2f)", families.DefaultHeight))
	fl.IntVar(&p.Options.ClassDepth, "class-depth", 0, "group parts by this many class path segments (default: the whole path)")
	fl.StringVar((*string)(&p.Options.Linkage), "linkage", "", "average (default), complete, single or weighted")
	fl.StringVar(&svgDir, "svg", "", "write one dendrogram SVG per class into this folder")
	fl.BoolVar(&accept, "accept", false, "make the proposed families families of the middle layer, owned by the acting member (items with variant edges and variability)")
	return cmd
}

// acceptFamilies stores a families run's proposals as family items of the
// acting member with their variant edges (one transaction) and their
// variability.
func (a *app) acceptFamilies(ctx context.Context, s *data.Store, run model.Run) error {
	var r rationalize.FamiliesResult
	if err := json.Unmarshal(run.Result, &r); err != nil {
		return err
	}
	v, err := a.viewer(ctx, s)
	if err != nil {
		return err
	}
	b, vars := rationalize.AcceptFamilies(r.Families, v.Member, model.Scope{Kind: model.ScopeAlliance}, "run:"+run.ID)
	// A family says what its members are: one with a member the alliance
	// may not see (a licensed or partners-only part) stays its maker's.
	w := s.As(v)
	private := map[model.ItemID]bool{}
	for _, e := range b.Edges {
		it, err := w.Item(ctx, e.Child)
		if err != nil {
			return err
		}
		if !v.Publishes(&it) {
			private[e.Parent] = true
		}
	}
	for i := range b.Items {
		if private[b.Items[i].ID] {
			b.Items[i].Scope = model.Scope{Kind: model.ScopeOwner}
		}
	}
	res, err := s.Apply(ctx, b)
	if err != nil {
		return err
	}
	lib := middle.For(s, v)
	for _, v := range vars {
		if err := lib.PutVariability(ctx, v); err != nil {
			return err
		}
	}
	if _, _, err := a.openIndex(ctx, s); err != nil {
		return err
	}
	fmt.Fprintf(a.stdout, "accepted %d families (%d new, %d changed) with their variability\n", len(vars), res.Created, res.Revised)
	return nil
}

// writeDendrograms writes one SVG per clustered class.
func writeDendrograms(dir string, r *rationalize.FamiliesResult) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	for _, g := range r.Groups {
		if g.Dendrogram == nil {
			continue
		}
		name := strings.NewReplacer("/", "_", " ", "_").Replace(string(g.Class)) + ".svg"
		err := writeFile(filepath.Join(dir, name), func(w io.Writer) error {
			return families.WriteDendrogramSVG(w, g.Dendrogram, g.Names, families.SVGOptions{Title: string(g.Class)})
		})
		if err != nil {
			return err
		}
	}
	return nil
}

func printFamilies(w io.Writer, run model.Run) error {
	var r rationalize.FamiliesResult
	if err := json.Unmarshal(run.Result, &r); err != nil {
		return err
	}
	fmt.Fprintf(w, "%d parts, %d families\n\n", r.Parts, len(r.Families))
	for _, c := range r.Classes {
		if c.Skipped != "" {
			continue
		}
		fmt.Fprintf(w, "  %-50s %5d parts %4d families  cophenetic %.2f\n", clip(string(c.Class), 50), c.Parts, c.Families, c.Cophenetic)
	}
	fmt.Fprintln(w)
	for i, f := range r.Families {
		if i == 25 {
			fmt.Fprintf(w, "  ... %d more (see --json)\n", len(r.Families)-25)
			break
		}
		fmt.Fprintf(w, "  %3d  %s\n", len(f.Members), clip(f.Label, 110))
	}
	return nil
}

func (a *app) rulesCommand() *cobra.Command {
	var (
		sc      scopeFlags
		rf      runFlags
		p       rationalize.RulesParams
		propose bool
	)
	cmd := &cobra.Command{
		Use:   "rules",
		Short: "Mine design rules: requires rules, never-together pairs, parameter relations",
		Args:  cobra.NoArgs,
		RunE: a.withStore(func(ctx context.Context, s *data.Store, _ []string) error {
			scope, err := a.scope(ctx, s, sc)
			if err != nil {
				return err
			}
			p.Scope = scope
			if propose && rf.noSave {
				return usageError{fmt.Errorf("--propose names the run the rules come from: it cannot go with --no-save")}
			}
			run, _, err := a.execute(ctx, s, "rules", p, rf, printRules)
			if err != nil || !propose {
				return err
			}
			var r rationalize.RulesResult
			if err := json.Unmarshal(run.Result, &r); err != nil {
				return err
			}
			v, err := a.viewer(ctx, s)
			if err != nil {
				return err
			}
			lib := middle.For(s, v)
			n, withheld := 0, 0
			for _, rule := range r.Proposals(run.ID) {
				ok, err := a.publishesNames(ctx, s.As(v), rule)
				if err != nil {
					return err
				}
				if ok {
					_, err = lib.PutRule(ctx, rule)
				}
				if !ok || model.Code(err) == model.Forbidden {
					withheld++ // it would tell every member of items they may not see
					continue
				}
				if err != nil {
					return err
				}
				n++
			}
			if !rf.asJSON {
				fmt.Fprintf(a.stdout, "proposed %d rules to the middle layer (cbb rule list --status proposed; cbb rule accept ID)\n", n)
				if withheld > 0 {
					fmt.Fprintf(a.stdout, "withheld %d rules that name items not every member may see\n", withheld)
				}
			}
			return nil
		}),
	}
	cmd.Flags().BoolVar(&propose, "propose", false, "store the mined rules as proposed design rules of the middle layer")
	sc.add(cmd)
	rf.add(cmd)
	fl := cmd.Flags()
	fl.Float64Var(&p.Options.MinSupport, "min-support", 0, "smallest share of products a rule rests on (default 0.1)")
	fl.Float64Var(&p.Options.MinConfidence, "min-confidence", 0, "smallest confidence (default 0.8)")
	fl.IntVar(&p.Options.MaxRules, "max-rules", 200, "most rules of each kind kept")
	return cmd
}

func printRules(w io.Writer, run model.Run) error {
	var r rationalize.RulesResult
	if err := json.Unmarshal(run.Result, &r); err != nil {
		return err
	}
	name := r.Label
	fmt.Fprintf(w, "%s: %d products\n", r.Scope, r.Products)
	section := func(title string, rs []rules.Rule, line func(rules.Rule) string) {
		fmt.Fprintf(w, "\n%s (%d)\n", title, len(rs))
		for i, x := range rs {
			if i == 15 {
				fmt.Fprintf(w, "  ... %d more (see --json)\n", len(rs)-15)
				break
			}
			fmt.Fprintf(w, "  %s\n", clip(line(x), 140))
		}
	}
	section("requires", r.Requires, func(x rules.Rule) string {
		return fmt.Sprintf("%s -> %s  (support %.2f, confidence %.2f, lift %.1f)", name(x.Antecedent), name(x.Consequent), x.Support, x.Confidence, x.Lift)
	})
	section("never together", r.NeverTogether, func(x rules.Rule) string {
		return fmt.Sprintf("%s excludes %s  (expected %.1f together, p %.3f)", name(x.Antecedent), name(x.Consequent), x.Expected, x.PValue)
	})
	section("parameter relations", r.Relations, func(x rules.Rule) string {
		return fmt.Sprintf("%s: %s  (%d parts, fit %.2f)", x.Scope, x.Formula(), x.Count, x.Fit)
	})
	return nil
}

// publishesNames reports whether every module a mined rule names by name
// ("name:<module>") is one the acting member may tell the alliance about:
// the rule's name and selectors would otherwise publish the names of
// modules other members may not see.
func (a *app) publishesNames(ctx context.Context, w *data.View, r model.Rule) (bool, error) {
	names := map[string]bool{}
	for _, ref := range slices.Concat(r.If, r.Then) {
		if n, ok := strings.CutPrefix(ref, "name:"); ok {
			names[strings.ToLower(n)] = true
		}
	}
	if len(names) == 0 {
		return true, nil
	}
	v := w.Viewer()
	ok := true
	err := w.Items(ctx, model.LevelModule, func(it model.Item) error {
		if names[strings.ToLower(it.Name)] && !v.Publishes(&it) {
			ok = false
		}
		return nil
	})
	return ok, err
}
