package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/cbb-alliance/cbb/layers/data"
	"github.com/cbb-alliance/cbb/layers/model"
	"github.com/cbb-alliance/cbb/pdm/formats"
)

func (a *app) migrateCommand() *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "migrate",
		Short: "Bring a store made before members' records were keyed within their owner to the current schema (the administrator's)",
		Long: `Migrate a store of schema version 1 to the current one: every member's own
record gets its id keyed within its owner, every manufacturer, standard or
public-library part becomes a shared catalogue item (public, nobody's IP), and
everything naming an item follows. The new store is built beside the old one
and swapped in when complete; the old store is kept beside it as
STORE.schema1-TIME, the backup. The search index is rebuilt on next use.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if model.MemberID(a.member) != model.Administrator {
				return model.Errorf(model.Forbidden, "migrating the store is for the alliance administrator only (run as --member %s)", model.Administrator)
			}
			rep, err := data.Migrate(cmd.Context(), a.storeDir, formats.Shared)
			if err != nil {
				return err
			}
			if asJSON {
				return writeJSON(a.stdout, rep)
			}
			fmt.Fprintf(a.stdout, "migrated %s from schema %s to %s in %s: %d items, %d catalogue items, %d keyed within their owner, %d keys\nthe old store is kept as %s\n",
				a.storeDir, rep.From, rep.To, rep.Took.Round(1e6), rep.Items, rep.Catalogue, rep.Owned, rep.Keys, rep.Kept)
			return nil
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the report as JSON")
	return cmd
}
