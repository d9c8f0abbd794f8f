package main

import (
	"context"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/cbb-alliance/cbb/api"
	"github.com/cbb-alliance/cbb/layers/data"
	"github.com/cbb-alliance/cbb/layers/model"
)

func (a *app) auditCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "audit",
		Short: "The append-only, hash-chained audit log (the administrator's)",
		Long: `Every write (imports, member changes, licences, projects, rules, variability,
design records, R&D requests) and every read of another member's non-public
item is recorded with its acting member in an append-only log. Each entry holds
the SHA-256 of the one before it, so a changed, removed or reordered entry is
detected by 'cbb audit verify'. Keep the head that verify prints outside the
store: a later verify against it detects even a rewrite of the whole chain.`,
	}
	var q data.AuditQuery
	var asJSON bool
	list := &cobra.Command{
		Use:   "list",
		Short: "List audit log entries, oldest first",
		Args:  cobra.NoArgs,
		RunE: a.withService(func(ctx context.Context, svc api.Service, _ []string) error {
			es, err := svc.AuditLog(ctx, q)
			if err != nil {
				return err
			}
			if asJSON {
				return writeJSON(a.stdout, es)
			}
			for _, e := range es {
				fmt.Fprintf(a.stdout, "%6d  %s  %-10s %-16s %-12s %s\n", e.Seq, e.At.Format("2006-01-02 15:04:05Z"), e.Actor, e.Action, e.Target, e.Detail)
			}
			return nil
		}),
	}
	fl := list.Flags()
	fl.Uint64Var(&q.After, "after", 0, "only entries after this number")
	fl.StringVar((*string)(&q.Actor), "actor", "", "only entries of this member")
	fl.StringVar(&q.Action, "action", "", "only entries of this action (import, read, licence.grant ...)")
	fl.StringVar(&q.Target, "target", "", "only entries about this item, member, batch or licence")
	fl.IntVar(&q.Limit, "limit", 0, "most entries (0: all)")
	fl.BoolVar(&asJSON, "json", false, "print JSON")

	var head string
	var last uint64
	verify := &cobra.Command{
		Use:   "verify",
		Short: "Check the hash chain of the audit log; exit 1 when it is broken",
		Args:  cobra.NoArgs,
		RunE: a.withAdmin("verifying the audit log", func(ctx context.Context, s *data.Store, _ []string) error {
			rep, err := s.VerifyAudit(ctx)
			if err != nil {
				return err
			}
			for _, b := range rep.Broken {
				fmt.Fprintf(a.stdout, "entry %d: %s\n", b.Seq, b.Problem)
			}
			if !rep.OK() {
				return model.Errorf(model.Conflict, "the audit log is broken in %d places", len(rep.Broken))
			}
			if head != "" {
				if err := checkAnchor(ctx, s, last, head); err != nil {
					return err
				}
				fmt.Fprintf(a.stdout, "entry %d still has the kept hash\n", last)
			}
			fmt.Fprintf(a.stdout, "audit log intact: %d entries; head: entry %d %s\n", rep.Entries, rep.Last, rep.Head)
			return nil
		}),
	}
	verify.Flags().StringVar(&head, "head", "", "a head kept from an earlier verify: check that entry --entry still has this hash")
	verify.Flags().Uint64Var(&last, "entry", 0, "the entry number of --head")
	cmd.AddCommand(list, verify)
	return cmd
}

// withAdmin is withStore for the administrator's commands.
func (a *app) withAdmin(what string, fn func(ctx context.Context, s *data.Store, args []string) error) func(*cobra.Command, []string) error {
	return a.withStore(func(ctx context.Context, s *data.Store, args []string) error {
		v, err := a.viewer(ctx, s)
		if err != nil {
			return err
		}
		if err := v.RequireAdmin(what); err != nil {
			return err
		}
		return fn(ctx, s, args)
	})
}

// checkAnchor checks that entry seq of the audit log has the hash kept
// outside the store.
func checkAnchor(ctx context.Context, s *data.Store, seq uint64, hash string) error {
	if seq == 0 {
		return usageError{fmt.Errorf("--head needs --entry, the number of the entry it is the hash of")}
	}
	var got *model.AuditEntry
	err := s.AuditLog(ctx, data.AuditQuery{After: seq - 1, Limit: 1}, func(e model.AuditEntry) error {
		got = &e
		return nil
	})
	if err != nil {
		return err
	}
	if got == nil || got.Seq != seq {
		return model.Errorf(model.Conflict, "the audit log has no entry %d: entries were removed", seq)
	}
	if got.Hash != hash {
		return model.Errorf(model.Conflict, "entry %d has hash %s, not the kept %s: the log was rewritten", seq, got.Hash, hash)
	}
	return nil
}
