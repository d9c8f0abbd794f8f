package main

import (
	"context"
	"fmt"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/cbb-alliance/cbb/api"
	"github.com/cbb-alliance/cbb/layers/model"
)

func (a *app) memberCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "member",
		Short: "Manage the alliance's members",
	}
	var name, kind string
	add := &cobra.Command{
		Use:   "add ID",
		Short: "Add a member (enterprise, university, institute or other); the administrator's to do",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			if a.server == "" {
				if model.MemberID(a.member) != model.Administrator {
					return model.Errorf(model.Forbidden, "adding members is for the alliance administrator only (run as --member %s)", model.Administrator)
				}
				// The administrator's first member add makes the store.
				if _, err := a.openStore(ctx, true); err != nil && model.Code(err) != model.Busy {
					return err
				}
			}
			svc, err := a.service(ctx)
			if err != nil {
				return err
			}
			_, err = svc.AddMember(ctx, model.Member{ID: model.MemberID(args[0]), Name: name, Kind: model.MemberKind(kind)})
			return err
		},
	}
	add.Flags().StringVar(&name, "name", "", "the member's name")
	add.Flags().StringVar(&kind, "kind", string(model.Enterprise), "enterprise, university, institute or other")

	setStatus := &cobra.Command{
		Use:   "set-status ID STATUS",
		Short: "Set a member's status: active, withdrawn or expelled; the administrator's to do",
		Long: `Set a member's status. A member that withdraws or is expelled loses its rights:
it writes nothing and reads nothing of others' but public items; its own items
leave the others' view, but for the licences it granted, which keep working.
Only the administrator changes a status; every change is kept in the member's
history (member list --history) and in the audit log.`,
		Args: cobra.ExactArgs(2),
		RunE: a.withService(func(ctx context.Context, svc api.Service, args []string) error {
			_, err := svc.SetMemberStatus(ctx, model.MemberID(args[0]), model.MemberStatus(args[1]), "")
			return err
		}),
	}

	var asJSON, history bool
	list := &cobra.Command{
		Use:   "list",
		Short: "List the members",
		Args:  cobra.NoArgs,
		RunE: a.withService(func(ctx context.Context, svc api.Service, _ []string) error {
			ms, err := svc.Members(ctx)
			if err != nil {
				return err
			}
			if asJSON {
				return writeJSON(a.stdout, ms)
			}
			tw := tabwriter.NewWriter(a.stdout, 0, 0, 2, ' ', 0)
			fmt.Fprintln(tw, "ID\tNAME\tKIND\tSTATUS\tJOINED")
			for _, m := range ms {
				fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", m.ID, m.Name, m.Kind, m.Status, m.Joined.Format("2006-01-02"))
				if history {
					for _, h := range m.History {
						fmt.Fprintf(tw, "\t  %s\t%s\tby %s\t\n", h.At.Format("2006-01-02 15:04:05Z"), h.Status, h.Actor)
					}
				}
			}
			return tw.Flush()
		}),
	}
	list.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	list.Flags().BoolVar(&history, "history", false, "list each member's status changes")
	cmd.AddCommand(add, setStatus, list)
	return cmd
}
