package dedup

import (
	"cmp"
	"context"
	"fmt"
	"runtime"
	"slices"
	"sync"

	"github.com/cbb-alliance/cbb/layers/model"
)

// DefaultThreshold is the score a pair needs when Options.Threshold is 0.
// On the Kitspace evaluation (docs/BENCHMARKS.md) its audited precision is 0.88;
// higher thresholds trade recall for little precision, as the pairs that
// are wrong mostly read the same ("22u", "22uF") and score high.
const DefaultThreshold = 0.7

// Pair is two items found to be near-duplicates.
type Pair struct {
	// A and B are the items; in Find, A comes before B in the input; in Of,
	// A is the item asked about.
	A, B model.ItemID
	// Score is in (0, 1]: 1 - Π(1 - support) over the independent pieces
	// of support (agreeing parameters, a shared code, text similarity); a
	// shared part number scores 1.
	Score float64
	// Reasons explain the score for people, one piece of support each
	// ("resistance 10 kΩ = 10 kΩ", "package 0603 = 0603", "text 0.62").
	Reasons []string
}

// Options tune Find and Of. The zero value is the default.
type Options struct {
	// Threshold is the least score a pair needs; 0 means DefaultThreshold.
	Threshold float64
	// IgnorePartNumbers hides manufacturer part numbers and supplier SKUs
	// (and a name that is one of them) from the detector, so that only
	// function and parameters count: for evaluating against part numbers,
	// and for callers that find exact duplicates by part number apart.
	// Otherwise a shared part number makes a pair of score 1.
	IgnorePartNumbers bool
}

func (o Options) threshold() float64 {
	if o.Threshold <= 0 {
		return DefaultThreshold
	}
	return o.Threshold
}

// cancelEvery is how many items a worker compares between looks at the
// context.
const cancelEvery = 256

// Find returns the near-duplicate pairs among items, best first (by score,
// then by the positions of A and B in items). Items are compared only
// when they share a part number, a code, a word or a parameter signature
// (see doc.go), so the work grows about linearly with the number of items.
// Two entries with the same ID are not paired with each other.
//
// The error is ctx's error if ctx ends first.
func Find(ctx context.Context, items []model.Item, opt Options) ([]Pair, error) {
	profiles := make([]profile, len(items))
	keys := make([][]blockKey, len(items))
	drop := dropFor(opt.threshold())
	err := parallel(ctx, len(items), func(_, i int) {
		profiles[i] = newProfile(&items[i], opt.IgnorePartNumbers)
		keys[i] = blockKeys(&profiles[i], drop)
	})
	if err != nil {
		return nil, fmt.Errorf("find duplicates: %w", err)
	}
	perItem, postings := blocks(keys)
	found, err := compareBlocks(ctx, profiles, perItem, postings, opt.threshold(), drop)
	if err != nil {
		return nil, fmt.Errorf("find duplicates: %w", err)
	}
	slices.SortFunc(found, func(x, y indexedPair) int {
		return cmp.Or(cmp.Compare(y.Score, x.Score), cmp.Compare(x.i, y.i), cmp.Compare(x.j, y.j))
	})
	out := make([]Pair, len(found))
	for k, p := range found {
		out[k] = p.Pair
	}
	return out, nil
}

// indexedPair is a pair with the positions of its items.
type indexedPair struct {
	Pair
	i, j int32
}

// compareBlocks compares each item with the later items it shares a block
// with, once per pair, except where their postings say they need not be
// (see posting.skip).
func compareBlocks(ctx context.Context, ps []profile, perItem [][]blockKey, postings map[string][]posting, threshold float64, drop int) ([]indexedPair, error) {
	workers := workers(len(ps))
	results := make([][]indexedPair, workers)
	seen := make([][]int32, workers) // seen[w][j] == i+1: worker w met j for i already
	for w := range seen {
		seen[w] = make([]int32, len(ps))
	}
	err := parallel(ctx, len(ps), func(w, i int) {
		for _, k := range perItem[i] {
			me := newPosting(k, i)
			for _, e := range postings[k.key] {
				j := e.item()
				if j <= i || seen[w][j] == int32(i+1) || me.skip(e, drop) {
					continue
				}
				seen[w][j] = int32(i + 1)
				if p, ok := pairOf(&ps[i], &ps[j], threshold); ok {
					results[w] = append(results[w], indexedPair{p, int32(i), int32(j)})
				}
			}
		}
	})
	if err != nil {
		return nil, err
	}
	return slices.Concat(results...), nil
}

// workers returns how many goroutines work on n items: one per CPU, one
// for small inputs.
func workers(n int) int {
	return max(1, min(runtime.GOMAXPROCS(0), n/1024+1))
}

// parallel calls fn(w, i) for i in [0, n) on workers(n) goroutines, worker
// w taking every w-th i, and stops early, returning ctx's error, if ctx
// ends.
func parallel(ctx context.Context, n int, fn func(w, i int)) error {
	ws := workers(n)
	errs := make([]error, ws)
	var wg sync.WaitGroup
	for w := range ws {
		wg.Go(func() {
			for i := w; i < n; i += ws {
				if (i/ws)%cancelEvery == 0 {
					if err := ctx.Err(); err != nil {
						errs[w] = err
						return
					}
				}
				fn(w, i)
			}
		})
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// pairOf compares two profiles and returns their pair if it reaches the
// threshold.
func pairOf(a, b *profile, threshold float64) (Pair, bool) {
	if a.id == b.id {
		return Pair{}, false
	}
	score, _, ok := compare(a, b, false)
	if !ok || score < threshold {
		return Pair{}, false
	}
	_, reasons, _ := compare(a, b, true)
	return Pair{A: a.id, B: b.id, Score: score, Reasons: reasons}, true
}

// Of returns the near-duplicates of item among candidates, best first,
// each pair with A = item.ID. Every candidate is compared (no blocking):
// candidates come from a search, a few hundred at most. A candidate with
// item's ID is skipped. A pair scores the same in Of and in Find.
func Of(item model.Item, candidates []model.Item, opt Options) []Pair {
	p := newProfile(&item, opt.IgnorePartNumbers)
	var out []Pair
	for i := range candidates {
		q := newProfile(&candidates[i], opt.IgnorePartNumbers)
		if pair, ok := pairOf(&p, &q, opt.threshold()); ok {
			out = append(out, pair)
		}
	}
	slices.SortStableFunc(out, func(x, y Pair) int { return cmp.Compare(y.Score, x.Score) })
	return out
}
