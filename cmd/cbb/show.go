package main

import (
	"context"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/cbb-alliance/cbb/layers/data"
	"github.com/cbb-alliance/cbb/layers/model"
)

func (a *app) showCommand() *cobra.Command {
	var asJSON, history bool
	cmd := &cobra.Command{
		Use:   "show ITEM",
		Short: "Show an item: its attributes, its BOM and where it is used",
		Long: `Show an item. ITEM is an item id, a source key written SYSTEM:EXTERNAL-ID
(e.g. nopscadlib:screw(M3_cap_screw, 10)), or an exact item name.`,
		Args: cobra.ExactArgs(1),
		RunE: a.withView(func(ctx context.Context, s *data.View, args []string) error {
			id, err := a.resolve(ctx, s, args[0])
			if err != nil {
				return err
			}
			v, err := showItem(ctx, s, id, history)
			if err != nil {
				return err
			}
			if err := a.auditRead(ctx, s, &v.Item, "show"); err != nil {
				return err
			}
			if asJSON {
				return writeJSON(a.stdout, v)
			}
			printItem(a.stdout, v)
			return nil
		}),
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	cmd.Flags().BoolVar(&history, "history", false, "list every revision")
	return cmd
}

// itemView is what `show --json` prints: the item as the viewer sees it.
// Its BOM lists only children the viewer may see; its where-used names the
// parents the viewer may see and counts the others (HiddenUsers).
type itemView struct {
	model.Item
	Revision    int              `json:"revision"`
	Children    []edgeView       `json:"children,omitempty"`
	UsedIn      []edgeView       `json:"used_in,omitempty"`
	HiddenUsers int              `json:"hidden_users,omitempty"`
	Revisions   []model.Revision `json:"revisions,omitempty"`
}

// edgeView is an edge with the name and level of the item at its far end.
type edgeView struct {
	model.Edge
	Name  string      `json:"name"`
	Level model.Level `json:"level"`
}

// showItem reads what `show` shows of an item, as the viewer of s sees
// it.
func showItem(ctx context.Context, s *data.View, id model.ItemID, history bool) (itemView, error) {
	cur, err := s.Current(ctx, id)
	if err != nil {
		return itemView{}, err
	}
	v := itemView{Item: cur.Item, Revision: cur.No}
	if v.Children, err = describeEdges(ctx, s, cur.Edges, func(e model.Edge) model.ItemID { return e.Child }); err != nil {
		return itemView{}, err
	}
	used, hidden, err := s.WhereUsedCounted(ctx, id)
	if err != nil {
		return itemView{}, err
	}
	v.HiddenUsers = hidden
	if v.UsedIn, err = describeEdges(ctx, s, used, func(e model.Edge) model.ItemID { return e.Parent }); err != nil {
		return itemView{}, err
	}
	if history {
		if v.Revisions, err = s.Revisions(ctx, id); err != nil {
			return itemView{}, err
		}
	}
	return v, nil
}

func describeEdges(ctx context.Context, s *data.View, es []model.Edge, end func(model.Edge) model.ItemID) ([]edgeView, error) {
	out := make([]edgeView, 0, len(es))
	for _, e := range es {
		it, err := s.Item(ctx, end(e))
		if err != nil {
			return nil, err
		}
		out = append(out, edgeView{Edge: e, Name: it.Name, Level: it.Level})
	}
	return out, nil
}

func printItem(w io.Writer, v itemView) {
	it := v.Item
	fmt.Fprintf(w, "%s  %s\n", it.ID, it.Name)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	row := func(k, val string) {
		if val != "" {
			fmt.Fprintf(tw, "  %s\t%s\n", k, val)
		}
	}
	row("level", string(it.Level))
	row("description", it.Description)
	row("class", string(it.Class))
	row("lifecycle", string(it.Lifecycle))
	row("owner", string(it.Owner))
	scope := string(it.Scope.Kind)
	for i, p := range it.Scope.Partners {
		sep := ","
		if i == 0 {
			sep = ":"
		}
		scope += sep + string(p)
	}
	row("scope", scope)
	row("source", it.Source.String())
	row("revision", fmt.Sprint(v.Revision))
	for _, m := range it.Manufacturers {
		row("mpn", strings.TrimSpace(m.Manufacturer+" "+m.MPN))
	}
	for _, sp := range it.Suppliers {
		row("sku", sp.Supplier+" "+sp.SKU)
	}
	tw.Flush()
	if len(it.Attributes) > 0 {
		fmt.Fprintln(w, "attributes:")
		for _, at := range it.Attributes {
			raw := ""
			if at.Raw != "" && at.Raw != at.String() {
				raw = "\t(" + at.Raw + ")"
			}
			fmt.Fprintf(tw, "  %s\t%s%s\n", at.Name, at.String(), raw)
		}
		tw.Flush()
	}
	printEdges(w, "uses", v.Children, func(e edgeView) model.ItemID { return e.Child })
	printEdges(w, "used in", v.UsedIn, func(e edgeView) model.ItemID { return e.Parent })
	if v.HiddenUsers > 0 {
		fmt.Fprintf(w, "also used in %d items you may not see\n", v.HiddenUsers)
	}
	for _, r := range v.Revisions {
		fmt.Fprintf(w, "revision %d  %s  batch %s  by %s  %s\n", r.No, r.At.Format("2006-01-02 15:04:05Z"), r.Batch, r.Actor, r.Item.Source)
	}
}

func printEdges(w io.Writer, title string, es []edgeView, end func(edgeView) model.ItemID) {
	if len(es) == 0 {
		return
	}
	fmt.Fprintf(w, "%s (%d):\n", title, len(es))
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	for _, e := range es {
		qty := ""
		if e.Kind == model.BOM {
			qty = fmt.Sprintf("%gx", e.Quantity)
		} else {
			qty = string(e.Kind)
		}
		refs := strings.Join(e.RefDes, ",")
		if len(refs) > 40 {
			refs = refs[:37] + "..."
		}
		fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\t%s\n", qty, end(e), e.Level, e.Name, refs)
	}
	tw.Flush()
}
