package model

import (
	"math"
	"slices"
)

// EdgeKind says how a parent relates to a child.
type EdgeKind string

// The edge kinds.
const (
	// BOM: the child is used in the parent, Quantity times.
	BOM EdgeKind = "bom"
	// Variant: the child is a variant of the parent family or template.
	Variant EdgeKind = "variant"
)

// Edge links a parent item to a child item: a BOM usage (the child is built
// into the parent) or a family membership (the child is a variant of the
// parent). Edges belong to their parent: importing a parent replaces its
// whole edge set.
type Edge struct {
	Parent ItemID   `json:"parent"`
	Child  ItemID   `json:"child"`
	Kind   EdgeKind `json:"kind"`
	// Quantity is how many of the child one parent uses.
	Quantity float64 `json:"quantity,omitempty"`
	// RefDes are the reference designators or occurrence names of the
	// usages ("R1", "R7"; "nut_1").
	RefDes []string `json:"refdes,omitempty"`
	// Substitutes may replace the child in this usage.
	Substitutes []ItemID `json:"substitutes,omitempty"`
	// Optional marks a usage the parent can be built without.
	Optional bool   `json:"optional,omitempty"`
	Note     string `json:"note,omitempty"`
}

// Validate checks the edge is well formed.
func (e Edge) Validate() error {
	switch {
	case e.Parent == "" || e.Child == "":
		return Errorf(Invalid, "edge %s -> %s: both ends are required", e.Parent, e.Child)
	case e.Parent == e.Child:
		return Errorf(Invalid, "edge %s -> %s: an item cannot contain itself", e.Parent, e.Child)
	case e.Kind != BOM && e.Kind != Variant:
		return Errorf(Invalid, "edge %s -> %s: unknown kind %q", e.Parent, e.Child, e.Kind)
	case e.Kind == BOM && (e.Quantity <= 0 || math.IsInf(e.Quantity, 0) || math.IsNaN(e.Quantity)):
		return Errorf(Invalid, "edge %s -> %s: quantity %v must be a positive number", e.Parent, e.Child, e.Quantity)
	}
	return nil
}

// Merge folds another usage of the same child into e: quantities add up,
// reference designators and substitutes are united.
func (e *Edge) Merge(o Edge) {
	e.Quantity += o.Quantity
	for _, r := range o.RefDes {
		if !slices.Contains(e.RefDes, r) {
			e.RefDes = append(e.RefDes, r)
		}
	}
	for _, s := range o.Substitutes {
		if !slices.Contains(e.Substitutes, s) {
			e.Substitutes = append(e.Substitutes, s)
		}
	}
	e.Optional = e.Optional && o.Optional
	if e.Note == "" {
		e.Note = o.Note
	}
}
