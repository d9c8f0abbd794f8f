package cells

import (
	"context"
	"fmt"
	"runtime"
	"sync"
	"sync/atomic"
	"time"

	"github.com/cbb-alliance/cbb/layers/model"
)

// Options tune Solve. The zero value is a sound default.
type Options struct {
	// Seed makes a run reproducible: the same matrix, seed and budget give
	// the same solution, whatever Workers is.
	Seed uint64
	// Time caps the wall-clock time of the search; 0 means no cap. A run
	// cut short by it returns the best solution found so far, which may
	// then differ from run to run.
	Time time.Duration
	// MinCells and MaxCells bound the number of cells; 0 means 1 and
	// min(rows, cols), the most cells that can all be non-residual (on a
	// matrix so large that the search's per-cell counts would pass 128 MiB
	// per worker, fewer: as many as fit).
	MinCells, MaxCells int
	// Restarts caps the number of restarts; 0 means 400.
	Restarts int
	// Stagnation stops the search after that many restarts in a row that
	// find nothing better; 0 means 16 + (rows+cols)/2, at most 100.
	Stagnation int
	// Patience is the number of perturbations in a row without a new best
	// after which a restart ends; 0 means 50 + 2*(rows+cols), at most
	// 1000.
	Patience int
	// Target stops the search as soon as a solution reaches this efficacy;
	// 0 means no target.
	Target float64
	// Workers is the number of restarts run at once; 0 means GOMAXPROCS.
	Workers int
}

// maxCounts bounds the per-cell counts a worker keeps, (rows+cols) x
// cells int32s, when MaxCells is not given: 128 MiB.
const maxCounts = 1 << 25

// batch is the number of restarts run between two checks of the stopping
// rules; results are combined in restart order, so the outcome does not
// depend on which worker ran what.
const batch = 4

// Solve partitions m into cells maximizing grouping efficacy and returns
// the best solution found, its cells numbered in the order of their first
// row. It returns a model.Invalid error for a malformed matrix or an empty
// range of cells, and the context's error, with the best solution so far,
// when ctx ends first.
func Solve(ctx context.Context, m Matrix, opt Options) (Solution, error) {
	if err := m.Validate(); err != nil {
		return Solution{}, err
	}
	p := newProblem(m)
	lo, hi := max(opt.MinCells, 1), opt.MaxCells
	if hi == 0 || hi > p.maxK {
		hi = p.maxK
		if opt.MaxCells == 0 && (p.m+p.n)*hi > maxCounts {
			hi = max(lo, maxCounts/(p.m+p.n))
		}
	}
	if lo > hi {
		return Solution{}, model.Errorf(model.Invalid, "cell formation: %d..%d cells asked of a %dx%d matrix (at most %d non-residual cells)", opt.MinCells, opt.MaxCells, m.Rows, m.Cols, p.maxK)
	}
	opt = opt.withDefaults(p)
	parent := ctx
	if opt.Time > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, opt.Time)
		defer cancel()
	}
	r := &runner{p: p, opt: opt, lo: lo, hi: hi, ctx: ctx}
	best := r.run()
	sol := Solution{RowCell: make([]int, p.m), ColCell: make([]int, p.n)}
	for i, c := range best.rowCell {
		sol.RowCell[i] = int(c)
	}
	for j, c := range best.colCell {
		sol.ColCell[j] = int(c)
	}
	sol = sol.canonical()
	if err := parent.Err(); err != nil {
		return sol, fmt.Errorf("cell formation: %w", err)
	}
	return sol, nil
}

func (o Options) withDefaults(p *problem) Options {
	size := p.m + p.n
	if o.Restarts <= 0 {
		o.Restarts = 400
	}
	if o.Stagnation <= 0 {
		o.Stagnation = min(16+size/2, 100)
	}
	if o.Patience <= 0 {
		o.Patience = min(50+2*size, 1000)
	}
	if o.Workers <= 0 {
		o.Workers = runtime.GOMAXPROCS(0)
	}
	return o
}

type runner struct {
	p      *problem
	opt    Options
	lo, hi int
	ctx    context.Context
}

func (r *runner) stopped() bool { return r.ctx.Err() != nil }

// run runs restarts in batches until a stopping rule holds and returns the
// best partition, the earliest restart winning ties.
func (r *runner) run() snapshot {
	walkers := make([]*walker, min(r.opt.Workers, batch))
	for w := range walkers {
		walkers[w] = newWalker(r.p, r.lo, r.hi)
	}
	var best snapshot
	last := 0 // restart that last improved the best
	results := make([]snapshot, batch)
	for start := 0; start < r.opt.Restarts; start += batch {
		n := min(batch, r.opt.Restarts-start)
		r.runBatch(walkers, start, results[:n])
		for x := range n {
			if best.rowCell == nil || results[x].better(&best) {
				best = results[x]
				last = start + x
			}
		}
		reached := r.opt.Target > 0 && float64(best.num)/float64(best.den) >= r.opt.Target
		if reached || start+n-last > r.opt.Stagnation || r.stopped() {
			break
		}
	}
	return best
}

// runBatch runs restarts start..start+len(out)-1, restart x's result going
// to out[x-start]; each restart draws from its own random stream.
func (r *runner) runBatch(walkers []*walker, start int, out []snapshot) {
	var next atomic.Int64
	var wg sync.WaitGroup
	for _, w := range walkers {
		wg.Go(func() {
			for {
				x := int(next.Add(1)) - 1
				if x >= len(out) {
					return
				}
				restart := uint64(start + x)
				w.reseed(r.opt.Seed, restart)
				k := r.lo + w.rng.IntN(r.initialMax()-r.lo+1)
				res := w.run(k, r.opt.Patience, r.stopped)
				out[x] = res.clone()
			}
		})
	}
	wg.Wait()
}

// initialMax is the largest number of cells a restart starts from: half
// of min(rows, cols), as good partitions rarely have more cells; the
// search may still reach up to hi.
func (r *runner) initialMax() int {
	return max(r.lo, min(r.hi, (r.p.maxK+1)/2+1))
}
