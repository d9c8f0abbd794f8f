package scale

import (
	"math"
	"math/rand/v2"
	"slices"

	"github.com/cbb-alliance/cbb/layers/model"
)

// Incidence is a large synthetic product x part incidence with its planted
// structure. It is lighter than matrix.Incidence: parts are numbers, not
// items.
type Incidence struct {
	// Parts is the number of parts (columns).
	Parts int
	// Rows lists each product's parts, ascending.
	Rows [][]int32
	// Family is each product's planted family.
	Family []int32
	// Home is each part's planted family: the family whose products draw
	// it as one of their own.
	Home []int32
}

// Ones is the number of product-part uses.
func (m *Incidence) Ones() int {
	n := 0
	for _, r := range m.Rows {
		n += len(r)
	}
	return n
}

// Popularity returns, per part, the number of products using it.
func (m *Incidence) Popularity() []int {
	c := make([]int, m.Parts)
	for _, r := range m.Rows {
		for _, j := range r {
			c[j]++
		}
	}
	return c
}

// Generate draws an incidence of the given size from the profile,
// determined by seed. It is a degree-corrected block model: products come
// in families whose sizes are drawn from FamilySizes; each product's part
// count is drawn from PartsPerProduct; every part has a home family (in
// proportion to the families' demand) and a heavy-tailed weight drawn from
// the power law of exponent Alpha. A product draws the Local share of its
// parts from its family's home parts (so the variants of a family share a
// core) and the rest from all parts by weight (so common parts such as
// fasteners become hubs used across families). Parts no product drew are
// given to one product of their home family, so every part is used.
func (p Profile) Generate(seed uint64, parts, products int) (*Incidence, error) {
	if parts < 1 || products < 1 || len(p.PartsPerProduct) == 0 || len(p.FamilySizes) == 0 {
		return nil, model.Errorf(model.Invalid, "generate %d x %d: empty size or profile", parts, products)
	}
	if p.Alpha <= 1 || p.Local < 0 || p.Local > 1 {
		return nil, model.Errorf(model.Invalid, "generate: alpha %.3f or local share %.3f out of range", p.Alpha, p.Local)
	}
	rng := rand.New(rand.NewPCG(seed, 0x7363616c65))
	m := &Incidence{Parts: parts, Rows: make([][]int32, products), Family: make([]int32, products)}
	size := make([]int, products)
	for i := range size {
		size[i] = min(p.PartsPerProduct[rng.IntN(len(p.PartsPerProduct))], parts)
	}
	first := plantFamilies(rng, p.FamilySizes, m.Family)
	homeStart := homeRanges(p.Local, size, first, parts)
	m.Home = make([]int32, parts)
	for f := range len(first) - 1 {
		for j := homeStart[f]; j < homeStart[f+1]; j++ {
			m.Home[j] = int32(f)
		}
	}
	w := partWeights(rng, p.Alpha, parts)
	global := 0
	for _, n := range size {
		global += n - localDraws(p.Local, n)
	}
	capWeights(w, products, global)
	alias := newAlias(w)
	seen := make([]int32, parts) // product index + 1 that last drew each part
	for i := range m.Rows {
		f := m.Family[i]
		row := drawLocal(rng, w, homeStart[f], homeStart[f+1], localDraws(p.Local, size[i]))
		for _, j := range row {
			seen[j] = int32(i + 1)
		}
		// Rejection keeps the global draws distinct; the cap on weights keeps
		// it short. A bound stops pathological profiles all the same.
		for tries := 0; len(row) < size[i] && tries < 50*size[i]; tries++ {
			j := alias.draw(rng)
			if seen[j] != int32(i+1) {
				seen[j] = int32(i + 1)
				row = append(row, j)
			}
		}
		m.Rows[i] = row
	}
	giveUnused(rng, m, first, seen)
	for _, r := range m.Rows {
		slices.Sort(r)
	}
	return m, nil
}

// plantFamilies labels products with families of sizes drawn from sizes
// and returns the first product of each family, plus len(family) at the
// end.
func plantFamilies(rng *rand.Rand, sizes []int, family []int32) []int {
	var first []int
	for i := 0; i < len(family); {
		first = append(first, i)
		n := sizes[rng.IntN(len(sizes))]
		for j := i; j < min(i+n, len(family)); j++ {
			family[j] = int32(len(first) - 1)
		}
		i += n
	}
	return append(first, len(family))
}

func localDraws(local float64, n int) int {
	return int(math.Round(local * float64(n)))
}

// homeRanges splits the parts into contiguous home ranges, one per family,
// in proportion to the family's local draws, each at least one part.
func homeRanges(local float64, size, first []int, parts int) []int {
	nf := len(first) - 1
	demand := make([]float64, nf)
	var total float64
	for f := range nf {
		for i := first[f]; i < first[f+1]; i++ {
			demand[f] += float64(max(localDraws(local, size[i]), 1))
		}
		total += demand[f]
	}
	start := make([]int, nf+1)
	var acc float64
	for f := range nf {
		acc += demand[f]
		start[f+1] = min(max(int(math.Round(acc/total*float64(parts))), start[f]+1), parts)
	}
	start[nf] = parts
	return start
}

// partWeights draws Pareto weights of tail exponent alpha (minimum 1) in a
// shuffled order, so heavy parts land in random families.
func partWeights(rng *rand.Rand, alpha float64, n int) []float64 {
	w := make([]float64, n)
	for j := range w {
		w[j] = math.Pow(1-rng.Float64(), -1/(alpha-1))
	}
	return w
}

// capWeights keeps every part's expected number of global draws below
// half the products, so distinct draws stay cheap to find.
func capWeights(w []float64, products, draws int) {
	if draws == 0 {
		return
	}
	var sum float64
	for _, x := range w {
		sum += x
	}
	top := 0.5 * float64(products) * sum / float64(draws)
	for j := range w {
		w[j] = min(w[j], top)
	}
}

// drawLocal draws k distinct parts of [lo, hi) with probability growing
// with weight (Efraimidis-Spirakis keys).
func drawLocal(rng *rand.Rand, w []float64, lo, hi, k int) []int32 {
	k = min(k, hi-lo)
	type keyed struct {
		key float64
		j   int32
	}
	ks := make([]keyed, 0, hi-lo)
	for j := lo; j < hi; j++ {
		ks = append(ks, keyed{math.Log(1-rng.Float64()) / w[j], int32(j)})
	}
	slices.SortFunc(ks, func(a, b keyed) int {
		if a.key != b.key {
			if a.key > b.key {
				return -1
			}
			return 1
		}
		return int(a.j - b.j)
	})
	out := make([]int32, 0, k)
	for _, x := range ks[:k] {
		out = append(out, x.j)
	}
	return out
}

// giveUnused gives every part no product drew to one product of its home
// family.
func giveUnused(rng *rand.Rand, m *Incidence, first []int, seen []int32) {
	for j, s := range seen {
		if s != 0 {
			continue
		}
		f := m.Home[j]
		i := first[f] + rng.IntN(first[f+1]-first[f])
		m.Rows[i] = append(m.Rows[i], int32(j))
	}
}

// alias is Vose's alias table: O(1) draws from a discrete distribution.
type alias struct {
	prob  []float64
	alias []int32
}

func newAlias(w []float64) *alias {
	n := len(w)
	a := &alias{prob: make([]float64, n), alias: make([]int32, n)}
	var sum float64
	for _, x := range w {
		sum += x
	}
	scaled := make([]float64, n)
	var small, large []int32
	for j, x := range w {
		scaled[j] = x * float64(n) / sum
		if scaled[j] < 1 {
			small = append(small, int32(j))
		} else {
			large = append(large, int32(j))
		}
	}
	for len(small) > 0 && len(large) > 0 {
		s, l := small[len(small)-1], large[len(large)-1]
		small = small[:len(small)-1]
		a.prob[s], a.alias[s] = scaled[s], l
		scaled[l] += scaled[s] - 1
		if scaled[l] < 1 {
			large = large[:len(large)-1]
			small = append(small, l)
		}
	}
	for _, j := range append(small, large...) {
		a.prob[j], a.alias[j] = 1, j
	}
	return a
}

func (a *alias) draw(rng *rand.Rand) int32 {
	j := rng.IntN(len(a.prob))
	if rng.Float64() < a.prob[j] {
		return int32(j)
	}
	return a.alias[j]
}
