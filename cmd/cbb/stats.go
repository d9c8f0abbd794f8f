package main

import (
	"context"
	"fmt"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/cbb-alliance/cbb/api"
)

func (a *app) statsCommand() *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "stats",
		Short: "Count what the store holds, as the acting member sees it",
		Long: `Count the items the acting member may see, by level, the edges between them,
their revisions, the members and the batches the member wrote. The
administrator's count is the whole store's.`,
		Args: cobra.NoArgs,
		RunE: a.withService(func(ctx context.Context, svc api.Service, _ []string) error {
			st, err := svc.Stats(ctx)
			if err != nil {
				return err
			}
			if asJSON {
				return writeJSON(a.stdout, st)
			}
			tw := tabwriter.NewWriter(a.stdout, 0, 0, 2, ' ', tabwriter.AlignRight)
			for _, r := range []struct {
				k string
				v int
			}{
				{"families", st.Families}, {"products", st.Products}, {"modules", st.Modules},
				{"parts", st.Parts}, {"features", st.Features}, {"technologies", st.Technologies},
				{"items", st.Items}, {"BOM edges", st.Edges}, {"family edges", st.Variants},
				{"revisions", st.Revisions}, {"members", st.Members}, {"batches", st.Batches},
			} {
				fmt.Fprintf(tw, "%s\t%d\t\n", r.k, r.v)
			}
			return tw.Flush()
		}),
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	return cmd
}
