package rules

import (
	"testing"

	"github.com/expr-lang/expr"

	"github.com/cbb-alliance/cbb/layers/model"
)

// holds evaluates a constraint's Formula on an item with expr-lang/expr,
// the attributes as variables; a rule naming an attribute the item lacks
// does not apply and holds.
func holds(t *testing.T, r Rule, it model.Item) bool {
	t.Helper()
	env := map[string]any{}
	for _, a := range it.Attributes {
		switch a.Kind {
		case model.Number:
			env[a.Name] = a.Value
		case model.Enum:
			env[a.Name] = a.Text
		}
	}
	for _, n := range append(append([]string{}, r.Antecedent...), r.Consequent...) {
		if _, ok := env[n]; !ok {
			return true
		}
	}
	prog, err := expr.Compile(r.Formula(), expr.Env(env), expr.AsBool())
	if err != nil {
		t.Fatalf("compile %q: %v", r.Formula(), err)
	}
	out, err := expr.Run(prog, env)
	if err != nil {
		t.Fatalf("run %q on %s: %v", r.Formula(), it.ID, err)
	}
	return out.(bool)
}
