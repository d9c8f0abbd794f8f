package main

import (
	"context"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/cbb-alliance/cbb/api"
	"github.com/cbb-alliance/cbb/retrieval"
	"github.com/cbb-alliance/cbb/retrieval/dedup"
)

func (a *app) duplicatesCommand() *cobra.Command {
	var (
		threshold float64
		asJSON    bool
	)
	cmd := &cobra.Command{
		Use:   "duplicates ITEM",
		Short: "List an item's near-duplicates: same function and parameters, another number or wording",
		Long: `List the near-duplicates of an item that the acting member may see: items of the same
function whose parameters agree, under another part number or wording, each
with its score and the reasons (agreeing parameters, text similarity). ITEM is
an item id, SYSTEM:EXTERNAL-ID or an exact name.`,
		Args: cobra.ExactArgs(1),
		RunE: a.withService(func(ctx context.Context, svc api.Service, args []string) error {
			dups, err := svc.Duplicates(ctx, args[0], threshold)
			if err != nil {
				return err
			}
			if asJSON {
				if dups == nil {
					dups = []retrieval.Duplicate{}
				}
				return writeJSON(a.stdout, dups)
			}
			if len(dups) == 0 {
				fmt.Fprintln(a.stdout, "no near-duplicates")
				return nil
			}
			for _, d := range dups {
				fmt.Fprintf(a.stdout, "%.3f  %-40s %-40s %s\n        └ %s\n", d.Score, clip(d.Name, 40), clip(d.Source.String(), 40), d.ID, strings.Join(d.Reasons, "; "))
			}
			return nil
		}),
	}
	fl := cmd.Flags()
	fl.Float64Var(&threshold, "threshold", 0, fmt.Sprintf("least score of a near-duplicate (default %.2f)", dedup.DefaultThreshold))
	fl.BoolVar(&asJSON, "json", false, "print JSON")
	return cmd
}
