package scale

import (
	"slices"
	"testing"
)

func TestGenerate(t *testing.T) {
	p := realProfile(t)
	tests := []struct{ parts, products int }{{2000, 200}, {10000, 1000}, {5000, 200}}
	for _, tt := range tests {
		m, err := p.Generate(7, tt.parts, tt.products)
		if err != nil {
			t.Fatal(err)
		}
		if m.Parts != tt.parts || len(m.Rows) != tt.products || len(m.Family) != tt.products || len(m.Home) != tt.parts {
			t.Fatalf("%dx%d: got %d parts, %d rows", tt.parts, tt.products, m.Parts, len(m.Rows))
		}
		for i, r := range m.Rows {
			if len(r) == 0 || !slices.IsSorted(r) || len(slices.Compact(slices.Clone(r))) != len(r) {
				t.Fatalf("row %d not a sorted set of parts: %v", i, r)
			}
		}
		pop := m.Popularity()
		if slices.Min(pop) < 1 {
			t.Errorf("%dx%d: a part no product uses", tt.parts, tt.products)
		}
		// Heavy tail: the most used parts (fasteners) are used far more than
		// the typical part.
		sorted := slices.Clone(pop)
		slices.Sort(sorted)
		if top, med := sorted[len(sorted)-1], sorted[len(sorted)/2]; top < 20*med {
			t.Errorf("%dx%d: popularity max %d, median %d: no heavy tail", tt.parts, tt.products, top, med)
		}
	}
}

// Families share a core: a good share of part uses go to parts homed in
// the user's family, where random homes would give about one in the
// number of families. The share falls short of the profile's Local when
// parts per product are fewer than in the real data (10 here, 29 there):
// a family's home parts run out and the rest is drawn across families.
func TestGeneratePlantsFamilies(t *testing.T) {
	p := realProfile(t)
	m, err := p.Generate(1, 10000, 1000)
	if err != nil {
		t.Fatal(err)
	}
	var local, uses int
	for i, r := range m.Rows {
		for _, j := range r {
			uses++
			if m.Home[j] == m.Family[i] {
				local++
			}
		}
	}
	share := float64(local) / float64(uses)
	families := float64(m.Family[len(m.Family)-1] + 1)
	if share < 0.2 || share > p.Local+0.05 || share < 50/families {
		t.Errorf("home share of uses %.3f, profile's local share %.3f, %v families", share, p.Local, families)
	}
}

func TestGenerateDeterministic(t *testing.T) {
	p := realProfile(t)
	a, _ := p.Generate(3, 3000, 300)
	b, _ := p.Generate(3, 3000, 300)
	c, _ := p.Generate(4, 3000, 300)
	same := func(x, y *Incidence) bool {
		return slices.EqualFunc(x.Rows, y.Rows, slices.Equal) && slices.Equal(x.Home, y.Home)
	}
	if !same(a, b) {
		t.Error("seed 3 twice: different incidences")
	}
	if same(a, c) {
		t.Error("seeds 3 and 4: same incidence")
	}
}

func TestGenerateRefuses(t *testing.T) {
	good := Profile{PartsPerProduct: []int{3}, FamilySizes: []int{2}, Alpha: 2, Local: 0.5}
	tests := []struct {
		name            string
		p               Profile
		parts, products int
	}{
		{"no parts", good, 0, 10},
		{"no products", good, 10, 0},
		{"empty profile", Profile{Alpha: 2}, 10, 10},
		{"alpha 1", Profile{PartsPerProduct: []int{3}, FamilySizes: []int{2}, Alpha: 1, Local: 0.5}, 10, 10},
		{"local above 1", Profile{PartsPerProduct: []int{3}, FamilySizes: []int{2}, Alpha: 2, Local: 1.5}, 10, 10},
	}
	for _, tt := range tests {
		if _, err := tt.p.Generate(1, tt.parts, tt.products); err == nil {
			t.Errorf("%s: no error", tt.name)
		}
	}
}
