package scale

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"slices"

	"github.com/cbb-alliance/cbb/layers/model"
	"github.com/cbb-alliance/cbb/rationalize/matrix"
)

// Profile holds the distributions of a real product x part incidence that
// Generate draws from. Samples are kept whole (sorted) rather than fitted,
// except the popularity tail, which has to be extrapolated far beyond the
// few dozen products the real data has.
type Profile struct {
	// Products and Parts are the size of the incidence learned from.
	Products, Parts int
	// PartsPerProduct is the sorted sample of leaf parts per product.
	PartsPerProduct []int
	// FamilySizes is the sorted sample of products per family; a product
	// of no family is a family of one.
	FamilySizes []int
	// Popularity is the sorted sample of products per part.
	Popularity []int
	// Alpha is the exponent of the power law P(k) ~ k^-Alpha fitted to
	// Popularity (discrete maximum likelihood, k >= 1).
	Alpha float64
	// Local is the share of part uses whose part no product outside the
	// user's family uses: how strongly families keep to their own parts.
	Local float64
}

// Learn reads the profile of every product in the store: the incidence of
// the whole alliance, and the families from their variant edges.
func Learn(ctx context.Context, src matrix.Source) (Profile, error) {
	m, err := matrix.Build(ctx, src, matrix.Scope{})
	if err != nil {
		return Profile{}, fmt.Errorf("learn: incidence: %w", err)
	}
	row := make(map[model.ItemID]int, len(m.Rows))
	for i, it := range m.Rows {
		row[it.ID] = i
	}
	var fams []model.Item
	err = src.Items(ctx, model.LevelFamily, func(it model.Item) error {
		fams = append(fams, it)
		return nil
	})
	if err != nil {
		return Profile{}, fmt.Errorf("learn: families: %w", err)
	}
	// Families in id order, so a product of two families gets the same one
	// on every run.
	slices.SortFunc(fams, func(a, b model.Item) int { return cmp.Compare(a.ID, b.ID) })
	family := make([]int, len(m.Rows))
	for i := range family {
		family[i] = -1
	}
	for f, it := range fams {
		kids, err := src.Children(ctx, it.ID)
		if err != nil {
			return Profile{}, fmt.Errorf("learn: variants of %s: %w", it.ID, err)
		}
		for _, e := range kids {
			if i, ok := row[e.Child]; ok && e.Kind == model.Variant && family[i] < 0 {
				family[i] = f
			}
		}
	}
	return LearnIncidence(m, family)
}

// LearnIncidence reads the profile of an incidence whose row i belongs to
// family[i] (negative: no family). Empty rows are left out.
func LearnIncidence(m *matrix.Incidence, family []int) (Profile, error) {
	if len(family) != len(m.Cells) {
		return Profile{}, model.Errorf(model.Invalid, "learn: %d family labels for %d products", len(family), len(m.Cells))
	}
	// Products of no family become families of their own.
	fam := make([]int, len(family))
	next := len(family) + slices.Max(append([]int{0}, family...)) + 1
	for i, f := range family {
		fam[i] = f
		if f < 0 {
			fam[i] = next + i
		}
	}
	p := Profile{Parts: len(m.Cols)}
	sizes := map[int]int{}
	// colFam is the one family using a column, or -2 once two do.
	colFam := make([]int, len(m.Cols))
	for i := range colFam {
		colFam[i] = -1
	}
	for i, r := range m.Cells {
		if len(r) == 0 {
			continue
		}
		p.Products++
		p.PartsPerProduct = append(p.PartsPerProduct, len(r))
		sizes[fam[i]]++
		for _, e := range r {
			switch colFam[e.Col] {
			case -1:
				colFam[e.Col] = fam[i]
			case fam[i], -2:
			default:
				colFam[e.Col] = -2
			}
		}
	}
	if p.Products == 0 {
		return Profile{}, model.Errorf(model.Invalid, "learn: the incidence has no parts")
	}
	var uses, local int
	for _, r := range m.Cells {
		for _, e := range r {
			uses++
			if colFam[e.Col] >= 0 {
				local++
			}
		}
	}
	p.Local = float64(local) / float64(uses)
	for _, n := range sizes {
		p.FamilySizes = append(p.FamilySizes, n)
	}
	for _, c := range m.ColCounts() {
		if c > 0 {
			p.Popularity = append(p.Popularity, c)
		}
	}
	slices.Sort(p.PartsPerProduct)
	slices.Sort(p.FamilySizes)
	slices.Sort(p.Popularity)
	p.Alpha = powerLawAlpha(p.Popularity)
	return p, nil
}

// powerLawAlpha is the discrete maximum-likelihood exponent for k >= 1
// (Clauset, Shalizi and Newman 2009, eq. 3.7).
func powerLawAlpha(ks []int) float64 {
	var s float64
	for _, k := range ks {
		s += math.Log(float64(k) / 0.5)
	}
	return 1 + float64(len(ks))/s
}

// String summarizes the profile in one line.
func (p Profile) String() string {
	return fmt.Sprintf("%d products x %d parts; parts/product median %d max %d; %d families, largest %d; popularity max %d, alpha %.2f; local share %.2f",
		p.Products, p.Parts, median(p.PartsPerProduct), slices.Max(p.PartsPerProduct),
		len(p.FamilySizes), slices.Max(p.FamilySizes), slices.Max(p.Popularity), p.Alpha, p.Local)
}

func median(s []int) int {
	if len(s) == 0 {
		return 0
	}
	return s[len(s)/2]
}
