package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/spf13/cobra"
	"gopkg.in/yaml.v3"

	"github.com/cbb-alliance/cbb/api"
	"github.com/cbb-alliance/cbb/layers/model"
)

func (a *app) ruleCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "rule",
		Short: "Design rules: add, list, show, accept, retire",
		Long: `Design rules are versioned objects of the middle layer: requires and excludes
between modules or options, parameter constraints (expressions over attribute
values in SI units, e.g. "outer_diameter >= 1.5 * bore" within a class, or
"bearing.bore >= 1.2 * shaft.diameter" across requirement items), preferred
parts. Only accepted rules are enforced by 'cbb design'. Every change is a
new version; old versions are kept.`,
	}
	cmd.AddCommand(a.ruleAddCommand(), a.ruleListCommand(), a.ruleShowCommand(),
		a.ruleStatusCommand("accept", model.RuleAccepted), a.ruleStatusCommand("retire", model.RuleRetired))
	return cmd
}

// ruleFile is the YAML (or JSON) a rules file holds: a list of rules.
type ruleFile struct {
	Rules []model.Rule `yaml:"rules"`
}

// readRules reads a rules file; errors name the file and, for YAML, the
// line.
func readRules(name string, r io.Reader) ([]model.Rule, error) {
	var f ruleFile
	if err := decodeYAML(name, r, &f); err != nil {
		return nil, err
	}
	if len(f.Rules) == 0 {
		return nil, model.ParseError(name, 0, "rules", "no rules")
	}
	return f.Rules, nil
}

// decodeYAML reads a YAML (or JSON) file into v, refusing unknown fields;
// errors name the file and the line.
func decodeYAML(name string, r io.Reader, v any) error {
	b, err := io.ReadAll(r)
	if err != nil {
		return fmt.Errorf("read %s: %w", name, err)
	}
	dec := yaml.NewDecoder(bytes.NewReader(b))
	dec.KnownFields(true)
	if err := dec.Decode(v); err != nil {
		return model.YAMLError(name, err)
	}
	return nil
}

func (a *app) ruleAddCommand() *cobra.Command {
	var accept bool
	cmd := &cobra.Command{
		Use:   "add FILE",
		Short: "Add or change rules from a YAML or JSON file (a list under 'rules:')",
		Args:  cobra.ExactArgs(1),
		RunE: a.withService(func(ctx context.Context, svc api.Service, args []string) error {
			f, err := os.Open(args[0])
			if err != nil {
				return err
			}
			defer f.Close()
			rules, err := readRules(args[0], f)
			if err != nil {
				return err
			}
			for i := range rules {
				if accept {
					rules[i].Status = model.RuleAccepted
				}
			}
			// The core checks every rule before it writes any.
			got, err := svc.PutRules(ctx, rules)
			if err != nil {
				return fmt.Errorf("%s: %w", args[0], err)
			}
			for _, r := range got {
				fmt.Fprintf(a.stdout, "%s v%d %s %s\n", r.ID, r.Version, r.Status, r.Name)
			}
			return nil
		}),
	}
	cmd.Flags().BoolVar(&accept, "accept", false, "add the rules as accepted (enforced) rather than proposed")
	return cmd
}

func (a *app) ruleListCommand() *cobra.Command {
	var status string
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "list",
		Short: "List the rules (latest versions)",
		Args:  cobra.NoArgs,
		RunE: a.withService(func(ctx context.Context, svc api.Service, _ []string) error {
			rules, err := svc.Rules(ctx, model.RuleStatus(status))
			if err != nil {
				return err
			}
			if asJSON {
				if rules == nil {
					rules = []model.Rule{}
				}
				return writeJSON(a.stdout, rules)
			}
			for _, r := range rules {
				text := ruleText(r)
				if r.Name != "" {
					text = r.Name
				}
				fmt.Fprintf(a.stdout, "%-24s v%-3d %-9s %-10s %s\n", r.ID, r.Version, r.Status, r.Kind, clip(text, 120))
			}
			return nil
		}),
	}
	cmd.Flags().StringVar(&status, "status", "", "only rules in this status: proposed, accepted or retired")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	return cmd
}

// ruleText says what a rule asks, on one line.
func ruleText(r model.Rule) string {
	switch r.Kind {
	case model.Requires, model.Excludes:
		return fmt.Sprintf("%s %s %s", strings.Join(r.If, " | "), r.Kind, strings.Join(r.Then, " | "))
	case model.Prefer:
		return fmt.Sprintf("prefer %s in %s", strings.Join(r.Then, " | "), r.Scope)
	}
	s := r.Expr
	if r.Condition != "" {
		s = "if " + r.Condition + ": " + s
	}
	if r.Scope != "" {
		s = string(r.Scope) + ": " + s
	}
	return s
}

func (a *app) ruleShowCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "show ID",
		Short: "Show every version of a rule",
		Args:  cobra.ExactArgs(1),
		RunE: a.withService(func(ctx context.Context, svc api.Service, args []string) error {
			vs, err := svc.RuleVersions(ctx, args[0])
			if err != nil {
				return err
			}
			return writeJSON(a.stdout, vs)
		}),
	}
}

func (a *app) ruleStatusCommand(verb string, st model.RuleStatus) *cobra.Command {
	cmd := &cobra.Command{
		Use:   verb + " ID...",
		Short: fmt.Sprintf("Mark rules %s (a new version of each)", st),
		Args:  cobra.MinimumNArgs(1),
		RunE: a.withService(func(ctx context.Context, svc api.Service, args []string) error {
			for _, id := range args {
				r, err := svc.SetRuleStatus(ctx, id, st)
				if err != nil {
					return err
				}
				fmt.Fprintf(a.stdout, "%s v%d %s\n", r.ID, r.Version, r.Status)
			}
			return nil
		}),
	}
	return cmd
}
