package index

import (
	"container/heap"
	"slices"

	blevesearch "github.com/blevesearch/bleve/v2/search"

	"github.com/cbb-alliance/cbb/layers/model"
)

// collector gathers one shard's hits in place of bleve's top-N collector,
// which reads every match to the end (to count them, which no caller
// needs).
type collector struct {
	size, limit int
	scored      bool
	seen        int
	top         hitHeap // scored: the best size so far, worst on top
	first       []rankedHit
	err         error
}

// handler is a search.MakeDocumentMatchHandler: bleve calls it once per
// search, and the handler it returns with every match, in index order.
// Returning errEnough ends the search.
func (c *collector) handler(sctx *blevesearch.SearchContext) (blevesearch.DocumentMatchHandler, bool, error) {
	r := sctx.IndexReader
	return func(d *blevesearch.DocumentMatch) error {
		if d == nil {
			return nil
		}
		defer sctx.DocumentMatchPool.Put(d)
		c.seen++
		if !c.scored {
			id, err := r.ExternalID(d.IndexInternalID)
			if err != nil {
				c.err = err
				return err
			}
			c.first = append(c.first, rankedHit{Hit: Hit{ID: model.ItemID(id)}, seq: c.seen})
			if len(c.first) >= c.size {
				return errEnough
			}
			return nil
		}
		// Equal scores keep the earlier match, as bleve's collector does.
		if len(c.top) < c.size || d.Score > c.top[0].Score {
			id, err := r.ExternalID(d.IndexInternalID)
			if err != nil {
				c.err = err
				return err
			}
			h := rankedHit{Hit: Hit{ID: model.ItemID(id), Score: d.Score}, seq: c.seen}
			if len(c.top) < c.size {
				heap.Push(&c.top, h)
			} else {
				c.top[0] = h
				heap.Fix(&c.top, 0)
			}
		}
		if c.seen >= c.limit {
			return errEnough
		}
		return nil
	}, false, nil
}

// hits returns what the collector gathered, best first.
func (c *collector) hits() []rankedHit {
	if !c.scored {
		return c.first
	}
	out := slices.Clone(c.top)
	slices.SortFunc(out, rankedHit.compare)
	return out
}

// hitHeap is a min-heap of hits: the worst (lowest score, latest of equal
// scores) on top.
type hitHeap []rankedHit

func (h hitHeap) Len() int           { return len(h) }
func (h hitHeap) Less(i, j int) bool { return h[i].compare(h[j]) > 0 }
func (h hitHeap) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *hitHeap) Push(x any)        { *h = append(*h, x.(rankedHit)) }
func (h *hitHeap) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}
