package main

import (
	"context"
	"fmt"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/cbb-alliance/cbb/api"
	"github.com/cbb-alliance/cbb/layers/model"
)

func (a *app) keyCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "key",
		Short: "API keys: who a PDM system or a person acts as over HTTP, and in which role",
		Long: `An API key acts as one member in one role: alliance-admin (the administrator's
keys only), member-admin, engineer, architect or integration (see docs/API.md).
Only a hash of the key is kept: its secret is shown once, when it is made. The
administrator makes keys for any member; a member (or its member-admin key) for
itself. A revoked key, and every key of a member that left, stops working.`,
	}
	var member, role, name string
	create := &cobra.Command{
		Use:   "create",
		Short: "Make a key and print its secret (shown this once)",
		Args:  cobra.NoArgs,
		RunE: a.withService(func(ctx context.Context, svc api.Service, _ []string) error {
			m := model.MemberID(member)
			if m == "" {
				m = model.MemberID(a.member)
			}
			k, secret, err := svc.CreateKey(ctx, model.Key{Member: m, Role: model.Role(role), Name: name})
			if err != nil {
				return err
			}
			fmt.Fprintf(a.stderr, "key %s: %s of %s; its secret, shown this once:\n", k.ID, k.Role, k.Member)
			fmt.Fprintln(a.stdout, secret)
			return nil
		}),
	}
	create.Flags().StringVar(&member, "for", "", "the member the key acts as (default: the acting member)")
	create.Flags().StringVar(&role, "role", string(model.RoleEngineer), "alliance-admin, member-admin, engineer, architect or integration")
	create.Flags().StringVar(&name, "name", "", "what the key is for (\"PDM sync\")")
	var asJSON bool
	list := &cobra.Command{
		Use:   "list",
		Short: "List the keys you manage (without secrets)",
		Args:  cobra.NoArgs,
		RunE: a.withService(func(ctx context.Context, svc api.Service, _ []string) error {
			ks, err := svc.Keys(ctx)
			if err != nil {
				return err
			}
			if asJSON {
				if ks == nil {
					ks = []model.Key{}
				}
				return writeJSON(a.stdout, ks)
			}
			tw := tabwriter.NewWriter(a.stdout, 0, 0, 2, ' ', 0)
			fmt.Fprintln(tw, "ID\tMEMBER\tROLE\tNAME\tCREATED\tSTATE")
			for _, k := range ks {
				state := "in force"
				if !k.Revoked.IsZero() {
					state = "revoked " + k.Revoked.Format(time.DateOnly)
				}
				fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", k.ID, k.Member, k.Role, k.Name, k.Created.Format(time.DateOnly), state)
			}
			return tw.Flush()
		}),
	}
	list.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	revoke := &cobra.Command{
		Use:   "revoke ID",
		Short: "Revoke a key from now on",
		Args:  cobra.ExactArgs(1),
		RunE: a.withService(func(ctx context.Context, svc api.Service, args []string) error {
			k, err := svc.RevokeKey(ctx, args[0])
			if err != nil {
				return err
			}
			fmt.Fprintf(a.stdout, "revoked key %s (%s of %s)\n", k.ID, k.Role, k.Member)
			return nil
		}),
	}
	cmd.AddCommand(create, list, revoke)
	return cmd
}
