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
	// Embodiment: the child (a module or part) embodies the parent, a
	// technology (a patent or know-how). The technology owns the edge, so
	// a PDM re-import of the module leaves it standing.
	Embodiment EdgeKind = "embodiment"
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
	case e.Kind != BOM && e.Kind != Variant && e.Kind != Embodiment:
		return Errorf(Invalid, "edge %s -> %s: unknown kind %q", e.Parent, e.Child, e.Kind)
	case e.Kind == BOM && (e.Quantity <= 0 || math.IsInf(e.Quantity, 0) || math.IsNaN(e.Quantity)):
		return Errorf(Invalid, "edge %s -> %s: quantity %v must be a positive number", e.Parent, e.Child, e.Quantity)
	}
	return nil
}

// Merge folds another usage of the same child into e: quantities add up,
// reference designators and substitutes are united in first-seen order,
// the usage is optional only if both are, and e's note is kept unless it
// has none. One Merge costs the length of both edges' lists; to fold many
// usages into one edge, use Batch.Use or Batch.Compact, which keep the
// lists' sets between merges and so stay linear in the usages.
func (e *Edge) Merge(o Edge) {
	var m edgeMerge
	m.merge(e, o)
}

// edgeMerge is the state of an edge that usages are merged into: sets of
// its reference designators and substitutes, kept between merges.
type edgeMerge struct {
	refs seen[string]
	subs seen[ItemID]
}

func (m *edgeMerge) merge(e *Edge, o Edge) {
	e.Quantity += o.Quantity
	for _, r := range o.RefDes {
		if !m.refs.has(e.RefDes, r) {
			e.RefDes = m.refs.add(e.RefDes, r)
		}
	}
	for _, s := range o.Substitutes {
		if !m.subs.has(e.Substitutes, s) {
			e.Substitutes = m.subs.add(e.Substitutes, s)
		}
	}
	e.Optional = e.Optional && o.Optional
	if e.Note == "" {
		e.Note = o.Note
	}
}

// smallList is the length up to which seen scans a list instead of
// building its set.
const smallList = 16

// seen tells whether a list that grows by appends holds a value, in
// constant time once the list is longer than smallList: it keeps the
// list's elements in a set, and the length and first element's address
// of the list the set stands for. A list changed other than through add
// (re-sliced, reallocated, grown by someone else) gets its set rebuilt on
// the next has; an element replaced in place is not noticed.
type seen[T comparable] struct {
	set   map[T]struct{}
	n     int
	first *T
}

// has reports whether list holds x.
func (s *seen[T]) has(list []T, x T) bool {
	if s.set == nil && len(list) <= smallList {
		return slices.Contains(list, x)
	}
	if !s.standsFor(list) {
		s.set = make(map[T]struct{}, len(list))
		for _, y := range list {
			s.set[y] = struct{}{}
		}
		s.mark(list)
	}
	_, ok := s.set[x]
	return ok
}

// add appends x to list and returns the list, keeping the set in step.
func (s *seen[T]) add(list []T, x T) []T {
	synced := s.set != nil && s.standsFor(list)
	list = append(list, x)
	if synced {
		s.set[x] = struct{}{}
		s.mark(list)
	} else {
		s.set = nil
	}
	return list
}

func (s *seen[T]) standsFor(list []T) bool {
	return s.set != nil && s.n == len(list) && (len(list) == 0 || s.first == &list[0])
}

func (s *seen[T]) mark(list []T) {
	s.n, s.first = len(list), nil
	if len(list) > 0 {
		s.first = &list[0]
	}
}
