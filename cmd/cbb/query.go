package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"github.com/cbb-alliance/cbb/api"
	"github.com/cbb-alliance/cbb/layers/data"
	"github.com/cbb-alliance/cbb/layers/model"
	"github.com/cbb-alliance/cbb/retrieval"
)

type queryFlags struct {
	text   string
	level  string
	limit  int
	asJSON bool
}

func (a *app) queryCommand() *cobra.Command {
	var f queryFlags
	cmd := &cobra.Command{
		Use:   "query [REQUIREMENT]",
		Short: "Find and rank reusable items for a requirement",
		Long: `Find what already exists for a customer requirement and how well it fits.

REQUIREMENT is a requirement file (YAML or JSON; see docs/RETRIEVAL.md): items
with free text and/or a class, typed constraints (target with tolerance, min,
max, one_of; weight; must) and the level sought. Or give --text and --level
for a one-line requirement, as an engineer types it:

  cbb query --text "10k 0603 1% resistor" --level part

Every candidate comes with its explanation: per constraint the item's value,
the required value and the local score. The query runs as the acting member
(--member) and returns only what it may see; a requirement file that names
another member is refused.`,
		Args: cobra.MaximumNArgs(1),
		RunE: a.withService(func(ctx context.Context, svc api.Service, args []string) error {
			return a.runQuery(ctx, svc, args, f)
		}),
	}
	fl := cmd.Flags()
	fl.StringVar(&f.text, "text", "", "requirement as free text, instead of a file")
	fl.StringVar(&f.level, "level", "any", "level sought with --text: family, product, module, part, feature, technology or any")
	fl.IntVar(&f.limit, "limit", retrieval.DefaultLimit, "most candidates per level and requirement item")
	fl.BoolVar(&f.asJSON, "json", false, "print JSON")
	return cmd
}

func (a *app) runQuery(ctx context.Context, svc api.Service, args []string, f queryFlags) error {
	id, err := svc.Whoami(ctx)
	if err != nil {
		return err
	}
	req, err := readQuery(args, f, id.Member)
	if err != nil {
		return err
	}
	res, err := svc.Query(ctx, req, f.limit)
	if err != nil {
		return err
	}
	if f.asJSON {
		return writeJSON(a.stdout, res)
	}
	printQuery(a.stdout, res)
	return nil
}

// readQuery reads the requirement from the file argument or --text.
func readQuery(args []string, f queryFlags, member model.MemberID) (model.Requirement, error) {
	switch {
	case len(args) == 1 && f.text != "":
		return model.Requirement{}, usageError{fmt.Errorf("give a requirement file or --text, not both")}
	case len(args) == 1:
		file, err := os.Open(args[0])
		if err != nil {
			return model.Requirement{}, err
		}
		defer file.Close()
		return retrieval.ReadRequirement(args[0], file)
	case strings.TrimSpace(f.text) != "":
		l := model.Level(f.level)
		if l != model.LevelAny && !l.Valid() {
			return model.Requirement{}, usageError{fmt.Errorf("--level %q: want one of %v or any", f.level, model.Levels)}
		}
		return retrieval.TextRequirement(f.text, l, member), nil
	}
	return model.Requirement{}, usageError{fmt.Errorf("give a requirement file or --text")}
}

// printQuery prints, per requirement item, the ranked candidates with the
// explanation of each score.
func printQuery(w io.Writer, res retrieval.Result) {
	for i, it := range res.Items {
		if i > 0 {
			fmt.Fprintln(w)
		}
		fmt.Fprintf(w, "%s", it.Name)
		if it.Text != "" && it.Text != it.Name {
			fmt.Fprintf(w, ": %s", it.Text)
		}
		fmt.Fprintf(w, "  (as %s)\n", res.Member)
		if len(it.Candidates) == 0 {
			fmt.Fprintln(w, "  no candidates")
			continue
		}
		fmt.Fprintf(w, "  %3s %6s %-7s %-8s %-40s %-40s %s\n", "#", "score", "must", "level", "name", "source", "id")
		for j, c := range it.Candidates {
			fmt.Fprintf(w, "  %3d %6.3f %-7s %-8s %-40s %-40s %s\n", j+1, c.Score, c.Must, c.Level, clip(c.Name, 40), clip(c.Source.String(), 40), c.ID)
			fmt.Fprintf(w, "        %s\n", explainLine(c))
		}
	}
}

// explainLine is a candidate's explanation on one line: each term as
// "what: have ~ required score".
func explainLine(c retrieval.Candidate) string {
	var parts []string
	for _, e := range c.Explanation {
		what := e.Kind
		if e.Attribute != "" {
			what = e.Attribute
		}
		have := e.Value
		if c.Via != nil {
			have = strings.TrimPrefix(have, c.Via.PartName+": ")
		}
		if have == "" {
			have = "?"
		}
		if e.Kind == "text" {
			parts = append(parts, fmt.Sprintf("text %.2f", e.Score))
			continue
		}
		parts = append(parts, fmt.Sprintf("%s %s~%s %.2f", what, clip(have, 30), clip(e.Required, 30), e.Score))
	}
	line := "└ " + strings.Join(parts, "; ")
	if c.Via != nil {
		v := fmt.Sprintf("└ via %s (%d matching parts", c.Via.PartName, c.Via.Matching)
		if c.Via.Variants > 0 {
			v += fmt.Sprintf(", in %d of %d variants", c.Via.Covering, c.Via.Variants)
		}
		line = v + "): " + strings.Join(parts, "; ")
	}
	return line
}

func clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

func (a *app) reindexCommand() *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "reindex",
		Short: "Rebuild the search index from the store",
		Long: `Rebuild the search index from the store. The index follows the store on its
own (every command that searches catches it up first); rebuild it after a
restore or when it was damaged.`,
		Args: cobra.NoArgs,
		RunE: a.withStore(func(ctx context.Context, s *data.Store, _ []string) error {
			rep, err := a.core.Reindex(ctx)
			if err != nil {
				return err
			}
			if asJSON {
				return writeJSON(a.stdout, rep)
			}
			fmt.Fprintf(a.stdout, "indexed %d items in %.2fs\n", rep.Indexed, rep.Took.Seconds())
			return nil
		}),
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	return cmd
}
