package design

import (
	"context"
	"math"

	"github.com/cbb-alliance/cbb/layers/model"
	"github.com/cbb-alliance/cbb/retrieval"
)

// Decision is the design method chosen for one requirement item.
type Decision string

// The decisions, from the most to the least reuse.
const (
	// Configure: a released item meets every must-constraint as it is.
	Configure Decision = "configure"
	// Variant: a family or parametric item, set within its parameter
	// ranges, meets every must-constraint.
	Variant Decision = "variant"
	// New: nothing does; the item is designed anew (an R&D request).
	New Decision = "new"
)

// Input is what Decide works on: a requirement, the candidates retrieval
// returned for it, what the middle layer knows of the candidates'
// variability, and the design rules.
type Input struct {
	Requirement model.Requirement
	// Candidates is retrieval's answer for Requirement; its items are
	// matched to the requirement's items by name.
	Candidates retrieval.Result
	// Variability returns the parameters and relations of a family or
	// parametric item; nil means no item can be varied.
	Variability func(model.ItemID) (model.Variability, bool)
	// Rules are the design rules; only accepted ones are enforced.
	Rules   []model.Rule
	Options Options
}

// Options tune a decision. The zero value gives the defaults.
type Options struct {
	// ConfigureThreshold is the similarity a candidate needs to be
	// configured for an item that states no must-constraint; 0.75 when 0.
	ConfigureThreshold float64
	// MinSimilarity is the similarity any candidate needs to be
	// configured or varied at all, musts met or not; 0.5 when 0.
	MinSimilarity float64
	// ReuseOnly forbids new designs: every item must be met by
	// configuration or variant, so rules that rule out every reuse make
	// the requirement unsatisfiable (the conflicts are named). The zero
	// value allows new designs.
	ReuseOnly bool
	// Effort is the design effort of each decision and level.
	Effort Effort
	// MaxOptions is the most candidates considered per item, in
	// retrieval's order; 8 when 0.
	MaxOptions int
}

// Effort is the design effort of a decision, in units of one new part.
// The zero value gives the defaults: a new part 1, a new feature 1, a new
// module 5, a new product, family or technology 20; a variant costs 30%
// of the new design, a configuration 5%. The numbers are rough industry
// ratios, there to compare plans, not to budget them.
type Effort struct {
	New       map[model.Level]float64 `json:"new,omitempty"`
	Variant   float64                 `json:"variant,omitempty"`
	Configure float64                 `json:"configure,omitempty"`
}

// DefaultEffort is the effort the zero Effort stands for.
func DefaultEffort() Effort {
	return Effort{
		New: map[model.Level]float64{
			model.LevelPart: 1, model.LevelFeature: 1, model.LevelModule: 5,
			model.LevelProduct: 20, model.LevelFamily: 20, model.LevelTechnology: 20,
		},
		Variant: 0.3, Configure: 0.05,
	}
}

func (o Options) withDefaults() Options {
	if o.ConfigureThreshold <= 0 {
		o.ConfigureThreshold = 0.75
	}
	if o.MaxOptions <= 0 {
		o.MaxOptions = 8
	}
	if o.MinSimilarity <= 0 {
		o.MinSimilarity = 0.5
	}
	def := DefaultEffort()
	if o.Effort.New == nil {
		o.Effort.New = def.New
	}
	if o.Effort.Variant <= 0 {
		o.Effort.Variant = def.Variant
	}
	if o.Effort.Configure <= 0 {
		o.Effort.Configure = def.Configure
	}
	return o
}

// Decide chooses, for every item of the requirement, configure, variant or
// new, such that every accepted design rule holds and reuse is highest:
// the choice is a pseudo-boolean optimisation solved by gophersat. When no
// choice satisfies the rules, the report is not feasible and names a
// minimal set of conflicting rules (and items without any option); that is
// not an error.
//
// Errors: invalid (a malformed requirement or options, candidates for an
// item the requirement does not have, an accepted rule that is malformed
// or whose expression does not compile, a cross-item rule over too many
// combinations); internal (the solver's model breaks a constraint); the
// context's error when it is done.
func Decide(ctx context.Context, in Input) (Report, error) {
	if err := in.Requirement.Validate(); err != nil {
		return Report{}, err
	}
	opt := in.Options.withDefaults()
	if err := checkOptions(opt); err != nil {
		return Report{}, err
	}
	rules, err := prepareRules(in.Rules, in.Requirement)
	if err != nil {
		return Report{}, err
	}
	sp, err := newSpace(in, opt)
	if err != nil {
		return Report{}, err
	}
	if err := ctx.Err(); err != nil {
		return Report{}, err
	}
	pr, err := encode(sp, rules)
	if err != nil {
		return Report{}, err
	}
	chosen, ok, err := pr.solve(nil, true)
	if err != nil {
		return Report{}, err
	}
	if !ok {
		conflicts, err := pr.conflicts(ctx)
		if err != nil {
			return Report{}, err
		}
		return infeasibleReport(sp, conflicts), nil
	}
	return buildReport(sp, pr, rules, chosen), nil
}

func checkOptions(o Options) error {
	bad := func(v float64) bool { return math.IsNaN(v) || math.IsInf(v, 0) || v < 0 }
	if o.ConfigureThreshold > 1 || bad(o.ConfigureThreshold) {
		return model.Errorf(model.Invalid, "design: configure threshold %v must be in (0, 1]", o.ConfigureThreshold)
	}
	if bad(o.Effort.Variant) || bad(o.Effort.Configure) {
		return model.Errorf(model.Invalid, "design: effort shares must be positive numbers")
	}
	for l, v := range o.Effort.New {
		if bad(v) {
			return model.Errorf(model.Invalid, "design: effort of a new %s: %v must be a positive number", l, v)
		}
	}
	return nil
}

// Report is the design report: the decision per item and the totals.
type Report struct {
	Requirement string         `json:"requirement"`
	Member      model.MemberID `json:"member,omitempty"`
	// Feasible is false when no choice satisfies the rules; Conflicts
	// then says why, and Items carry no decision.
	Feasible bool           `json:"feasible"`
	Items    []ItemDecision `json:"items"`
	// ReuseRate is the share of items met by configuration or variant;
	// ConfigureRate and VariantRate split it; ReuseRateByQuantity weighs
	// each item by its quantity (1 when unset).
	ReuseRate           float64 `json:"reuse_rate"`
	ConfigureRate       float64 `json:"configure_rate"`
	VariantRate         float64 `json:"variant_rate"`
	ReuseRateByQuantity float64 `json:"reuse_rate_by_quantity"`
	// EffortNew is the effort were every item designed anew,
	// EffortPlanned the effort of the decisions taken, EffortSaved the
	// difference (see Effort).
	EffortNew     float64 `json:"effort_new"`
	EffortPlanned float64 `json:"effort_planned"`
	EffortSaved   float64 `json:"effort_saved"`
	// Credits is the effort saved through each member's reused items,
	// the requesting member's own items left out.
	Credits map[model.MemberID]float64 `json:"credits,omitempty"`
	// Violations lists the accepted rules the configuration breaks,
	// re-checked independently of the solver: it is always empty unless
	// something is wrong in this package.
	Violations []Violation `json:"violations"`
	Conflicts  []Conflict  `json:"conflicts,omitempty"`
}

// ItemDecision is the decision for one requirement item.
type ItemDecision struct {
	Item     string   `json:"item"`
	Quantity float64  `json:"quantity"`
	Decision Decision `json:"decision,omitempty"`
	// Candidate is the configured or varied item.
	Candidate *Ref `json:"candidate,omitempty"`
	// Settings are the parameter values of a variant.
	Settings []Setting `json:"settings,omitempty"`
	// Spec is what a new design must meet: the item's constraint values.
	Spec []model.Attribute `json:"spec,omitempty"`
	// Gap says how far the nearest candidate falls short of a new item's
	// must-constraints.
	Gap *Gap `json:"gap,omitempty"`
	// Obligations are the rules a new design must be made to satisfy
	// (rules it could not be checked against because its spec does not
	// state the attributes they read).
	Obligations []string `json:"obligations,omitempty"`
	Why         string   `json:"why"`
	// Alternatives are the other options and the candidates that were
	// no option, with the reason.
	Alternatives []Alternative `json:"alternatives,omitempty"`
}

// Ref names a candidate item.
type Ref struct {
	ID         model.ItemID    `json:"id"`
	Name       string          `json:"name"`
	Level      model.Level     `json:"level"`
	Owner      model.MemberID  `json:"owner"`
	Lifecycle  model.Lifecycle `json:"lifecycle"`
	Source     model.SourceRef `json:"source"`
	Score      float64         `json:"score"`
	Similarity float64         `json:"similarity"`
}

// Setting is one parameter value of a variant: a number in SI units in
// Value, or an allowed value in Text.
type Setting struct {
	Parameter string  `json:"parameter"`
	Value     float64 `json:"value,omitempty"`
	Unit      string  `json:"unit,omitempty"`
	Text      string  `json:"text,omitempty"`
	// From is the item's own value of the attribute, if it states one.
	From string `json:"from,omitempty"`
}

// String formats the setting for people.
func (s Setting) String() string {
	if s.Text != "" {
		return s.Parameter + " = " + s.Text
	}
	return s.Parameter + " = " + model.NumberAttr("", s.Value, s.Unit, "").String()
}

// Gap is what the nearest candidate lacks.
type Gap struct {
	Nearest     *Ref       `json:"nearest,omitempty"`
	Constraints []GapEntry `json:"constraints"`
}

// GapEntry is one must-constraint the nearest candidate does not meet.
type GapEntry struct {
	Attribute string `json:"attribute"`
	Required  string `json:"required"`
	// Have is the candidate's value ("" when it does not state one).
	Have string `json:"have,omitempty"`
	// Distance is how far off the value is, relative to the required
	// value (0.25 = 25%); absent when the value is missing or not a number.
	Distance *float64 `json:"distance,omitempty"`
	// Status is "unmet" or "missing".
	Status string `json:"status"`
}

// Alternative is an option not chosen, or a candidate that was none.
type Alternative struct {
	Candidate Ref      `json:"candidate"`
	Decision  Decision `json:"decision,omitempty"`
	Reason    string   `json:"reason"`
}

// Violation is an accepted rule a configuration breaks.
type Violation struct {
	Rule   string   `json:"rule"`
	Name   string   `json:"name,omitempty"`
	Items  []string `json:"items"`
	Detail string   `json:"detail"`
}

// Conflict is one member of a minimal set of reasons no configuration
// exists: an accepted rule (Rule, Name, Kind) or, with Rule empty, an item
// that has no option at all.
type Conflict struct {
	Rule   string         `json:"rule,omitempty"`
	Name   string         `json:"name,omitempty"`
	Kind   model.RuleKind `json:"kind,omitempty"`
	Items  []string       `json:"items"`
	Detail string         `json:"detail"`
}

func errorf(format string, args ...any) error {
	return model.Errorf(model.Invalid, "design: "+format, args...)
}
