package rules

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/cbb-alliance/cbb/layers/model"
)

// Kind is what a candidate rule asserts.
type Kind string

// The rule kinds.
const (
	// Requires: an item set with every Antecedent item also has every
	// Consequent item.
	Requires Kind = "requires"
	// Excludes: the Antecedent item and the Consequent item are not used
	// together.
	Excludes Kind = "excludes"
	// Constraint: items of Scope for which Condition holds satisfy
	// Expression over their attributes.
	Constraint Kind = "constraint"
)

// Rule is a candidate design rule with the evidence for it. The measures
// that do not apply to a kind are zero.
type Rule struct {
	Kind Kind `json:"kind"`
	// Antecedent holds item ids (requires, excludes) or the attribute names
	// the constraint reads (constraint).
	Antecedent []string `json:"antecedent"`
	// Consequent holds item ids (requires, excludes) or the attribute the
	// constraint bounds (constraint).
	Consequent []string `json:"consequent"`
	// Mutual marks a requires rule that holds both ways (items always used
	// together).
	Mutual bool `json:"mutual,omitempty"`
	// Scope is the class a constraint applies to ("" for unclassified
	// items).
	Scope model.ClassPath `json:"scope,omitempty"`
	// Condition restricts a constraint to the items it holds for, e.g.
	// `thread == "M3"`; empty means every item of Scope.
	Condition string `json:"condition,omitempty"`
	// Expression is the relation a constraint asserts, over attribute
	// values in SI units, e.g. `outer_diameter >= 1.5 * bore`.
	Expression string `json:"expression,omitempty"`
	// Count is the number of transactions (requires: having antecedent and
	// consequent; excludes: having either) or items (constraint) the rule
	// rests on, and Support that number over all transactions or over the
	// items of the scope that have the attributes.
	Count   int     `json:"count"`
	Support float64 `json:"support"`
	// Confidence is P(consequent | antecedent); Lift is Confidence over
	// P(consequent); Leverage is P(both) - P(antecedent)·P(consequent).
	Confidence float64 `json:"confidence,omitempty"`
	Lift       float64 `json:"lift,omitempty"`
	Leverage   float64 `json:"leverage,omitempty"`
	// Expected is the co-occurrence count independence predicts, and
	// PValue the hypergeometric probability of observing none (excludes).
	Expected float64 `json:"expected,omitempty"`
	PValue   float64 `json:"p_value,omitempty"`
	// Fit is the coefficient of determination of a fitted law, or the
	// correlation ratio (share of variance the enum explains) of an
	// enum-to-number dependency (constraint).
	Fit float64 `json:"fit,omitempty"`
	// Evidence says in words what the rule rests on.
	Evidence string `json:"evidence"`
}

// Formula returns the constraint as one boolean expression, the condition
// folded in as an implication: `!(cond) || (expr)`.
func (r Rule) Formula() string {
	if r.Condition == "" {
		return r.Expression
	}
	return "!(" + r.Condition + ") || (" + r.Expression + ")"
}

// String formats the rule on one line for reports.
func (r Rule) String() string {
	switch r.Kind {
	case Constraint:
		s := string(r.Scope) + ": "
		if r.Condition != "" {
			s += r.Condition + " => "
		}
		return s + r.Expression
	case Excludes:
		return strings.Join(r.Antecedent, " & ") + " excludes " + strings.Join(r.Consequent, " & ")
	}
	arrow := " requires "
	if r.Mutual {
		arrow = " always with "
	}
	return strings.Join(r.Antecedent, " & ") + arrow + strings.Join(r.Consequent, " & ")
}

// Options are the parameters of the miners. A zero field takes the
// default given with it.
type Options struct {
	// Mine: the smallest share of transactions an itemset must occur in
	// (default 0.1; never fewer than 2 transactions), the smallest confidence (default 0.8) and lift
	// (default 1; a kept rule always has lift > 1), and the largest
	// itemset, 2 or 3 (default 3).
	MinSupport    float64 `json:"min_support,omitempty"`
	MinConfidence float64 `json:"min_confidence,omitempty"`
	MinLift       float64 `json:"min_lift,omitempty"`
	MaxLen        int     `json:"max_len,omitempty"`
	// KeepRedundant keeps rules a more general rule implies (see Mine).
	KeepRedundant bool `json:"keep_redundant,omitempty"`
	// NeverTogether: the fewest transactions each item of a pair must
	// occur in (default 2), and the largest p-value kept (default 0.05).
	MinEach   int     `json:"min_each,omitempty"`
	MaxPValue float64 `json:"max_p_value,omitempty"`
	// ParameterRelations: the fewest items a relation must rest on
	// (default 5), the smallest R² or correlation ratio (default 0.9), and
	// the largest relative spread, (max-min)/|median|, of the numbers one
	// enum value maps to for it to count as fixing them (default 0.05).
	MinItems  int     `json:"min_items,omitempty"`
	MinFit    float64 `json:"min_fit,omitempty"`
	MaxSpread float64 `json:"max_spread,omitempty"`
	// MaxRules caps each result, best first (0: no cap).
	MaxRules int `json:"max_rules,omitempty"`
}

func (o Options) withDefaults() (Options, error) {
	def := func(v *float64, d float64) {
		if *v == 0 {
			*v = d
		}
	}
	def(&o.MinSupport, 0.1)
	def(&o.MinConfidence, 0.8)
	def(&o.MinLift, 1)
	def(&o.MaxPValue, 0.05)
	def(&o.MinFit, 0.9)
	def(&o.MaxSpread, 0.05)
	if o.MaxLen == 0 {
		o.MaxLen = 3
	}
	if o.MinEach == 0 {
		o.MinEach = 2
	}
	if o.MinItems == 0 {
		o.MinItems = 5
	}
	switch {
	case o.MaxLen < 2 || o.MaxLen > 3:
		return o, model.Errorf(model.Invalid, "max_len %d: itemsets of 2 or 3 items are mined", o.MaxLen)
	case !in01(o.MinSupport) || !in01(o.MinConfidence) || !in01(o.MaxPValue) || !in01(o.MinFit):
		return o, model.Errorf(model.Invalid, "min_support, min_confidence, max_p_value and min_fit lie in (0, 1]")
	case o.MinLift < 0 || o.MaxSpread < 0 || o.MinEach < 1 || o.MinItems < 2 || o.MaxRules < 0:
		return o, model.Errorf(model.Invalid, "min_lift, max_spread and max_rules must not be negative, min_each ≥ 1, min_items ≥ 2")
	}
	return o, nil
}

func in01(v float64) bool { return v > 0 && v <= 1 }

// Result is what Mine and NeverTogether find.
type Result struct {
	// Transactions is the number of transactions read.
	Transactions int `json:"transactions"`
	// Items is the number of distinct items frequent enough to take part,
	// and Itemsets the number of frequent itemsets (Mine).
	Items    int `json:"items"`
	Itemsets int `json:"itemsets,omitempty"`
	// Groups maps the representative of each group of items occurring in
	// exactly the same transactions to the whole group, representative
	// first; the representative stands for its group in Rules.
	Groups map[string][]string `json:"groups,omitempty"`
	// Rules are best first.
	Rules []Rule `json:"rules"`
}

// byStrength orders association rules by lift, then confidence, then
// support, then text, so results are deterministic.
func byStrength(a, b Rule) int {
	if c := cmp.Compare(b.Lift, a.Lift); c != 0 {
		return c
	}
	if c := cmp.Compare(b.Confidence, a.Confidence); c != 0 {
		return c
	}
	if c := cmp.Compare(b.Count, a.Count); c != 0 {
		return c
	}
	return strings.Compare(a.String(), b.String())
}

func capRules(rs []Rule, n int) []Rule {
	if n > 0 && len(rs) > n {
		return rs[:n:n]
	}
	return rs
}

// num formats a number for an expression: shortest form that reads back
// to 4 significant digits.
func num(v float64) string {
	if v == 0 {
		return "0"
	}
	r := roundSig(v, 4)
	return fmt.Sprintf("%g", r)
}

func roundSig(v float64, digits int) float64 {
	if v == 0 || math.IsInf(v, 0) || math.IsNaN(v) {
		return v
	}
	p := math.Pow(10, float64(digits)-math.Ceil(math.Log10(math.Abs(v))))
	return math.Round(v*p) / p
}

// sortedCopy returns the strings sorted, without changing s.
func sortedCopy(s []string) []string {
	c := slices.Clone(s)
	slices.Sort(c)
	return c
}
