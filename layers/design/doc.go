// Package design is the design layer's core: it turns a requirement and
// the candidates retrieval found for it into a decision per item —
// configure, variant or new — and one configuration of the whole that
// satisfies every accepted design rule with the most reuse.
//
// Decide takes an Input: the requirement, retrieval's result (matched to
// the requirement's items by name), the middle layer's variability of
// the candidates, and the rules. It works on plain data, without a store.
//
// # Options per item
//
// Of each item's first Options.MaxOptions candidates (8), in retrieval's
// order, each becomes at most one option. A candidate of another kind is
// none, whatever its attributes: one with a similarity under
// Options.MinSimilarity (0.5; families excepted, their attributes being
// what they will be set to), one that misses a class the requirement
// states (class match under 0.5), or one that shares few of the
// requirement's words (under 0.35) and is not of the class read from them
// (under 0.8). Otherwise:
//
//   - configure, when the candidate is released or preferred, retrieval
//     says its must-constraints are met, no must-constraint in its
//     explanation is unmet, and every must-constraint holds again when
//     re-checked on its attributes here (retrieval's word is not taken on
//     trust; a range attribute meets a constraint only when the whole
//     range does). An item without must-constraints needs the
//     ConfigureThreshold's similarity (0.75) instead;
//   - variant, when it cannot be configured but its Variability has
//     parameters that can be set to meet every must-constraint (every
//     stated constraint, when none is a must): a target inside the range,
//     steps or allowed values, a min or max as a bound inside the range, a
//     one_of as an allowed value; should-constraints narrow the setting
//     where they fit; a value the item already has is kept when it fits.
//     The relations (expr-lang expressions over the parameters) must
//     hold on the settings; parameters only the relations read are tried
//     at the item's own value, the bounds and the middle. Deprecated and
//     obsolete items are not varied. The settings are reported;
//   - otherwise none: the reason is kept as an alternative.
//
// Every item also gets the new option unless Options.ReuseOnly is set; a
// new design's attributes are its spec (each constraint's value), and its
// gap is measured on the nearest candidate (retrieval's first): each
// unmet or unstated must-constraint with what the candidate has and the
// distance relative to the required value.
//
// # Rules as clauses
//
// Each option is a boolean variable; each item chooses exactly one. Only
// accepted rules count. Selectors pick options: an item id, "class:<path>"
// (the class or below, whole segments), "name:<text>" (name contains). A
// new design is picked only by class selectors, by the requirement
// item's class.
//
//   - requires: an option matching If, unless it matches Then itself,
//     implies one matching Then on another item; with none anywhere the
//     option is ruled out;
//   - excludes: no option matching If with one matching Then on another
//     item;
//   - constraint with a Scope: every option whose class lies in the scope
//     (and whose attributes satisfy Condition) must satisfy Expr on its
//     attributes — for a variant with its settings applied, for a new
//     design its spec; options that do not are ruled out;
//   - constraint without a Scope: Expr reads requirement items by an
//     identifier made of their names (lower case, other characters as
//     "_": "Main bearing" is main_bearing), as in "bearing.bore >= 1.2 *
//     shaft.diameter"; every combination of the named items' options is
//     evaluated and the ones that break it are ruled out. A rule naming
//     anything that is not an item of this requirement does not apply;
//   - prefer: no clause; the options of an item that do not match Then
//     (within Scope, if set) carry a penalty when some option does.
//
// Expressions read numbers in SI units, ranges as {min, max}, enums and
// text as strings, and id, name, class, level, owner, lifecycle unless an
// attribute has the name. An expression reading an attribute the option
// does not state is unknown: that rules out an existing item (the rule is
// not shown to hold), and is an obligation on a new design (listed in the
// item's obligations, for whoever designs it).
//
// # Objective
//
// gophersat minimises, in turn and each optimum kept while the next is
// minimised: the number of new designs, then of variants, then the score
// penalty (100 × (1 − score) per item, new designs 100) with the prefer
// penalties below one score unit. This is the lexicographic order
// "configure over variant over new, then higher score, then preferred
// items" with small integer weights: gophersat's cutting planes multiply
// weights, so one weighted sum of all three would risk overflow. Last,
// retrieval's order among an item's options breaks what is still tied.
// Each minimum is found by bisection on the bound with a fresh solve per
// step (gophersat's own Minimize returned a non-optimal model on a small
// instance, kept as TestMinimizeRegression), and every model is checked
// against the constraints.
//
// # Conflicts
//
// When no configuration exists, the report is not feasible and names a
// minimal set of reasons: the items that have no option at all (only
// possible with ReuseOnly), or else a minimal unsatisfiable subset of the
// rules, found by deletion over the rules' clause groups (a rule is
// dropped for good when the rest stays unsatisfiable), with the items each
// touches. Minimal, not minimum: another set may conflict too.
//
// # Report
//
// Per item: the decision, the candidate and its settings or the spec and
// gap, why (including which rule displaced the item's best option), the
// alternatives. Overall: the reuse rate (items met by configure or
// variant, also split and weighed by quantity), the effort were all new,
// the effort planned and saved (Effort: a new part 1, feature 1, module 5,
// product, family or technology 20; a variant 30% of its new design, a
// configuration 5%; counted at the level the item asks for, else the
// chosen or nearest candidate's), and technology credits: the effort
// saved through each member's reused items, the requester's own left
// out. Every accepted rule is re-checked on the configuration from its
// meaning, not from the clauses: Violations is empty unless this package
// is wrong.
package design
