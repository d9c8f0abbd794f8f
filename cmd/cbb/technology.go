package main

import (
	"context"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/cbb-alliance/cbb/layers/data"
	"github.com/cbb-alliance/cbb/layers/middle"
	"github.com/cbb-alliance/cbb/layers/model"
)

func (a *app) technologyCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "technology",
		Short: "Technologies (patents, know-how) a member owns and the modules and parts that embody them",
		Long: `A CBB is built from core, key or common technologies, and those are what a
member's IP mostly is. A technology is an item of the technology level, owned
by the acting member (owner-only unless --scope says otherwise), linked to the
member's own modules and parts that embody it, and licensed like any item
('cbb licence grant'). A design that reuses an item credits the owners of the
technologies it embodies too.`,
	}
	var t middle.Technology
	var patent, scope string
	var knowHow bool
	var embodied []string
	add := &cobra.Command{
		Use:   "add NAME",
		Short: "Record a technology of yours (--patent NUMBER or --know-how) and what embodies it",
		Args:  cobra.ExactArgs(1),
		RunE: a.withStore(func(ctx context.Context, s *data.Store, args []string) error {
			switch {
			case (patent == "") == !knowHow:
				return usageError{fmt.Errorf("give --patent NUMBER or --know-how")}
			case knowHow:
				t.Kind = middle.KnowHow
			default:
				t.Kind, t.Patent = middle.Patent, patent
			}
			sc, err := model.ParseScope(scope)
			if err != nil {
				return usageError{fmt.Errorf("--scope: %w", err)}
			}
			t.Name, t.Scope = args[0], sc
			lib, w, err := a.library(ctx, s)
			if err != nil {
				return err
			}
			for _, e := range embodied {
				id, err := a.resolve(ctx, w, e)
				if err != nil {
					return err
				}
				t.EmbodiedIn = append(t.EmbodiedIn, id)
			}
			it, res, err := lib.PutTechnology(ctx, t)
			if err != nil {
				return err
			}
			state := "unchanged"
			switch {
			case res.Created > 0:
				state = "recorded"
			case res.Revised > 0:
				state = "revised"
			}
			fmt.Fprintf(a.stdout, "%s %s %q (%s), embodied in %d items\n", state, it.ID, it.Name, t.Kind, len(t.EmbodiedIn))
			return nil
		}),
	}
	fl := add.Flags()
	fl.StringVar(&patent, "patent", "", "the patent's number")
	fl.BoolVar(&knowHow, "know-how", false, "the technology is know-how, not a patent")
	fl.StringVar(&t.Description, "description", "", "what the technology is")
	fl.StringVar(&scope, "scope", string(model.ScopeOwner), "sharing scope: owner, partners:ID,ID, alliance or public")
	fl.StringSliceVar(&embodied, "embodied-in", nil, "your modules and parts that embody it (repeat or comma-separate; replaces the list)")

	list := &cobra.Command{
		Use:   "list",
		Short: "List the technologies you may see and what embodies them",
		Args:  cobra.NoArgs,
		RunE: a.withView(func(ctx context.Context, s *data.View, _ []string) error {
			return s.Items(ctx, model.LevelTechnology, func(it model.Item) error {
				kind, _ := it.Attr(middle.AttrTechnologyKind)
				num, _ := it.Attr(middle.AttrPatent)
				fmt.Fprintf(a.stdout, "%s  %-40s %-9s %-14s owner %s\n", it.ID, clip(it.Name, 40), kind.Text, num.Text, it.Owner)
				kids, err := s.Children(ctx, it.ID)
				if err != nil {
					return err
				}
				for _, k := range kids {
					e, err := s.Item(ctx, k.Child)
					if err != nil {
						return err
					}
					fmt.Fprintf(a.stdout, "    embodied in %s  %s (%s)\n", e.ID, e.Name, e.Level)
				}
				return nil
			})
		}),
	}
	var in []string
	embody := &cobra.Command{
		Use:   "embody TECHNOLOGY --in ITEM,...",
		Short: "State that your modules or parts embody a technology you may see (yours, licensed or shared)",
		Long: `State that your own modules or parts embody a technology: yours, or another
member's that you may see (licensed to you, or shared). Reusing those items
then credits the technology's owner too.`,
		Args: cobra.ExactArgs(1),
		RunE: a.withStore(func(ctx context.Context, s *data.Store, args []string) error {
			lib, w, err := a.library(ctx, s)
			if err != nil {
				return err
			}
			tech, err := a.resolve(ctx, w, args[0])
			if err != nil {
				return err
			}
			if len(in) == 0 {
				return usageError{fmt.Errorf("name the items that embody it with --in")}
			}
			for _, ref := range in {
				id, err := a.resolve(ctx, w, ref)
				if err != nil {
					return err
				}
				if err := lib.Embody(ctx, id, tech); err != nil {
					return err
				}
				fmt.Fprintf(a.stdout, "%s embodies %s\n", id, tech)
			}
			return nil
		}),
	}
	embody.Flags().StringSliceVar(&in, "in", nil, "your modules and parts that embody it (repeat or comma-separate)")
	cmd.AddCommand(add, list, embody)
	return cmd
}
