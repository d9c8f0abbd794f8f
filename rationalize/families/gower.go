package families

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/cbb-alliance/cbb/layers/model"
)

// Options choose and weigh the attributes a Gower distance compares.
type Options struct {
	// Attributes names the attributes to compare. Nil means every number,
	// range or enum attribute present in at least MinCoverage of the items;
	// free-text attributes (identifiers, datasheet links) are compared only
	// when named here.
	Attributes []string
	// MinCoverage is the share of items that must have an attribute for it
	// to be chosen automatically; 0 means 0.5.
	MinCoverage float64
	// Weights weigh attributes by name; an attribute not listed weighs 1,
	// and one listed with weight 0 is left out.
	Weights map[string]float64
	// LogScale forces the scale of a numeric attribute: true compares
	// log10 values, false linear ones. Attributes not listed are decided by
	// LogRatio.
	LogScale map[string]bool
	// LogRatio is the automatic rule: a numeric attribute with no negative
	// value whose largest value is at least LogRatio times its smallest
	// positive one is compared on a log scale, zeros counting as a decade
	// below the smallest positive value. 0 means 100 (two decades); a
	// negative value turns the rule off.
	LogRatio float64
}

func (o Options) minCoverage() float64 {
	if o.MinCoverage <= 0 {
		return 0.5
	}
	return o.MinCoverage
}

func (o Options) logRatio() float64 {
	if o.LogRatio == 0 {
		return 100
	}
	return o.LogRatio
}

// VarKind is how a variable's values are compared.
type VarKind string

// The variable kinds.
const (
	// Numeric variables compare numbers and ranges: the larger of the
	// differences of the lower and of the upper bounds, divided by the
	// variable's range over all items (for plain numbers, |x-y|/R).
	Numeric VarKind = "numeric"
	// Categorical variables compare values for equality, ignoring case.
	Categorical VarKind = "categorical"
)

// Variable is one attribute as Gower compared it.
type Variable struct {
	Name   string  `json:"name"`
	Kind   VarKind `json:"kind"`
	Weight float64 `json:"weight"`
	// Coverage is the share of items that have a value of this kind.
	Coverage float64 `json:"coverage"`
	// Log tells whether numbers were compared as log10 values.
	Log bool `json:"log,omitempty"`
	// Min and Max bound the numeric values, in the attribute's SI unit.
	Min  float64 `json:"min,omitempty"`
	Max  float64 `json:"max,omitempty"`
	Unit string  `json:"unit,omitempty"`
	// Levels is the number of distinct categorical values.
	Levels int `json:"levels,omitempty"`
	// Alias names the variable this one restates (a categorical variable
	// whose values correspond one to one with a numeric one's); the two
	// share their weight.
	Alias string `json:"alias,omitempty"`
}

// Condensed is a symmetric distance matrix over N items with a zero
// diagonal, stored as its upper triangle row by row (the layout of SciPy's
// pdist): D holds d(0,1), d(0,2)..d(0,N-1), d(1,2)...
type Condensed struct {
	N int
	D []float64
}

// NewCondensed returns an all-zero matrix over n items.
func NewCondensed(n int) Condensed {
	return Condensed{N: n, D: make([]float64, n*(n-1)/2)}
}

// Index is the position of d(i,j), i != j, in D.
func (c Condensed) Index(i, j int) int {
	if i > j {
		i, j = j, i
	}
	return i*c.N - i*(i+1)/2 + j - i - 1
}

// At returns d(i,j).
func (c Condensed) At(i, j int) float64 {
	if i == j {
		return 0
	}
	return c.D[c.Index(i, j)]
}

// Gower returns the Gower (1971) distances between items, 1 minus the
// weighted mean similarity over the variables both items have, and the
// variables compared. As in Gower's definition, a variable on which all
// items agree still counts (it makes items that have it more alike than
// items that do not). Two items that share no variable are at distance 1.
//
// It returns a model.Error with code Invalid when a named attribute has no
// value on any item or a weight is negative.
func Gower(items []model.Item, opt Options) (Condensed, []Variable, error) {
	cols, err := columns(items, opt)
	if err != nil {
		return Condensed{}, nil, err
	}
	vars := make([]Variable, len(cols))
	for k, c := range cols {
		vars[k] = c.Variable
	}
	return distances(len(items), cols), vars, nil
}

// column holds one variable's values for every item: numbers as lo/hi
// (NaN when missing) already scaled by the range, categories as codes (-1
// when missing).
type column struct {
	Variable
	lo, hi []float64
	code   []int32
}

func (c *column) present(i int) bool {
	if c.Kind == Numeric {
		return !math.IsNaN(c.lo[i])
	}
	return c.code[i] >= 0
}

// columns chooses the variables and reads their values.
func columns(items []model.Item, opt Options) ([]*column, error) {
	names := opt.Attributes
	named := names != nil
	if !named {
		names = commonAttributes(items, opt.minCoverage())
	}
	var cols []*column
	for _, name := range names {
		w := 1.0
		if x, ok := opt.Weights[name]; ok {
			if x < 0 || math.IsNaN(x) {
				return nil, model.Errorf(model.Invalid, "attribute %s: weight %v is negative", name, x)
			}
			w = x
		}
		if w == 0 {
			continue
		}
		c := readColumn(items, name, opt)
		if c == nil {
			if named {
				return nil, model.Errorf(model.Invalid, "attribute %s: no item has it", name)
			}
			continue
		}
		c.Weight = w
		cols = append(cols, c)
	}
	shareAliases(cols, opt.Weights)
	return cols, nil
}

// shareAliases halves the weights of a categorical variable that only
// names the values of a numeric one (thread M3 <-> diameter 3 mm) and of
// that numeric variable, so the size they both state counts once, not
// twice against attributes stated once (head, standard). Weights the
// caller set are left alone.
func shareAliases(cols []*column, weights map[string]float64) {
	for _, c := range cols {
		if _, set := weights[c.Name]; set || c.Kind != Categorical || c.Alias != "" {
			continue
		}
		for _, n := range cols {
			if _, set := weights[n.Name]; set || n.Kind != Numeric || n.Alias != "" {
				continue
			}
			if aliases(c, n) {
				c.Alias, n.Alias = n.Name, c.Name
				c.Weight /= 2
				n.Weight /= 2
				break
			}
		}
	}
}

// aliases reports whether, on the items that have both, the categories of
// c and the values of n correspond one to one, over at least three
// categories seen on two items each on average: any few distinct values
// correspond one to one by chance, repeated pairings do not.
func aliases(c, n *column) bool {
	toValue := map[int32][2]float64{}
	toCode := map[[2]float64]int32{}
	both := 0
	for i, code := range c.code {
		if code < 0 || math.IsNaN(n.lo[i]) {
			continue
		}
		both++
		v := [2]float64{n.lo[i], n.hi[i]}
		if w, ok := toValue[code]; ok && w != v {
			return false
		}
		if k, ok := toCode[v]; ok && k != code {
			return false
		}
		toValue[code], toCode[v] = v, code
	}
	return len(toValue) >= 3 && both >= 2*len(toValue)
}

// commonAttributes lists, sorted, the number, range and enum attributes
// present in at least share of the items.
func commonAttributes(items []model.Item, share float64) []string {
	count := map[string]int{}
	for i := range items {
		for _, a := range items[i].Attributes {
			if a.Kind != model.Text {
				count[a.Name]++
			}
		}
	}
	var names []string
	for name, n := range count {
		if float64(n) >= share*float64(len(items)) {
			names = append(names, name)
		}
	}
	slices.Sort(names)
	return names
}

// readColumn reads attribute name of every item. The variable is numeric
// when most values are numbers or ranges; values of the other kind then
// count as missing. A categorical variable compares numbers by their text.
func readColumn(items []model.Item, name string, opt Options) *column {
	numeric, other := 0, 0
	for i := range items {
		if a, ok := items[i].Attr(name); ok {
			if a.Kind == model.Number || a.Kind == model.Range {
				numeric++
			} else {
				other++
			}
		}
	}
	if numeric+other == 0 {
		return nil
	}
	n := float64(len(items))
	if numeric >= other {
		c := &column{Variable: Variable{Name: name, Kind: Numeric, Coverage: float64(numeric) / n}}
		c.readNumbers(items, opt)
		return c
	}
	c := &column{Variable: Variable{Name: name, Kind: Categorical, Coverage: float64(other) / n}}
	c.readCategories(items)
	return c
}

func (c *column) readNumbers(items []model.Item, opt Options) {
	c.lo, c.hi = make([]float64, len(items)), make([]float64, len(items))
	c.Min, c.Max = math.Inf(1), math.Inf(-1)
	minPositive := math.Inf(1)
	for i := range items {
		c.lo[i], c.hi[i] = math.NaN(), math.NaN()
		a, ok := items[i].Attr(c.Name)
		if !ok || (a.Kind != model.Number && a.Kind != model.Range) {
			continue
		}
		hi := a.Value
		if a.Kind == model.Range {
			hi = a.Max
		}
		c.lo[i], c.hi[i] = a.Value, hi
		c.Min, c.Max = min(c.Min, a.Value), max(c.Max, hi)
		if a.Value > 0 {
			minPositive = min(minPositive, a.Value)
		} else if hi > 0 {
			minPositive = min(minPositive, hi)
		}
		if c.Unit == "" {
			c.Unit = a.Unit
		}
	}
	c.Log = c.useLog(opt, minPositive)
	c.scale(minPositive / 10)
}

// useLog decides the scale. Zeros (0 Ω jumpers) do not rule out a log
// scale, negative values do: they are not magnitudes.
func (c *column) useLog(opt Options, minPositive float64) bool {
	if c.Min < 0 || math.IsInf(minPositive, 1) {
		return false
	}
	if forced, ok := opt.LogScale[c.Name]; ok {
		return forced
	}
	r := opt.logRatio()
	return r > 0 && c.Max >= r*minPositive
}

// scale maps every value to [0, 1] over the variable's range, on a log
// scale with zeros put at floor, a decade below the smallest positive value.
func (c *column) scale(floor float64) {
	tr := func(x float64) float64 { return x }
	if c.Log {
		tr = func(x float64) float64 { return math.Log10(max(x, floor)) }
	}
	lo, span := tr(c.Min), tr(c.Max)-tr(c.Min)
	for i := range c.lo {
		if math.IsNaN(c.lo[i]) {
			continue
		}
		if span > 0 {
			c.lo[i], c.hi[i] = (tr(c.lo[i])-lo)/span, (tr(c.hi[i])-lo)/span
		} else {
			c.lo[i], c.hi[i] = 0, 0
		}
	}
}

// separates reports whether the variable has two different values.
func (c *column) separates() bool {
	if c.Kind == Categorical {
		return c.Levels > 1
	}
	return c.Max > c.Min
}

func (c *column) readCategories(items []model.Item) {
	c.code = make([]int32, len(items))
	codes := map[string]int32{}
	for i := range items {
		c.code[i] = -1
		a, ok := items[i].Attr(c.Name)
		if !ok {
			continue
		}
		v := strings.ToLower(strings.TrimSpace(a.String()))
		if v == "" {
			continue
		}
		code, ok := codes[v]
		if !ok {
			code = int32(len(codes))
			codes[v] = code
		}
		c.code[i] = code
	}
	c.Levels = len(codes)
}

// distances fills the condensed matrix one row at a time, variable by
// variable, so the inner loops run over contiguous slices.
func distances(n int, cols []*column) Condensed {
	d := NewCondensed(n)
	num := make([]float64, n)
	den := make([]float64, n)
	for i := 0; i < n-1; i++ {
		clear(num[i+1:])
		clear(den[i+1:])
		for _, c := range cols {
			c.accumulate(i, num, den)
		}
		row := d.D[d.Index(i, i+1):]
		for j := i + 1; j < n; j++ {
			if den[j] > 0 {
				row[j-i-1] = num[j] / den[j]
			} else {
				row[j-i-1] = 1
			}
		}
	}
	return d
}

// accumulate adds the variable's weighted dissimilarities between item i
// and every later item that both have it.
func (c *column) accumulate(i int, num, den []float64) {
	w := c.Weight
	if c.Kind == Categorical {
		ci := c.code[i]
		if ci < 0 {
			return
		}
		for j := i + 1; j < len(c.code); j++ {
			cj := c.code[j]
			if cj < 0 {
				continue
			}
			den[j] += w
			if cj != ci {
				num[j] += w
			}
		}
		return
	}
	lo, hi := c.lo[i], c.hi[i]
	if math.IsNaN(lo) {
		return
	}
	for j := i + 1; j < len(c.lo); j++ {
		if math.IsNaN(c.lo[j]) {
			continue
		}
		den[j] += w
		num[j] += w * max(math.Abs(lo-c.lo[j]), math.Abs(hi-c.hi[j]))
	}
}

// String describes the variable for reports.
func (v Variable) String() string {
	switch {
	case v.Kind == Categorical:
		return fmt.Sprintf("%s (categorical, %d values, %.0f%% of items, weight %g)", v.Name, v.Levels, 100*v.Coverage, v.Weight)
	case v.Log:
		return fmt.Sprintf("%s (log, %s..%s, %.0f%% of items, weight %g)", v.Name, formatSI(v.Min, v.Unit), formatSI(v.Max, v.Unit), 100*v.Coverage, v.Weight)
	}
	return fmt.Sprintf("%s (linear, %s..%s, %.0f%% of items, weight %g)", v.Name, formatSI(v.Min, v.Unit), formatSI(v.Max, v.Unit), 100*v.Coverage, v.Weight)
}
