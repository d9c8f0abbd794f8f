package main

import (
	"context"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/cbb-alliance/cbb/layers/data"
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
		RunE: a.withView(func(ctx context.Context, s *data.View, args []string) error {
			id, err := a.resolve(ctx, s, args[0])
			if err != nil {
				return err
			}
			tree, err := usageTree(ctx, s, id, all || products)
			if err != nil {
				return err
			}
			if it, err := s.Item(ctx, id); err == nil {
				if err := a.auditRead(ctx, s, &it, "where-used"); err != nil {
					return err
				}
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

// usage is one node of a where-used tree: a parent, how many of the child
// it uses, and, at depth, its own parents: those the viewer may see, with
// the others counted (Hidden), not named.
type usage struct {
	ID       model.ItemID   `json:"id"`
	Name     string         `json:"name"`
	Level    model.Level    `json:"level"`
	Kind     model.EdgeKind `json:"kind,omitempty"`
	Quantity float64        `json:"quantity,omitempty"`
	UsedIn   []usage        `json:"used_in,omitempty"`
	Hidden   int            `json:"hidden_users,omitempty"`
}

func usageTree(ctx context.Context, s *data.View, id model.ItemID, deep bool) (usage, error) {
	it, err := s.Item(ctx, id)
	if err != nil {
		return usage{}, err
	}
	root := usage{ID: id, Name: it.Name, Level: it.Level}
	err = fillUsage(ctx, s, &root, deep, map[model.ItemID]bool{id: true})
	return root, err
}

func fillUsage(ctx context.Context, s *data.View, u *usage, deep bool, path map[model.ItemID]bool) error {
	used, hidden, err := s.WhereUsedCounted(ctx, u.ID)
	if err != nil {
		return err
	}
	u.Hidden = hidden
	for _, e := range used {
		if path[e.Parent] {
			continue // a cycle; Apply does not prevent one across batches
		}
		p, err := s.Item(ctx, e.Parent)
		if err != nil {
			return err
		}
		c := usage{ID: e.Parent, Name: p.Name, Level: p.Level, Kind: e.Kind, Quantity: e.Quantity}
		if deep {
			path[e.Parent] = true
			if err := fillUsage(ctx, s, &c, deep, path); err != nil {
				return err
			}
			delete(path, e.Parent)
		}
		u.UsedIn = append(u.UsedIn, c)
	}
	return nil
}

func printTree(w io.Writer, u usage, depth int) {
	if depth == 0 {
		fmt.Fprintf(w, "%s  %s (%s)\n", u.ID, u.Name, u.Level)
	}
	for _, c := range u.UsedIn {
		qty := string(c.Kind)
		if c.Kind == model.BOM {
			qty = fmt.Sprintf("%gx", c.Quantity)
		}
		fmt.Fprintf(w, "%s%-6s in %s  %s (%s)\n", strings.Repeat("  ", depth+1), qty, c.ID, c.Name, c.Level)
		printTree(w, c, depth+1)
	}
	if u.Hidden > 0 {
		fmt.Fprintf(w, "%sand in %d items you may not see\n", strings.Repeat("  ", depth+1), u.Hidden)
	}
}

// printProducts lists the distinct products reached in the tree, and
// says when some users were hidden from the viewer.
func printProducts(w io.Writer, root usage, asJSON bool) error {
	seen := map[model.ItemID]usage{}
	hidden := 0
	var walk func(u usage)
	walk = func(u usage) {
		hidden += u.Hidden
		for _, c := range u.UsedIn {
			if c.Level == model.LevelProduct {
				seen[c.ID] = usage{ID: c.ID, Name: c.Name, Level: c.Level}
			}
			walk(c)
		}
	}
	walk(root)
	out := make([]usage, 0, len(seen))
	for _, u := range seen {
		out = append(out, u)
	}
	slices.SortFunc(out, func(a, b usage) int { return strings.Compare(a.Name, b.Name) })
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
