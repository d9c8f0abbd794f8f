package rationalize

import (
	"cmp"
	"context"
	"fmt"
	"io"
	"slices"

	"github.com/cbb-alliance/cbb/rationalize/dsm"
	"github.com/cbb-alliance/cbb/rationalize/matrix"
)

// ModulesParams are the parameters of the "modules" analysis.
type ModulesParams struct {
	Scope matrix.Scope `json:"scope"`
	Seed  uint64       `json:"seed"`
	// MinUse keeps the parts used by at least that many products (0: 2):
	// a part of one product co-occurs with nothing else in particular.
	MinUse int `json:"min_use,omitempty"`
	// Resolution of the modularity (0: 1).
	Resolution float64 `json:"resolution,omitempty"`
	// BusShare sets apart as the bus the parts used by at least this
	// share of the products (0: 0.5): platform parts used almost
	// everywhere, which would otherwise glue every module together.
	BusShare float64 `json:"bus_share,omitempty"`
}

// ModulesResult is the modules found in the scope's part co-occurrence
// graph: parts used together by the same products, with the bus (the
// platform parts used almost everywhere) set apart.
type ModulesResult struct {
	Scope            string         `json:"scope"`
	Parts            int            `json:"parts"`
	Modules          [][]string     `json:"modules"`
	Bus              []string       `json:"bus"`
	Modularity       float64        `json:"modularity"`
	CoordinationCost float64        `json:"coordination_cost"`
	DSM              *dsm.DSM       `json:"-"`
	Partition        *dsm.Partition `json:"-"`
}

func init() {
	register("modules", Modules, func(r *ModulesResult) string {
		return fmt.Sprintf("%d parts: %d modules, %d bus parts, modularity %.3f", r.Parts, len(r.Modules), len(r.Bus), r.Modularity)
	}, func(env Env, p ModulesParams) string { return scopeInput(env, p.Scope) })
}

// Modules clusters the scope's part co-occurrence graph with Louvain
// (gonum's community detection) after setting the bus (parts used by most
// products) apart, and scores
// the partition by modularity and Thebeau's coordination cost.
func Modules(ctx context.Context, env Env, p ModulesParams) (*ModulesResult, error) {
	env.progress("incidence", 0, 1)
	inc, err := matrix.Build(ctx, env.Store, p.Scope)
	if err != nil {
		return nil, err
	}
	minUse := p.MinUse
	if minUse == 0 {
		minUse = 2
	}
	counts := inc.ColCounts()
	index := map[int]int{}
	var names []string
	for j, c := range counts {
		if c >= minUse {
			index[j] = len(names)
			names = append(names, inc.Cols[j].Name)
		}
	}
	if len(names) < 3 {
		return nil, fmt.Errorf("modules of %s: %d parts used by %d or more products, too few to cluster", p.Scope, len(names), minUse)
	}
	pairs := map[[2]int]int{}
	for pair, n := range inc.Cooccurrence() {
		a, okA := index[pair[0]]
		b, okB := index[pair[1]]
		if okA && okB {
			pairs[[2]int{a, b}] = n
		}
	}
	d, err := dsm.FromPairs(names, pairs)
	if err != nil {
		return nil, err
	}
	env.progress("clustering", 0, 1)
	share := p.BusShare
	if share == 0 {
		share = 0.5
	}
	var bus []int
	for j, k := range index {
		if float64(counts[j]) >= share*float64(len(inc.Rows)) {
			bus = append(bus, k)
		}
	}
	slices.Sort(bus)
	res := p.Resolution
	if res == 0 {
		res = 1
	}
	part := dsm.Louvain(d, bus, res, p.Seed)
	r := &ModulesResult{
		Scope: p.Scope.String(), Parts: len(names), Modularity: dsm.Modularity(d, part),
		CoordinationCost: dsm.CoordinationCost(d, part, dsm.DefaultParams()).Total, DSM: d, Partition: &part,
	}
	for _, c := range part.Clusters() {
		var m []string
		for _, i := range c {
			m = append(m, names[i])
		}
		slices.Sort(m)
		r.Modules = append(r.Modules, m)
	}
	slices.SortStableFunc(r.Modules, func(a, b []string) int { return len(b) - len(a) })
	for _, i := range part.BusElements() {
		r.Bus = append(r.Bus, names[i])
	}
	slices.Sort(r.Bus)
	return r, nil
}

// pictureParts is the most parts the module picture shows: a DSM of
// hundreds of parts is megabytes of SVG and unreadable.
const pictureParts = 150

// WriteModulesSVG draws the co-occurrence DSM reordered by module; with
// more than pictureParts parts, each module shows its most connected
// parts, in proportion to its size.
func WriteModulesSVG(w io.Writer, r *ModulesResult) error {
	d, p := r.DSM, *r.Partition
	if d.Len() <= pictureParts {
		return dsm.WriteSVG(w, d, p)
	}
	degree := make([]float64, d.Len())
	for i := range d.Len() {
		for j := range d.Len() {
			degree[i] += d.At(i, j) + d.At(j, i)
		}
	}
	var keep []int
	var clusters [][]int
	for _, c := range p.Clusters() {
		c = slices.Clone(c)
		slices.SortStableFunc(c, func(a, b int) int { return cmp.Compare(degree[b], degree[a]) })
		n := max(1, len(c)*pictureParts/d.Len())
		var cl []int
		for _, i := range c[:min(n, len(c))] {
			cl = append(cl, len(keep))
			keep = append(keep, i)
		}
		clusters = append(clusters, cl)
	}
	var bus []int
	for _, i := range p.BusElements() {
		if len(bus) < pictureParts/10 {
			bus = append(bus, len(keep))
			keep = append(keep, i)
		}
	}
	names := make([]string, len(keep))
	for k, i := range keep {
		names[k] = d.Name(i)
	}
	sub := dsm.New(names)
	for a, i := range keep {
		for b, j := range keep {
			if w := d.At(i, j); w != 0 && a != b {
				sub.Set(a, b, w)
			}
		}
	}
	sp, err := dsm.NewPartition(len(keep), clusters, bus)
	if err != nil {
		return err
	}
	return dsm.WriteSVG(w, sub, sp)
}
