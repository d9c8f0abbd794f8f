// Package duplicates turns near-duplicate pairs (package retrieval/dedup)
// into a rationalization proposal: groups of parts that do one job, a
// master per group that the others would be merged into, and what merging
// would save.
package duplicates

import (
	"cmp"
	"slices"
	"strings"

	"github.com/cbb-alliance/cbb/layers/model"
	"github.com/cbb-alliance/cbb/retrieval/dedup"
)

// DefaultCostPerPartNumber is the yearly cost of keeping one part number
// alive (engineering, purchasing, stock, data upkeep) when the caller
// gives none. Published estimates range from a few hundred to several
// thousand euros; this is a conservative middle.
const DefaultCostPerPartNumber = 1000.0

// Member is one part of a duplicate group.
type Member struct {
	ID        model.ItemID    `json:"id"`
	Name      string          `json:"name"`
	Source    model.SourceRef `json:"source"`
	Lifecycle model.Lifecycle `json:"lifecycle"`
	UsedIn    int             `json:"used_in"`
}

// Group is a set of near-duplicates with the proposed master.
type Group struct {
	Master  Member   `json:"master"`
	Merge   []Member `json:"merge"` // merged into the master
	Reasons []string `json:"reasons"`
	// Why says why the master was chosen.
	Why string `json:"why"`
}

// Proposal is the duplicate groups of a set of parts and what merging
// them would save.
type Proposal struct {
	Groups []Group `json:"groups"`
	// PartNumbersRemoved is the number of parts merged away.
	PartNumbersRemoved int     `json:"part_numbers_removed"`
	CostPerPartNumber  float64 `json:"cost_per_part_number"`
	YearlySaving       float64 `json:"yearly_saving"`
}

// Merges maps every merged part to its master, for commonality "after".
func (p Proposal) Merges() map[string]string {
	m := map[string]string{}
	for _, g := range p.Groups {
		for _, x := range g.Merge {
			m[string(x.ID)] = string(g.Master.ID)
		}
	}
	return m
}

// lifecycleRank orders the states a master is chosen by: a preferred part
// first, then released ones; an obsolete part is never kept over another.
var lifecycleRank = map[model.Lifecycle]int{
	model.Preferred: 0, model.Released: 1, model.InWork: 2, model.Deprecated: 3, model.Obsolete: 4,
}

// Propose groups the pairs (dedup.Groups) and chooses each group's master: preferred
// over released over the other states, then the most used (usedIn gives
// each part's number of parents), then one with a manufacturer part
// number, then the smallest id. cost is the yearly cost of a part number
// (DefaultCostPerPartNumber when 0).
func Propose(items []model.Item, usedIn map[model.ItemID]int, pairs []dedup.Pair, cost float64) Proposal {
	if cost <= 0 {
		cost = DefaultCostPerPartNumber
	}
	byID := make(map[model.ItemID]*model.Item, len(items))
	for i := range items {
		byID[items[i].ID] = &items[i]
	}
	reasons := map[model.ItemID][]string{}
	for _, p := range pairs {
		reasons[p.A] = appendNew(reasons[p.A], p.Reasons...)
	}
	out := Proposal{CostPerPartNumber: cost}
	for _, ids := range dedup.Groups(pairs) {
		var ms []Member
		var rs []string
		for _, id := range ids {
			it, ok := byID[id]
			if !ok {
				continue
			}
			ms = append(ms, Member{ID: id, Name: it.Name, Source: it.Source, Lifecycle: it.Lifecycle, UsedIn: usedIn[id]})
			rs = appendNew(rs, reasons[id]...)
		}
		if len(ms) < 2 {
			continue
		}
		slices.SortFunc(ms, func(a, b Member) int { return compareMaster(a, b, byID) })
		g := Group{Master: ms[0], Merge: ms[1:], Reasons: rs, Why: why(ms[0], ms[1], byID)}
		out.Groups = append(out.Groups, g)
		out.PartNumbersRemoved += len(g.Merge)
	}
	out.YearlySaving = float64(out.PartNumbersRemoved) * cost
	return out
}

func compareMaster(a, b Member, byID map[model.ItemID]*model.Item) int {
	return cmp.Or(
		cmp.Compare(rank(a.Lifecycle), rank(b.Lifecycle)),
		cmp.Compare(b.UsedIn, a.UsedIn),
		cmp.Compare(noMPN(byID[a.ID]), noMPN(byID[b.ID])),
		strings.Compare(string(a.ID), string(b.ID)),
	)
}

func rank(l model.Lifecycle) int {
	if r, ok := lifecycleRank[l]; ok {
		return r
	}
	return len(lifecycleRank)
}

func noMPN(it *model.Item) int {
	if len(it.Manufacturers) > 0 {
		return 0
	}
	return 1
}

// why says what made the master win over the runner-up.
func why(m, next Member, byID map[model.ItemID]*model.Item) string {
	switch {
	case rank(m.Lifecycle) < rank(next.Lifecycle):
		return "its lifecycle: " + string(m.Lifecycle)
	case m.UsedIn > next.UsedIn:
		return "the most used"
	case noMPN(byID[m.ID]) < noMPN(byID[next.ID]):
		return "it has a manufacturer part number"
	}
	return "equal on lifecycle, use and part numbers: the first by id"
}

func appendNew(dst []string, src ...string) []string {
	for _, s := range src {
		if !slices.Contains(dst, s) {
			dst = append(dst, s)
		}
	}
	return dst
}
