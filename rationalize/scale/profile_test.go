package scale

import (
	"math"
	"slices"
	"testing"

	"github.com/cbb-alliance/cbb/layers/model"
	"github.com/cbb-alliance/cbb/rationalize/matrix"
)

// The profile of the real BOMs: a few dozen products of a few dozen to a
// few hundred parts, families of up to six variants, part popularity with
// a power-law tail, and about half of all part uses kept within a family.
func TestLearnRealData(t *testing.T) {
	p := realProfile(t)
	t.Log(p)
	if p.Products < 50 || p.Parts < 1000 {
		t.Errorf("%d products, %d parts: fewer than the four datasets hold", p.Products, p.Parts)
	}
	if got := slices.Max(p.FamilySizes); got < 5 {
		t.Errorf("largest family %d, want the six Mendel90 variants", got)
	}
	if median(p.PartsPerProduct) < 20 || slices.Max(p.PartsPerProduct) < 200 {
		t.Errorf("parts per product %v", p.PartsPerProduct)
	}
	if p.Alpha < 1.5 || p.Alpha > 3 {
		t.Errorf("alpha %.2f outside the heavy-tailed range", p.Alpha)
	}
	if p.Local < 0.3 || p.Local > 0.8 {
		t.Errorf("local share %.2f", p.Local)
	}
	if len(p.Popularity) != p.Parts {
		t.Errorf("%d popularities for %d parts", len(p.Popularity), p.Parts)
	}
}

func cells(rows ...[]int) [][]matrix.Entry {
	out := make([][]matrix.Entry, len(rows))
	for i, r := range rows {
		for _, c := range r {
			out[i] = append(out[i], matrix.Entry{Col: c, Qty: 1})
		}
	}
	return out
}

func TestLearnIncidence(t *testing.T) {
	tests := []struct {
		name      string
		rows      [][]int
		cols      int
		family    []int
		sizes     []int
		local     float64
		wantError bool
	}{
		// Products 0 and 1 form a family sharing part 0; part 1 is shared
		// across families; parts 2 and 3 are their own: 4 of 6 uses local.
		{"family and loner", [][]int{{0, 1}, {0, 2}, {1, 3}}, 4, []int{7, 7, -1}, []int{1, 2}, 4.0 / 6, false},
		{"all loners", [][]int{{0}, {0}}, 1, []int{-1, -1}, []int{1, 1}, 0, false},
		{"empty row left out", [][]int{{0}, {}}, 1, []int{-1, -1}, []int{1}, 1, false},
		{"labels short", [][]int{{0}}, 1, nil, nil, 0, true},
		{"no parts", [][]int{{}}, 0, []int{-1}, nil, 0, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := &matrix.Incidence{Cols: make([]model.Item, tt.cols), Cells: cells(tt.rows...)}
			p, err := LearnIncidence(m, tt.family)
			if tt.wantError {
				if err == nil {
					t.Fatalf("no error, profile %+v", p)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(p.FamilySizes, tt.sizes) || math.Abs(p.Local-tt.local) > 1e-12 {
				t.Errorf("sizes %v local %.3f, want %v %.3f", p.FamilySizes, p.Local, tt.sizes, tt.local)
			}
		})
	}
}

// The part uses counted by product and by part agree.
func TestLearnUsesAgree(t *testing.T) {
	p := realProfile(t)
	sum := 0
	for _, n := range p.PartsPerProduct {
		sum += n
	}
	pop := 0
	for _, n := range p.Popularity {
		pop += n
	}
	if sum != pop {
		t.Errorf("%d uses by products, %d by parts", sum, pop)
	}
}
