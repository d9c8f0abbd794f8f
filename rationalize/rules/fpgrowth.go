package rules

import (
	"context"
	"slices"
)

// fpNode is a node of an FP-tree: an item on a path of transactions
// sharing a prefix, with the number of them.
type fpNode struct {
	item     int32
	count    int
	parent   *fpNode
	children map[int32]*fpNode
	next     *fpNode // the next node of the same item
}

// fpTree is an FP-tree (Han, Pei & Yin 2000) over ranks; paths run from
// the most to the least frequent item.
type fpTree struct {
	root  fpNode
	head  map[int32]*fpNode
	total map[int32]int
}

func newTree() *fpTree {
	return &fpTree{head: map[int32]*fpNode{}, total: map[int32]int{}}
}

// insert adds a path of ascending ranks, count times.
func (t *fpTree) insert(path []int32, count int) {
	n := &t.root
	for _, it := range path {
		c := n.children[it]
		if c == nil {
			if n.children == nil {
				n.children = map[int32]*fpNode{}
			}
			c = &fpNode{item: it, parent: n, next: t.head[it]}
			n.children[it] = c
			t.head[it] = c
		}
		c.count += count
		t.total[it] += count
		n = c
	}
}

// growth returns every frequent itemset of 2 to maxLen ranks with its
// count (single items are the basket's counts).
func growth(ctx context.Context, bk *basket, minCount, maxLen int) (map[setKey]int, error) {
	t := newTree()
	for _, tx := range bk.tx {
		if len(tx) > 0 {
			t.insert(tx, 1)
		}
	}
	g := &grower{ctx: ctx, min: minCount, maxLen: maxLen, sets: map[setKey]int{}}
	g.mine(t, nil)
	return g.sets, g.err
}

type grower struct {
	ctx    context.Context
	min    int
	maxLen int
	sets   map[setKey]int
	err    error
	steps  int
}

// mine records suffix ∪ {item} for every frequent item of t and recurses
// into the item's conditional tree while the itemset may still grow.
func (g *grower) mine(t *fpTree, suffix []int32) {
	items := make([]int32, 0, len(t.total))
	for it, c := range t.total {
		if c >= g.min {
			items = append(items, it)
		}
	}
	slices.Sort(items)
	for _, it := range items {
		if g.err != nil {
			return
		}
		if g.steps++; g.steps%1024 == 0 {
			if g.err = g.ctx.Err(); g.err != nil {
				return
			}
		}
		set := append(slices.Clone(suffix), it)
		if len(set) > 1 {
			g.sets[keyOf(set)] = t.total[it]
		}
		if len(set) < g.maxLen {
			if ct := g.conditional(t, it); len(ct.total) > 0 {
				g.mine(ct, set)
			}
		}
	}
}

// conditional builds the tree of the prefixes of item's paths, keeping
// the items frequent among them.
func (g *grower) conditional(t *fpTree, item int32) *fpTree {
	counts := map[int32]int{}
	for n := t.head[item]; n != nil; n = n.next {
		for p := n.parent; p != &t.root; p = p.parent {
			counts[p.item] += n.count
		}
	}
	ct := newTree()
	var path []int32
	for n := t.head[item]; n != nil; n = n.next {
		path = path[:0]
		for p := n.parent; p != &t.root; p = p.parent {
			if counts[p.item] >= g.min {
				path = append(path, p.item)
			}
		}
		if len(path) > 0 {
			slices.Reverse(path)
			ct.insert(path, n.count)
		}
	}
	return ct
}
