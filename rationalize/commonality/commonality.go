// Package commonality computes the commonality indices of a product family
// from its BOMs, before and after a rationalization proposal:
//
//   - DCI, the degree of commonality index (Collier 1981): the mean number
//     of immediate parents per distinct component, Σ Φj / d; 1 means no
//     commonality, higher is better, unbounded.
//   - TCCI, the total constant commonality index (Wacker & Treleven 1986):
//     1 − (d − 1) / (Σ Φj − 1), DCI brought to [0, 1].
//   - CI, the commonality index (Martin & Ishii 1996): 1 − (u − max pj) /
//     (Σ pj − max pj), with u the unique parts of the family and pj the
//     parts of product j; 0 when no part is shared, 1 when every product
//     uses the parts of the largest one.
//   - PCI, the product line commonality index (Kota, Sethuraman & Miller
//     2000), in [0, 100]: over the P component types that could be
//     standardized, (Σ ni·f1i·f2i·f3i − Σ 1/ni) / (N·P − Σ 1/ni) · 100, with
//     N products, ni the products having a component of type i, and each
//     factor the largest number of those ni products sharing one version
//     (f1: the same part, i.e. size and shape; f2: the same material; f3:
//     the same process or fastening) over ni. A factor with no data is 1.
//   - the reuse rate of each product: the share of its distinct parts that
//     are shared building blocks (used by another product of the family or,
//     when given, elsewhere in the alliance).
//
// Here Φj counts the distinct immediate parents of component j within the
// family's BOM trees, and the components are every item below the end
// products (parts and sub-assemblies); CI and PCI count the leaf parts.
package commonality

import (
	"fmt"
	"slices"
)

// Family is a product family's BOM data, as plain ids.
type Family struct {
	// Products are the end items.
	Products []string `json:"products"`
	// Uses maps every item of the family's BOM trees to its immediate
	// children (each once).
	Uses map[string][]string `json:"uses"`
	// Parts lists, per product (in the order of Products), its leaf parts.
	Parts [][]string `json:"parts"`
	// Type maps a part to its component type for PCI (a group of parts
	// doing one job: a near-duplicate group, or a class and key size);
	// a part without a type is its own type.
	Type map[string]string `json:"type,omitempty"`
	// Material and Process map a part to its material and its process or
	// fastening, for PCI's f2 and f3; parts without one share a version.
	Material map[string]string `json:"material,omitempty"`
	Process  map[string]string `json:"process,omitempty"`
	// Elsewhere marks parts used by products outside the family: they are
	// shared building blocks for the reuse rate even if one product of
	// the family uses them.
	Elsewhere map[string]bool `json:"elsewhere,omitempty"`
}

// Indices are a family's commonality indices.
type Indices struct {
	Products    int                `json:"products"`
	Components  int                `json:"components"`   // d: distinct items below the products
	UniqueParts int                `json:"unique_parts"` // u: distinct leaf parts
	DCI         float64            `json:"dci"`
	TCCI        float64            `json:"tcci"`
	CI          float64            `json:"ci"`
	PCI         float64            `json:"pci"`
	Reuse       map[string]float64 `json:"reuse_rate"` // per product
	// MeanReuse is the mean of the products' reuse rates.
	MeanReuse float64 `json:"mean_reuse_rate"`
}

// Compute returns the family's indices.
func Compute(f Family) (Indices, error) {
	if len(f.Parts) != len(f.Products) {
		return Indices{}, fmt.Errorf("commonality: %d products but %d part lists", len(f.Products), len(f.Parts))
	}
	ix := Indices{Products: len(f.Products), Reuse: map[string]float64{}}
	ix.DCI, ix.TCCI, ix.Components = dci(f)
	ix.CI, ix.UniqueParts = ci(f)
	ix.PCI = pci(f)
	ix.MeanReuse = reuse(f, ix.Reuse)
	return ix, nil
}

// dci returns DCI, TCCI and d over the BOM trees below the products.
func dci(f Family) (dciV, tcci float64, d int) {
	parents := map[string]map[string]bool{}
	seen := map[string]bool{}
	var walk func(id string)
	walk = func(id string) {
		if seen[id] {
			return
		}
		seen[id] = true
		for _, c := range f.Uses[id] {
			if parents[c] == nil {
				parents[c] = map[string]bool{}
			}
			parents[c][id] = true
			walk(c)
		}
	}
	for _, p := range f.Products {
		walk(p)
	}
	sum := 0
	for _, ps := range parents {
		sum += len(ps)
	}
	d = len(parents)
	if d == 0 {
		return 0, 0, 0
	}
	dciV = float64(sum) / float64(d)
	if sum > 1 {
		tcci = 1 - float64(d-1)/float64(sum-1)
	} else {
		tcci = 1
	}
	return dciV, tcci, d
}

// ci returns Martin and Ishii's CI and the number of unique parts.
func ci(f Family) (float64, int) {
	unique := map[string]bool{}
	sum, maxP := 0, 0
	for _, parts := range f.Parts {
		distinct := distinctOf(parts)
		for _, p := range distinct {
			unique[p] = true
		}
		sum += len(distinct)
		maxP = max(maxP, len(distinct))
	}
	u := len(unique)
	if sum == maxP {
		// One product, or every other product empty: nothing to share.
		return 0, u
	}
	return 1 - float64(u-maxP)/float64(sum-maxP), u
}

// pci returns Kota, Sethuraman and Miller's PCI.
func pci(f Family) float64 {
	n := len(f.Products)
	type comp struct {
		users           map[int]bool
		part, mat, proc map[string]map[int]bool
	}
	comps := map[string]*comp{}
	for j, parts := range f.Parts {
		for _, p := range distinctOf(parts) {
			t := p
			if ty, ok := f.Type[p]; ok && ty != "" {
				t = ty
			}
			c := comps[t]
			if c == nil {
				c = &comp{users: map[int]bool{}, part: map[string]map[int]bool{}, mat: map[string]map[int]bool{}, proc: map[string]map[int]bool{}}
				comps[t] = c
			}
			c.users[j] = true
			add(c.part, p, j)
			add(c.mat, f.Material[p], j)
			add(c.proc, f.Process[p], j)
		}
	}
	P := len(comps)
	if P == 0 || n == 0 {
		return 0
	}
	// Summed in a fixed order: the same family gives the same bits.
	keys := make([]string, 0, len(comps))
	for k := range comps {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	var num, inv float64
	for _, k := range keys {
		c := comps[k]
		ni := float64(len(c.users))
		num += ni * factor(c.part, ni) * factor(c.mat, ni) * factor(c.proc, ni)
		inv += 1 / ni
	}
	den := float64(n*P) - inv
	if den <= 0 {
		return 100
	}
	return 100 * (num - inv) / den
}

func add(m map[string]map[int]bool, version string, product int) {
	if m[version] == nil {
		m[version] = map[int]bool{}
	}
	m[version][product] = true
}

// factor is the largest number of the ni products sharing one version,
// over ni.
func factor(versions map[string]map[int]bool, ni float64) float64 {
	best := 0
	for _, ps := range versions {
		best = max(best, len(ps))
	}
	return float64(best) / ni
}

// reuse fills the reuse rate of each product and returns their mean.
func reuse(f Family, out map[string]float64) float64 {
	users := map[string]int{}
	for _, parts := range f.Parts {
		for _, p := range distinctOf(parts) {
			users[p]++
		}
	}
	var sum float64
	for j, parts := range f.Parts {
		distinct := distinctOf(parts)
		if len(distinct) == 0 {
			out[f.Products[j]] = 0
			continue
		}
		shared := 0
		for _, p := range distinct {
			if users[p] > 1 || f.Elsewhere[p] {
				shared++
			}
		}
		r := float64(shared) / float64(len(distinct))
		out[f.Products[j]] = r
		sum += r
	}
	if len(f.Parts) == 0 {
		return 0
	}
	return sum / float64(len(f.Parts))
}

func distinctOf(ids []string) []string {
	s := slices.Clone(ids)
	slices.Sort(s)
	return slices.Compact(s)
}

// Merge applies a proposal to the family: every part in merge is replaced
// by the part it maps to (a duplicate by its group's master), in the BOM
// trees and the part lists; types, materials and processes follow the
// master. The family itself is not changed.
func (f Family) Merge(merge map[string]string) Family {
	to := func(id string) string {
		for range 64 { // chains of merges end at their last target
			next, ok := merge[id]
			if !ok || next == id {
				return id
			}
			id = next
		}
		return id
	}
	g := Family{
		Products: slices.Clone(f.Products), Uses: map[string][]string{}, Parts: make([][]string, len(f.Parts)),
		Type: f.Type, Material: f.Material, Process: f.Process, Elsewhere: map[string]bool{},
	}
	for parent, kids := range f.Uses {
		p := to(parent)
		for _, k := range kids {
			g.Uses[p] = append(g.Uses[p], to(k))
		}
		g.Uses[p] = distinctOf(g.Uses[p])
	}
	for j, parts := range f.Parts {
		for _, p := range parts {
			g.Parts[j] = append(g.Parts[j], to(p))
		}
		g.Parts[j] = distinctOf(g.Parts[j])
	}
	for p, ok := range f.Elsewhere {
		if ok {
			g.Elsewhere[to(p)] = true
		}
	}
	return g
}
