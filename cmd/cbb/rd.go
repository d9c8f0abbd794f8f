package main

import (
	"context"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/cbb-alliance/cbb/api"
	"github.com/cbb-alliance/cbb/layers/model"
)

func (a *app) rdCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "rd",
		Short: "R&D requests for what must be designed anew: list, assign, done",
		Long: `R&D requests are raised by 'cbb design' for requirement items nothing in the
alliance meets, with the gap to the nearest candidate. A request is open, then
assigned to a member institute or lab, then done (naming the item that met it).
A request is its requester's: only the requester, the member it is assigned to
and the administrator see it; the requester assigns it.`,
	}
	var state string
	var asJSON bool
	list := &cobra.Command{
		Use:   "list",
		Short: "List R&D requests",
		Args:  cobra.NoArgs,
		RunE: a.withService(func(ctx context.Context, svc api.Service, _ []string) error {
			rs, err := svc.Requests(ctx, model.RequestState(state))
			if err != nil {
				return err
			}
			if asJSON {
				if rs == nil {
					rs = []model.Request{}
				}
				return writeJSON(a.stdout, rs)
			}
			for _, r := range rs {
				fmt.Fprintf(a.stdout, "%s  %-8s %-10s %s / %s: %s\n", r.ID, r.State, r.Assignee, r.Requirement, r.Item, clip(r.Gap, 90))
			}
			return nil
		}),
	}
	list.Flags().StringVar(&state, "state", "", "only requests in this state: open, assigned or done")
	list.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	assign := &cobra.Command{
		Use:   "assign ID MEMBER",
		Short: "Assign a request to a member institute or lab",
		Args:  cobra.ExactArgs(2),
		RunE: a.withService(func(ctx context.Context, svc api.Service, args []string) error {
			r, err := svc.AssignRequest(ctx, args[0], model.MemberID(args[1]))
			if err != nil {
				return err
			}
			fmt.Fprintf(a.stdout, "%s assigned to %s\n", r.ID, r.Assignee)
			return nil
		}),
	}
	var result string
	done := &cobra.Command{
		Use:   "done ID",
		Short: "Mark a request done, naming the item that meets it (--result)",
		Args:  cobra.ExactArgs(1),
		RunE: a.withService(func(ctx context.Context, svc api.Service, args []string) error {
			r, err := svc.CloseRequest(ctx, args[0], result)
			if err != nil {
				return err
			}
			fmt.Fprintf(a.stdout, "%s done\n", r.ID)
			return nil
		}),
	}
	done.Flags().StringVar(&result, "result", "", "the item that meets the request")
	cmd.AddCommand(list, assign, done)
	return cmd
}
