package retrieval

import (
	"math"

	"github.com/cbb-alliance/cbb/layers/model"
	"github.com/cbb-alliance/cbb/retrieval/index"
)

// MustStatus says whether a candidate meets a requirement item's
// must-constraints.
type MustStatus string

// The must statuses, in ranking order.
const (
	MustMet     MustStatus = "met"     // every must-constraint is met (or there are none)
	MustUnknown MustStatus = "unknown" // none fails, but the candidate does not state some
	MustFailed  MustStatus = "failed"  // at least one must-constraint fails
)

func (m MustStatus) rank() int {
	switch m {
	case MustMet:
		return 0
	case MustUnknown:
		return 1
	}
	return 2
}

// lifecycleFactor puts released and preferred items ahead of the others:
// an item in work is not yet proven, a deprecated one should not go into
// new designs, an obsolete one cannot be had.
var lifecycleFactor = map[model.Lifecycle]float64{
	model.Preferred:  1,
	model.Released:   0.97,
	model.InWork:     0.85,
	model.Deprecated: 0.6,
	model.Obsolete:   0.4,
}

// reusePrior is the reuse count as a prior: between 0.95 (used nowhere)
// and 1 (used in reuseSaturates parents or more), enough to order near
// ties, never to lift a poor match over a good one.
func reusePrior(usedIn int) float64 {
	const reuseSaturates = 20
	return 0.95 + 0.05*math.Min(1, math.Log1p(float64(usedIn))/math.Log1p(reuseSaturates))
}

// match is a scored candidate before it becomes a Candidate.
type match struct {
	item       model.Item
	similarity float64
	score      float64
	must       MustStatus
	usedIn     int
	explain    []Explain
	via        *Via
}

// score rates an item against the prepared requirement item. bm25 is the
// item's text score relative to the best candidate's, in [0, 1].
func (p *prepared) score(it model.Item, bm25 float64, usedIn int) match {
	m := match{item: it, must: MustMet, usedIn: usedIn}
	var sum, weights float64
	add := func(e Explain) {
		m.explain = append(m.explain, e)
		sum += e.Score * e.Weight
		weights += e.Weight
	}
	for _, c := range p.constraints {
		s, st, v := constraintSim(c.Constraint, &it)
		if st == Missing && !c.Must {
			s = missingScore
		}
		add(Explain{
			Kind: "constraint", Attribute: c.Attribute, Required: describeConstraint(c.Constraint),
			Value: v, Score: s, Weight: c.EffectiveWeight(), Status: st, Must: c.Must, FromText: c.fromText,
		})
		if c.Must {
			switch {
			case st == Missing && m.must == MustMet:
				m.must = MustUnknown
			case st != Met && st != Missing:
				m.must = MustFailed
			}
		}
	}
	if p.class != "" {
		s := classSim(p.class, it.Class)
		add(Explain{Kind: "class", Required: string(p.class), Value: string(it.Class), Score: s, Weight: 1,
			Status: statusOf(s), FromText: p.classFromText})
	}
	if len(p.words) > 0 {
		words := newTokenSet(index.ItemText(&it))
		s := 0.6*coverage(p.words, words) + 0.4*bm25
		add(Explain{Kind: "text", Required: p.text, Value: it.Name, Score: s, Weight: 1, Status: statusOf(s)})
	}
	if weights > 0 {
		m.similarity = sum / weights
	}
	if m.must == MustUnknown {
		m.similarity = math.Min(m.similarity, mustUnknownCap)
	}
	m.score = m.similarity * lifecycleOf(it) * reusePrior(usedIn)
	return m
}

func statusOf(s float64) Status {
	switch {
	case s >= 0.999:
		return Met
	case s >= partialAbove:
		return Partial
	}
	return Unmet
}

// better orders matches: must-constraints met first, then by score, then
// by id for a stable order.
func better(a, b match) bool {
	if ra, rb := a.must.rank(), b.must.rank(); ra != rb {
		return ra < rb
	}
	if a.score != b.score {
		return a.score > b.score
	}
	return a.item.ID < b.item.ID
}
