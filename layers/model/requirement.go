package model

import (
	"fmt"
	"math"
	"slices"
)

// LevelAny, in a requirement item, asks for candidates at every level.
const LevelAny Level = "any"

// Requirement is a customer requirement as an engineer states it: what is
// wanted, item by item, for the retrieval and design layers to meet from
// what the alliance already has.
type Requirement struct {
	Name string `json:"name" yaml:"name"`
	// Member is the requesting member: retrieval runs as this member and
	// returns only what its scope grants.
	Member MemberID          `json:"member,omitempty" yaml:"member,omitempty"`
	Items  []RequirementItem `json:"items" yaml:"items"`
}

// RequirementItem is one thing a requirement asks for: free text and/or a
// class, typed constraints, the level sought and how many are needed.
type RequirementItem struct {
	Name        string       `json:"name" yaml:"name"`
	Text        string       `json:"text,omitempty" yaml:"text,omitempty"`
	Class       ClassPath    `json:"class,omitempty" yaml:"class,omitempty"`
	Level       Level        `json:"level,omitempty" yaml:"level,omitempty"`
	Quantity    float64      `json:"quantity,omitempty" yaml:"quantity,omitempty"`
	Constraints []Constraint `json:"constraints,omitempty" yaml:"constraints,omitempty"`
}

// ConstraintOp says how a constraint bounds an attribute.
type ConstraintOp string

// The constraint operators.
const (
	// Target: the value should be Value, give or take Tolerance (in the
	// same unit; zero means exactly).
	Target ConstraintOp = "target"
	// Min: the value should be at least Value.
	Min ConstraintOp = "min"
	// Max: the value should be at most Value.
	Max ConstraintOp = "max"
	// OneOf: the value should be one of Values (enum or text attributes).
	OneOf ConstraintOp = "one_of"
)

// Constraint bounds one attribute of the wanted item. Numbers are in SI
// base units, like attribute values, with the unit symbol in Unit.
type Constraint struct {
	Attribute string       `json:"attribute"`
	Op        ConstraintOp `json:"op"`
	Value     float64      `json:"value,omitempty"`
	Tolerance float64      `json:"tolerance,omitempty"`
	Unit      string       `json:"unit,omitempty"`
	Values    []string     `json:"values,omitempty"`
	// Weight is the constraint's importance relative to the item's other
	// constraints; zero means 1.
	Weight float64 `json:"weight,omitempty"`
	// Must makes the constraint a hard one: a candidate that fails it
	// cannot be configured as is. Otherwise it is a "should".
	Must bool `json:"must,omitempty"`
	// Raw is the constraint as written, for explanations.
	Raw string `json:"raw,omitempty"`
}

// EffectiveWeight is Weight, or 1 when unset.
func (c Constraint) EffectiveWeight() float64 {
	if c.Weight == 0 {
		return 1
	}
	return c.Weight
}

// Validate checks the constraint is well formed.
func (c Constraint) Validate() error {
	if c.Attribute == "" {
		return fmt.Errorf("constraint without an attribute")
	}
	finite := func(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }
	switch c.Op {
	case Target, Min, Max:
		if !finite(c.Value) || !finite(c.Tolerance) || c.Tolerance < 0 {
			return fmt.Errorf("constraint on %s: bad value %v or tolerance %v", c.Attribute, c.Value, c.Tolerance)
		}
	case OneOf:
		if len(c.Values) == 0 {
			return fmt.Errorf("constraint on %s: one_of lists no values", c.Attribute)
		}
	default:
		return fmt.Errorf("constraint on %s: unknown operator %q", c.Attribute, c.Op)
	}
	if !finite(c.Weight) || c.Weight < 0 {
		return fmt.Errorf("constraint on %s: weight %v must be a positive number", c.Attribute, c.Weight)
	}
	return nil
}

// Validate checks the requirement is well formed: named, with at least one
// item, each item asking for something (text, a class or a constraint) at a
// known level.
func (r Requirement) Validate() error {
	if len(r.Items) == 0 {
		return Errorf(Invalid, "requirement %q has no items", r.Name)
	}
	for i, it := range r.Items {
		where := fmt.Sprintf("requirement %q item %d (%s)", r.Name, i+1, it.Name)
		if it.Text == "" && it.Class == "" && len(it.Constraints) == 0 {
			return Errorf(Invalid, "%s asks for nothing: give text, a class or constraints", where)
		}
		if it.Level != "" && it.Level != LevelAny && !slices.Contains(Levels, it.Level) {
			return Errorf(Invalid, "%s: unknown level %q", where, it.Level)
		}
		if it.Quantity < 0 || math.IsNaN(it.Quantity) || math.IsInf(it.Quantity, 0) {
			return Errorf(Invalid, "%s: quantity %v must be a positive number", where, it.Quantity)
		}
		for _, c := range it.Constraints {
			if err := c.Validate(); err != nil {
				return Errorf(Invalid, "%s: %v", where, err)
			}
		}
	}
	return nil
}
