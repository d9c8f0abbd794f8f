package main

import (
	"context"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/cbb-alliance/cbb/api"
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
		RunE: a.withService(func(ctx context.Context, svc api.Service, args []string) error {
			v, err := svc.Item(ctx, args[0], history)
			if err != nil {
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

func printItem(w io.Writer, v api.ItemView) {
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
	printEdges(w, "uses", v.Children, func(e api.EdgeView) model.ItemID { return e.Child })
	printEdges(w, "used in", v.UsedIn, func(e api.EdgeView) model.ItemID { return e.Parent })
	if v.HiddenUsers > 0 {
		fmt.Fprintf(w, "also used in %d items you may not see\n", v.HiddenUsers)
	}
	for _, r := range v.Revisions {
		by := ""
		if r.Actor != "" {
			by = fmt.Sprintf("  batch %s  by %s", r.Batch, r.Actor)
		}
		fmt.Fprintf(w, "revision %d  %s%s  %s\n", r.No, r.At.Format("2006-01-02 15:04:05Z"), by, r.Item.Source)
	}
}

func printEdges(w io.Writer, title string, es []api.EdgeView, end func(api.EdgeView) model.ItemID) {
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
