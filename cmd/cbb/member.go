package main

import (
	"context"
	"fmt"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"cbb/layers/data"
	"cbb/layers/model"
)

func (a *app) memberCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "member",
		Short: "Manage the alliance's members",
	}
	var name, kind string
	add := &cobra.Command{
		Use:   "add ID",
		Short: "Add a member (enterprise, university, institute or other)",
		Args:  cobra.ExactArgs(1),
		RunE: a.withStore(func(ctx context.Context, s *data.Store, args []string) error {
			if _, err := s.Member(ctx, model.MemberID(args[0])); err == nil {
				return model.Errorf(model.Conflict, "member %s exists already", args[0])
			}
			m := model.Member{ID: model.MemberID(args[0]), Name: name, Kind: model.MemberKind(kind), Status: model.Active, Joined: time.Now().UTC()}
			if m.Name == "" {
				m.Name = args[0]
			}
			return s.PutMember(ctx, m)
		}),
	}
	add.Flags().StringVar(&name, "name", "", "the member's name")
	add.Flags().StringVar(&kind, "kind", string(model.Enterprise), "enterprise, university, institute or other")

	setStatus := &cobra.Command{
		Use:   "set-status ID STATUS",
		Short: "Set a member's status: active, withdrawn or expelled",
		Args:  cobra.ExactArgs(2),
		RunE: a.withStore(func(ctx context.Context, s *data.Store, args []string) error {
			m, err := s.Member(ctx, model.MemberID(args[0]))
			if err != nil {
				return err
			}
			m.Status = model.MemberStatus(args[1])
			return s.PutMember(ctx, m)
		}),
	}

	var asJSON bool
	list := &cobra.Command{
		Use:   "list",
		Short: "List the members",
		Args:  cobra.NoArgs,
		RunE: a.withStore(func(ctx context.Context, s *data.Store, _ []string) error {
			ms, err := s.Members(ctx)
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
			}
			return tw.Flush()
		}),
	}
	list.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	cmd.AddCommand(add, setStatus, list)
	return cmd
}
