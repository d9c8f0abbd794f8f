package main

import (
	"context"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/cbb-alliance/cbb/api"
	"github.com/cbb-alliance/cbb/layers/model"
)

func (a *app) whereUsedCommand() *cobra.Command {
	var asJSON, all, products bool
	cmd := &cobra.Command{
		Use:   "where-used ITEM",
		Short: "List the assemblies and products that use an item",
		Long: `List the parents that use an item directly; with --all, the whole indented
tree up to the products; with --products, only the products that use the item
at any depth. ITEM is as for show.`,
		Args: cobra.ExactArgs(1),
		RunE: a.withService(func(ctx context.Context, svc api.Service, args []string) error {
			tree, err := svc.WhereUsed(ctx, args[0], all || products)
			if err != nil {
				return err
			}
			if products {
				return printProducts(a.stdout, tree, asJSON)
			}
			if asJSON {
				return writeJSON(a.stdout, tree)
			}
			printTree(a.stdout, tree, 0)
			return nil
		}),
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	cmd.Flags().BoolVar(&all, "all", false, "follow usages up to the products (multi-level where-used)")
	cmd.Flags().BoolVar(&products, "products", false, "list only the products that use the item, at any depth")
	return cmd
}

func printTree(w io.Writer, u api.Usage, depth int) {
	if depth == 0 {
		fmt.Fprintf(w, "%s  %s (%s)\n", u.ID, u.Name, u.Level)
	}
	for _, c := range u.UsedIn {
		qty := string(c.Kind)
		if c.Kind == model.BOM {
			qty = fmt.Sprintf("%gx", c.Quantity)
		}
		more := ""
		if c.Repeated {
			more = "  (its users above)"
		}
		fmt.Fprintf(w, "%s%-6s in %s  %s (%s)%s\n", strings.Repeat("  ", depth+1), qty, c.ID, c.Name, c.Level, more)
		printTree(w, c, depth+1)
	}
	if u.Hidden > 0 {
		fmt.Fprintf(w, "%sand in %d items you may not see\n", strings.Repeat("  ", depth+1), u.Hidden)
	}
}

// printProducts lists the distinct products reached in the tree, and
// says when some users were hidden from the viewer.
func printProducts(w io.Writer, root api.Usage, asJSON bool) error {
	seen := map[model.ItemID]api.Usage{}
	hidden := 0
	var walk func(u api.Usage)
	walk = func(u api.Usage) {
		hidden += u.Hidden
		for _, c := range u.UsedIn {
			if c.Level == model.LevelProduct {
				seen[c.ID] = api.Usage{ID: c.ID, Name: c.Name, Level: c.Level}
			}
			walk(c)
		}
	}
	walk(root)
	out := make([]api.Usage, 0, len(seen))
	for _, u := range seen {
		out = append(out, u)
	}
	slices.SortFunc(out, func(a, b api.Usage) int { return strings.Compare(a.Name, b.Name) })
	if asJSON {
		return writeJSON(w, out)
	}
	fmt.Fprintf(w, "%s is used in %d products:\n", root.Name, len(out))
	for _, u := range out {
		fmt.Fprintf(w, "  %s  %s\n", u.ID, u.Name)
	}
	if hidden > 0 {
		fmt.Fprintf(w, "and through %d items you may not see\n", hidden)
	}
	return nil
}
