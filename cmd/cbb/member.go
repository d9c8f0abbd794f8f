package main

import (
	"context"
	"fmt"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/cbb-alliance/cbb/api"
	"github.com/cbb-alliance/cbb/layers/data"
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
			if model.MemberID(a.member) != model.Administrator {
				return model.Errorf(model.Forbidden, "adding members is for the alliance administrator only (run as --member %s)", model.Administrator)
			}
			s, err := a.openStore(ctx, true)
			if err != nil {
				return err
			}
			if _, err := s.Member(ctx, model.MemberID(args[0])); err == nil {
				return model.Errorf(model.Conflict, "member %s exists already", args[0])
			}
			m := model.Member{ID: model.MemberID(args[0]), Name: name, Kind: model.MemberKind(kind), Status: model.Active, Joined: time.Now().UTC()}
			if m.Name == "" {
				m.Name = args[0]
			}
			return s.PutMember(ctx, model.MemberID(a.member), m)
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
		RunE: a.withStore(func(ctx context.Context, s *data.Store, args []string) error {
			m, err := s.Member(ctx, model.MemberID(args[0]))
			if err != nil {
				return err
			}
			m.Status = model.MemberStatus(args[1])
			return s.PutMember(ctx, model.MemberID(a.member), m)
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
