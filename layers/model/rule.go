package model

import (
	"fmt"
	"slices"
	"time"
)

// RuleKind says what a design rule asks.
type RuleKind string

// The kinds of design rules.
const (
	// Requires: choosing any of If requires choosing one of Then.
	Requires RuleKind = "requires"
	// Excludes: any of If and any of Then are never chosen together.
	Excludes RuleKind = "excludes"
	// RuleConstraint: Expr holds over the chosen items' attributes.
	RuleConstraint RuleKind = "constraint"
	// Prefer: within Scope, the items of Then are preferred over others.
	Prefer RuleKind = "prefer"
)

// RuleStatus is where a rule stands.
type RuleStatus string

// Rule statuses: rationalization proposes, an architect accepts; only
// accepted rules are enforced; a retired rule is kept for history.
const (
	RuleProposed RuleStatus = "proposed"
	RuleAccepted RuleStatus = "accepted"
	RuleRetired  RuleStatus = "retired"
)

// Rule is a design rule, a first-class versioned object of the middle
// layer: authored by an architect or accepted from rationalization.
//
// Items in If and Then are named by item id or by a selector:
// "class:<path>" (any item in that class or below it), "name:<text>"
// (any item whose name contains the text, case-insensitively). A
// constraint's Expr is an expression (expr-lang syntax) over attribute
// values in SI units: with Scope set it applies to every chosen item of
// that class and reads its attributes by name ("outer_diameter >= 1.5 *
// bore"); without Scope it reads the chosen items by the requirement
// items' names ("bearing.bore >= 1.2 * shaft.diameter").
type Rule struct {
	ID      string     `json:"id"`
	Version int        `json:"version"`
	Kind    RuleKind   `json:"kind"`
	Name    string     `json:"name"`
	Status  RuleStatus `json:"status"`
	If      []string   `json:"if,omitempty"`
	Then    []string   `json:"then,omitempty"`
	Scope   ClassPath  `json:"scope,omitempty"`
	// Condition, for a scoped constraint, restricts it to the items it
	// holds for (`thread == "M3"`).
	Condition string `json:"condition,omitempty"`
	Expr      string `json:"expr,omitempty"`
	// Origin says where the rule comes from: "architect" or the
	// rationalization run that mined it ("run:0000000012").
	Origin string    `json:"origin,omitempty"`
	Author string    `json:"author,omitempty"`
	At     time.Time `json:"at"`
	Note   string    `json:"note,omitempty"`
}

// RuleKinds lists the kinds of rules.
var RuleKinds = []RuleKind{Requires, Excludes, RuleConstraint, Prefer}

// Validate checks the rule is well formed (its expression is checked by
// the middle layer, which compiles it).
func (r Rule) Validate() error {
	where := fmt.Sprintf("rule %q", r.ID)
	switch {
	case r.ID == "":
		return Errorf(Invalid, "rule %q has no id", r.Name)
	case !slices.Contains(RuleKinds, r.Kind):
		return Errorf(Invalid, "%s: unknown kind %q (want requires, excludes, constraint or prefer)", where, r.Kind)
	case r.Status != RuleProposed && r.Status != RuleAccepted && r.Status != RuleRetired:
		return Errorf(Invalid, "%s: unknown status %q", where, r.Status)
	}
	switch r.Kind {
	case Requires, Excludes:
		if len(r.If) == 0 || len(r.Then) == 0 {
			return Errorf(Invalid, "%s: a %s rule needs if and then", where, r.Kind)
		}
	case RuleConstraint:
		if r.Expr == "" {
			return Errorf(Invalid, "%s: a constraint needs an expression", where)
		}
	case Prefer:
		if len(r.Then) == 0 {
			return Errorf(Invalid, "%s: a prefer rule names the preferred items in then", where)
		}
	}
	return nil
}

// Parameter is one parameter of a family or parametric item: a numeric
// range (Min..Max in Unit, SI) or a set of allowed values.
type Parameter struct {
	Name   string    `json:"name"`
	Unit   string    `json:"unit,omitempty"`
	Min    *float64  `json:"min,omitempty"`
	Max    *float64  `json:"max,omitempty"`
	Values []string  `json:"values,omitempty"`
	Steps  []float64 `json:"steps,omitempty"` // allowed numeric values, when discrete
}

// Interface is what a module connects to.
type Interface struct {
	Name string `json:"name"`
	// Kind is the interface's kind: mechanical, electrical, data, fluid...
	Kind string `json:"kind,omitempty"`
	// Spec names the standard or size ("NEMA17 flange", "M3 x 4", "JST-XH 4").
	Spec string `json:"spec,omitempty"`
}

// Variability is what the middle layer knows of an item beyond its
// attributes: a family's or parametric item's parameters with their
// ranges and scaling relations, a module's interfaces and functions.
type Variability struct {
	Item       ItemID      `json:"item"`
	Parameters []Parameter `json:"parameters,omitempty"`
	// Relations are expressions over the parameters that every setting
	// must satisfy ("length <= 20 * diameter", "width == 42.3e-3").
	Relations  []string    `json:"relations,omitempty"`
	Interfaces []Interface `json:"interfaces,omitempty"`
	Functions  []string    `json:"functions,omitempty"`
	Origin     string      `json:"origin,omitempty"`
}

// RequestState is where an R&D request stands.
type RequestState string

// The states of an R&D request.
const (
	RequestOpen     RequestState = "open"
	RequestAssigned RequestState = "assigned"
	RequestDone     RequestState = "done"
)

// Request is an R&D request: a requirement item nothing in the alliance
// meets, to be designed anew by a member institute or lab.
type Request struct {
	ID          string          `json:"id"`
	State       RequestState    `json:"state"`
	Requirement string          `json:"requirement"`
	Item        string          `json:"item"`
	Spec        RequirementItem `json:"spec"`
	// Gap says what the nearest candidate lacks.
	Gap       string    `json:"gap,omitempty"`
	Nearest   ItemID    `json:"nearest,omitempty"`
	Requester MemberID  `json:"requester,omitempty"`
	Assignee  MemberID  `json:"assignee,omitempty"`
	Opened    time.Time `json:"opened"`
	Updated   time.Time `json:"updated"`
	// By is the member who made the last change: opened, assigned or
	// closed the request.
	By MemberID `json:"by,omitempty"`
	// Result is the item that met the request once done.
	Result ItemID `json:"result,omitempty"`
}
