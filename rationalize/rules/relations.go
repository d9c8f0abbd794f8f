package rules

import (
	"cmp"
	"context"
	"fmt"
	"maps"
	"math"
	"slices"

	"gonum.org/v1/gonum/stat"

	"github.com/cbb-alliance/cbb/layers/model"
)

// ParameterRelations finds, inside each class of items (a family's parts,
// a class of the catalogue), relations between attributes that hold
// across the items, as constraint rules:
//
//   - a number that follows another by a linear or power law with R² of
//     at least MinFit: `abs(length - (0.5 * width + 0.003)) <= 0.0002`,
//     the tolerance the largest residual;
//   - a number always larger than another of the same unit, with their
//     ratio within a factor 3, bounded by the smallest ratio:
//     `outer_diameter >= 1.5 * bore`;
//   - an enum that fixes a number: every value's numbers lie within
//     MaxSpread of their median (thread M3 -> diameter 3 mm), one rule per
//     enum value with Condition `thread == "M3"` and Expression
//     `diameter == 0.003` or a range.
//
// A relation must rest on at least MinItems items. Numbers are compared in
// the SI units the model stores. Rules come sorted by class, then count,
// then fit. ParameterRelations returns a model.Error with code invalid for
// bad options, and ctx's error when it is cancelled.
func ParameterRelations(ctx context.Context, items []model.Item, opt Options) ([]Rule, error) {
	opt, err := opt.withDefaults()
	if err != nil {
		return nil, err
	}
	classes := map[model.ClassPath][]*model.Item{}
	for i := range items {
		classes[items[i].Class] = append(classes[items[i].Class], &items[i])
	}
	names := make([]model.ClassPath, 0, len(classes))
	for c := range classes {
		names = append(names, c)
	}
	slices.Sort(names)
	var out []Rule
	for _, c := range names {
		if err := ctx.Err(); err != nil {
			return nil, fmt.Errorf("parameter relations: %w", err)
		}
		out = append(out, classRelations(c, classes[c], opt)...)
	}
	slices.SortStableFunc(out, func(a, b Rule) int {
		if c := cmp.Compare(a.Scope, b.Scope); c != 0 {
			return c
		}
		if c := cmp.Compare(b.Count, a.Count); c != 0 {
			return c
		}
		return cmp.Compare(b.Fit, a.Fit)
	})
	return capRules(out, opt.MaxRules), nil
}

// columns are a class's attributes: numbers by name (NaN where an item
// lacks one), enum texts by name ("" where absent), and units.
type columns struct {
	nums  map[string][]float64
	enums map[string][]string
	units map[string]string
}

func readColumns(its []*model.Item, minItems int) columns {
	c := columns{nums: map[string][]float64{}, enums: map[string][]string{}, units: map[string]string{}}
	for i, it := range its {
		for _, a := range it.Attributes {
			switch a.Kind {
			case model.Number:
				col := c.nums[a.Name]
				if col == nil {
					col = make([]float64, len(its))
					for j := range col {
						col[j] = math.NaN()
					}
					c.nums[a.Name], c.units[a.Name] = col, a.Unit
				}
				col[i] = a.Value
			case model.Enum:
				if c.enums[a.Name] == nil {
					c.enums[a.Name] = make([]string, len(its))
				}
				c.enums[a.Name][i] = a.Text
			}
		}
	}
	for n, col := range c.nums {
		if countIf(col, func(v float64) bool { return !math.IsNaN(v) }) < minItems {
			delete(c.nums, n)
		}
	}
	for n, col := range c.enums {
		if len(col)-countIf(col, func(s string) bool { return s == "" }) < minItems {
			delete(c.enums, n)
		}
	}
	return c
}

func countIf[T any](s []T, f func(T) bool) int {
	n := 0
	for _, v := range s {
		if f(v) {
			n++
		}
	}
	return n
}

func classRelations(class model.ClassPath, its []*model.Item, opt Options) []Rule {
	c := readColumns(its, opt.MinItems)
	nums := slices.Sorted(maps.Keys(c.nums))
	var out []Rule
	for i, x := range nums {
		for _, y := range nums[i+1:] {
			var xs, ys []float64
			for k := range its {
				if vx, vy := c.nums[x][k], c.nums[y][k]; !math.IsNaN(vx) && !math.IsNaN(vy) {
					xs, ys = append(xs, vx), append(ys, vy)
				}
			}
			if len(xs) < opt.MinItems {
				continue
			}
			if r, ok := fitLaw(x, y, xs, ys, c.units, opt); ok {
				out = append(out, r)
			}
			if c.units[x] == "" || c.units[x] != c.units[y] {
				continue // a ratio of different quantities bounds nothing physical
			}
			if r, ok := ratioBound(x, y, xs, ys); ok {
				out = append(out, r)
			}
		}
	}
	for _, e := range slices.Sorted(maps.Keys(c.enums)) {
		for _, v := range nums {
			out = append(out, enumFixes(e, v, c.enums[e], c.nums[v], c.units[v], opt)...)
		}
	}
	for i := range out {
		out[i].Scope = class
		out[i].Support = float64(out[i].Count) / float64(len(its))
	}
	return out
}

// fitLaw fits y on x by least squares, linear and (all values positive)
// in log-log space, and keeps the better fit if it reaches MinFit.
func fitLaw(x, y string, xs, ys []float64, units map[string]string, opt Options) (Rule, bool) {
	if distinct(xs) < 3 || distinct(ys) < 2 {
		return Rule{}, false
	}
	// The law is written, and its tolerance measured, with the
	// coefficients rounded as printed, so the expression holds as written.
	a, b := stat.LinearRegression(xs, ys, nil, false)
	r2 := stat.RSquared(xs, ys, nil, a, b)
	a, b = roundSig(a, 4), roundSig(b, 4)
	text := num(b) + " * " + x
	if math.Abs(a) > 1e-3*meanAbs(ys) {
		text += signed(a)
	} else {
		a = 0
	}
	law := func(v float64) float64 { return b*v + a }
	if lx, ly, ok := logs(xs, ys); ok {
		la, lb := stat.LinearRegression(lx, ly, nil, false)
		if lr2 := stat.RSquared(lx, ly, nil, la, lb); lr2 > r2+1e-9 && math.Abs(lb-1) > 0.05 {
			k, p := roundSig(math.Exp(la), 4), roundSig(lb, 4)
			r2, law = lr2, func(v float64) float64 { return k * math.Pow(v, p) }
			text = num(k) + " * " + x + " ** " + num(p)
		}
	}
	if math.IsNaN(r2) || r2 < opt.MinFit {
		return Rule{}, false
	}
	tol := 1e-9 * meanAbs(ys)
	for i := range xs {
		tol = max(tol, math.Abs(ys[i]-law(xs[i])))
	}
	return Rule{
		Kind: Constraint, Antecedent: []string{x}, Consequent: []string{y},
		Expression: fmt.Sprintf("abs(%s - (%s)) <= %s", y, text, num(ceilSig(tol, 2))),
		Count:      len(xs), Confidence: 1, Fit: r2,
		Evidence: fmt.Sprintf("%s ≈ %s over %d items (R² %.3f, largest residual %s %s)",
			y, text, len(xs), r2, num(tol), units[y]),
	}, true
}

// maxRatioSpread is the widest ratio range (largest over smallest ratio)
// a bound is stated for: beyond it the two sizes vary independently and
// the bound says little (bearings' outer diameter over bore spans 2.2×,
// screws' length over diameter 7×).
const maxRatioSpread = 3

// ratioBound states that the larger of two positive numbers is at least
// their smallest ratio times the smaller, when one is larger throughout.
func ratioBound(x, y string, xs, ys []float64) (Rule, bool) {
	lo, hi := math.Inf(1), math.Inf(-1)
	for i := range xs {
		if xs[i] <= 0 || ys[i] <= 0 {
			return Rule{}, false
		}
		r := ys[i] / xs[i]
		lo, hi = min(lo, r), max(hi, r)
	}
	big, small, k, spread := y, x, lo, hi/lo
	switch {
	case spread > maxRatioSpread:
		return Rule{}, false
	case lo > 1:
	case hi < 1:
		big, small, k = x, y, 1/hi
	default:
		return Rule{}, false
	}
	return Rule{
		Kind: Constraint, Antecedent: []string{small}, Consequent: []string{big},
		Expression: fmt.Sprintf("%s >= %s * %s", big, num(floorSig(k, 2)), small),
		Count:      len(xs), Confidence: 1,
		Evidence: fmt.Sprintf("%s / %s ranges over %.3g..%.3g in %d items", big, small, k, k*spread, len(xs)),
	}, true
}

// enumFixes reports, when every value of enum e maps the items to numbers
// v within MaxSpread of their median, one rule per value.
func enumFixes(e, v string, es []string, vs []float64, unit string, opt Options) []Rule {
	groups := map[string][]float64{}
	var all []float64
	for i := range es {
		if es[i] != "" && !math.IsNaN(vs[i]) {
			groups[es[i]] = append(groups[es[i]], vs[i])
			all = append(all, vs[i])
		}
	}
	if len(all) < opt.MinItems || len(groups) < 2 || len(groups) == len(all) {
		return nil
	}
	// A value seen on one item agrees with itself and shows nothing: the
	// dependency needs a value shared by several items, and only shared
	// values become rules.
	shared := false
	for _, g := range groups {
		shared = shared || len(g) > 1
	}
	if !shared {
		return nil
	}
	total := ssd(all)
	if total <= 0 {
		return nil // a constant is not the enum's doing
	}
	within := 0.0
	for _, g := range groups {
		slices.Sort(g)
		med := g[len(g)/2]
		if (g[len(g)-1] - g[0]) > opt.MaxSpread*math.Abs(med) {
			return nil
		}
		within += ssd(g)
	}
	eta := 1 - within/total
	var out []Rule
	for _, val := range slices.Sorted(maps.Keys(groups)) {
		g := groups[val]
		if len(g) < 2 {
			continue
		}
		expr := fmt.Sprintf("%s == %s", v, num(g[0]))
		if g[0] != g[len(g)-1] {
			expr = fmt.Sprintf("%s >= %s && %s <= %s", v, num(g[0]), v, num(g[len(g)-1]))
		}
		out = append(out, Rule{
			Kind: Constraint, Antecedent: []string{e}, Consequent: []string{v},
			Condition: fmt.Sprintf("%s == %q", e, val), Expression: expr,
			Count: len(g), Confidence: 1, Fit: eta,
			Evidence: fmt.Sprintf("%s %s -> %s %s..%s %s in %d items; %s fixes %s across %d items in %d values (η² %.3f)",
				e, val, v, num(g[0]), num(g[len(g)-1]), unit, len(g), e, v, len(all), len(groups), eta),
		})
	}
	return out
}

// ssd is the sum of squared deviations from the mean.
func ssd(v []float64) float64 {
	m, s := stat.Mean(v, nil), 0.0
	for _, x := range v {
		s += (x - m) * (x - m)
	}
	return s
}

func distinct(v []float64) int {
	s := slices.Clone(v)
	slices.Sort(s)
	return len(slices.Compact(s))
}

func meanAbs(v []float64) float64 {
	s := 0.0
	for _, x := range v {
		s += math.Abs(x)
	}
	return s / float64(len(v))
}

func logs(xs, ys []float64) (lx, ly []float64, ok bool) {
	for i := range xs {
		if xs[i] <= 0 || ys[i] <= 0 {
			return nil, nil, false
		}
		lx, ly = append(lx, math.Log(xs[i])), append(ly, math.Log(ys[i]))
	}
	return lx, ly, true
}

func signed(a float64) string {
	if a < 0 {
		return " - " + num(-a)
	}
	return " + " + num(a)
}

func floorSig(v float64, d int) float64 { return sigRound(v, d, math.Floor) }
func ceilSig(v float64, d int) float64  { return sigRound(v, d, math.Ceil) }

func sigRound(v float64, d int, f func(float64) float64) float64 {
	if v <= 0 || math.IsInf(v, 0) || math.IsNaN(v) {
		return v
	}
	p := math.Pow(10, float64(d)-math.Ceil(math.Log10(v)))
	return f(v*p) / p
}
