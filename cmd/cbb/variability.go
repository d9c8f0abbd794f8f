package main

import (
	"context"
	"fmt"
	"io"
	"os"

	"github.com/spf13/cobra"

	"github.com/cbb-alliance/cbb/api"
	"github.com/cbb-alliance/cbb/layers/model"
)

func (a *app) variabilityCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "variability",
		Short: "State or show what a family, parametric item or module can vary and connect to",
		Long: `The middle layer's variability of an item: a family's or parametric item's
parameters (numeric ranges with optional steps, or allowed values) and the
relations between them (expressions every setting must satisfy, e.g.
"length <= 20 * diameter"), a module's interfaces and functions. A family with
variants has its parameters derived from them unless stated; 'cbb design'
varies families within them.`,
	}
	set := &cobra.Command{
		Use:   "set FILE",
		Short: "State variabilities from a YAML or JSON file (a list under 'variability:'; item by id, SYSTEM:EXTERNAL-ID or name)",
		Args:  cobra.ExactArgs(1),
		RunE: a.withService(func(ctx context.Context, svc api.Service, args []string) error {
			f, err := os.Open(args[0])
			if err != nil {
				return err
			}
			defer f.Close()
			vs, err := readVariability(args[0], f)
			if err != nil {
				return err
			}
			for i := range vs {
				if vs[i].Origin == "" {
					vs[i].Origin = args[0]
				}
			}
			for i, v := range vs {
				if err := svc.PutVariability(ctx, v); err != nil {
					return fmt.Errorf("%s: variability %d: %w", args[0], i+1, err)
				}
				fmt.Fprintf(a.stdout, "%s: %d parameters, %d relations, %d interfaces, %d functions\n", v.Item, len(v.Parameters), len(v.Relations), len(v.Interfaces), len(v.Functions))
			}
			return nil
		}),
	}
	show := &cobra.Command{
		Use:   "show ITEM",
		Short: "Show an item's variability (stated, or derived from its variants)",
		Args:  cobra.ExactArgs(1),
		RunE: a.withService(func(ctx context.Context, svc api.Service, args []string) error {
			v, err := svc.Variability(ctx, args[0])
			if err != nil {
				return err
			}
			return writeJSON(a.stdout, v)
		}),
	}
	cmd.AddCommand(set, show)
	return cmd
}

type variabilityFile struct {
	Variability []model.Variability `yaml:"variability"`
}

func readVariability(name string, r io.Reader) ([]model.Variability, error) {
	var f variabilityFile
	if err := decodeYAML(name, r, &f); err != nil {
		return nil, err
	}
	if len(f.Variability) == 0 {
		return nil, model.ParseError(name, 0, "variability", "no variability listed")
	}
	return f.Variability, nil
}
