package main

import (
	"context"
	"fmt"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/cbb-alliance/cbb/api"
	"github.com/cbb-alliance/cbb/layers/model"
)

func (a *app) licenceCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "licence",
		Short: "Licences: an owner lets named members or a project see and reuse an item and what it contains",
		Long: `An owner grants a licence on its item (and what the item contains) to named
members or to an alliance project, for a purpose (research or
industrialization) and until an optional end date. Licensees see and may reuse
what they hold a licence for. A licence outlives its grantor's membership: a
member that leaves keeps the licences it granted working on their terms.`,
	}
	var to []string
	var project, purpose, until string
	grant := &cobra.Command{
		Use:   "grant ITEM",
		Short: "Grant a licence on an item you own",
		Args:  cobra.ExactArgs(1),
		RunE: a.withService(func(ctx context.Context, svc api.Service, args []string) error {
			it, err := svc.Item(ctx, args[0], false)
			if err != nil {
				return err
			}
			l := model.Licence{Item: it.ID, Project: model.ProjectID(project), Purpose: model.Purpose(purpose)}
			for _, m := range to {
				l.Licensees = append(l.Licensees, model.MemberID(strings.TrimSpace(m)))
			}
			if until != "" {
				t, err := time.Parse(time.DateOnly, until)
				if err != nil {
					return usageError{fmt.Errorf("--until %q: want a date as 2027-12-31", until)}
				}
				l.Until = t.Add(24*time.Hour - time.Nanosecond).UTC() // the whole last day
			}
			got, err := svc.GrantLicence(ctx, l)
			if err != nil {
				return err
			}
			fmt.Fprintln(a.stdout, got.String())
			return nil
		}),
	}
	grant.Flags().StringSliceVar(&to, "to", nil, "licensee members (repeat or comma-separate)")
	grant.Flags().StringVar(&project, "project", "", "license to the members of this alliance project")
	grant.Flags().StringVar(&purpose, "purpose", string(model.Research), "research or industrialization")
	grant.Flags().StringVar(&until, "until", "", "last day the licence holds (YYYY-MM-DD); none: no end")

	revoke := &cobra.Command{
		Use:   "revoke ID",
		Short: "Revoke a licence you granted, from now on",
		Args:  cobra.ExactArgs(1),
		RunE: a.withService(func(ctx context.Context, svc api.Service, args []string) error {
			l, err := svc.RevokeLicence(ctx, args[0])
			if err != nil {
				return err
			}
			fmt.Fprintf(a.stdout, "revoked %s\n", l.String())
			return nil
		}),
	}

	var asJSON bool
	list := &cobra.Command{
		Use:   "list",
		Short: "List the licences you granted or hold (every licence, for the administrator)",
		Args:  cobra.NoArgs,
		RunE: a.withService(func(ctx context.Context, svc api.Service, _ []string) error {
			ls, err := svc.Licences(ctx)
			if err != nil {
				return err
			}
			if asJSON {
				if ls == nil {
					ls = []model.Licence{}
				}
				return writeJSON(a.stdout, ls)
			}
			tw := tabwriter.NewWriter(a.stdout, 0, 0, 2, ' ', 0)
			fmt.Fprintln(tw, "ID\tITEM\tOWNER\tTO\tPURPOSE\tUNTIL\tSTATE")
			now := time.Now()
			for _, l := range ls {
				who := strings.Trim(fmt.Sprint(l.Licensees), "[]")
				if l.Project != "" {
					who = "project " + string(l.Project)
				}
				end := "-"
				if !l.Until.IsZero() {
					end = l.Until.Format(time.DateOnly)
				}
				state := "in force"
				switch {
				case !l.Revoked.IsZero():
					state = "revoked " + l.Revoked.Format(time.DateOnly)
				case !l.InForce(now):
					state = "expired"
				}
				fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\n", l.ID, l.Item, l.Owner, who, l.Purpose, end, state)
			}
			return tw.Flush()
		}),
	}
	list.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	cmd.AddCommand(grant, revoke, list)
	return cmd
}

func (a *app) projectCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "project",
		Short: "Alliance projects: members working together, to whom IP may be licensed as a whole",
	}
	var name string
	var members []string
	add := &cobra.Command{
		Use:   "add ID",
		Short: "Set up an alliance project with its members (the administrator's to do)",
		Args:  cobra.ExactArgs(1),
		RunE: a.withService(func(ctx context.Context, svc api.Service, args []string) error {
			p := model.Project{ID: model.ProjectID(args[0]), Name: name}
			for _, m := range members {
				p.Members = append(p.Members, model.MemberID(strings.TrimSpace(m)))
			}
			if p.Name == "" {
				p.Name = args[0]
			}
			got, err := svc.AddProject(ctx, p)
			if err != nil {
				return err
			}
			fmt.Fprintf(a.stdout, "project %s (%s): %v\n", got.ID, got.Name, got.Members)
			return nil
		}),
	}
	add.Flags().StringVar(&name, "name", "", "the project's name")
	add.Flags().StringSliceVar(&members, "members", nil, "member ids (repeat or comma-separate)")
	var asJSON bool
	list := &cobra.Command{
		Use:   "list",
		Short: "List the alliance projects and their members",
		Args:  cobra.NoArgs,
		RunE: a.withService(func(ctx context.Context, svc api.Service, _ []string) error {
			ps, err := svc.Projects(ctx)
			if err != nil {
				return err
			}
			if asJSON {
				if ps == nil {
					ps = []model.Project{}
				}
				return writeJSON(a.stdout, ps)
			}
			for _, p := range ps {
				fmt.Fprintf(a.stdout, "%s  %s  %s\n", p.ID, p.Name, strings.Trim(fmt.Sprint(p.Members), "[]"))
			}
			return nil
		}),
	}
	list.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	cmd.AddCommand(add, list)
	return cmd
}
