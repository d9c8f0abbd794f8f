package design

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/cbb-alliance/cbb/layers/model"
	"github.com/cbb-alliance/cbb/retrieval"
)

// rank orders one item's options by the objective alone, the rules left
// aside: configure, variant, new; then the score; then preferred items.
func (pr *problem) rank(o *option) []int {
	tier := map[Decision]int{Configure: 0, Variant: 1, New: 2}[o.decision]
	return []int{tier, pr.scorePen[o.v-1], pr.prefPen[o.v-1]}
}

func (pr *problem) bestAlone(i int) *option {
	var best *option
	for _, o := range pr.sp.items[i].options {
		if best == nil || slices.Compare(pr.rank(o), pr.rank(best)) < 0 {
			best = o
		}
	}
	return best
}

func buildReport(sp *space, pr *problem, rules []*rule, chosen []*option) Report {
	rep := Report{Requirement: sp.req.Name, Member: sp.req.Member, Feasible: true}
	violations, obligations := audit(sp, rules, chosen)
	rep.Violations = violations
	var reused, configured, varied, qty, qtyReused float64
	credits := map[model.MemberID]float64{}
	for i, is := range sp.items {
		o := chosen[i]
		d := ItemDecision{Item: is.req.Name, Quantity: quantity(is.req), Decision: o.decision, Obligations: obligations[i]}
		switch o.decision {
		case Configure, Variant:
			r := refOf(o.cand)
			d.Candidate, d.Settings, d.Why = &r, o.settings, o.why
		case New:
			d.Spec, d.Gap, d.Why = is.spec, is.gap, newWhy(is)
		}
		if best := pr.bestAlone(i); best != o {
			d.Why += "; " + ruledOut(best, pr.forbidding(best, chosen))
		}
		d.Alternatives = alternatives(pr, is, o, chosen)
		newEffort := sp.opt.Effort.New[effortLevel(is, o)]
		planned := newEffort
		switch o.decision {
		case Configure:
			planned, configured, reused = newEffort*sp.opt.Effort.Configure, configured+1, reused+1
		case Variant:
			planned, varied, reused = newEffort*sp.opt.Effort.Variant, varied+1, reused+1
		}
		rep.EffortNew += newEffort
		rep.EffortPlanned += planned
		qty += d.Quantity
		if o.decision != New {
			qtyReused += d.Quantity
			for m, share := range creditShares(o.cand, sp.req.Member) {
				credits[m] += (newEffort - planned) * share
			}
		}
		rep.Items = append(rep.Items, d)
	}
	n := float64(len(sp.items))
	rep.ReuseRate, rep.ConfigureRate, rep.VariantRate = round(reused/n), round(configured/n), round(varied/n)
	if qty > 0 {
		rep.ReuseRateByQuantity = round(qtyReused / qty)
	}
	rep.EffortNew, rep.EffortPlanned = round(rep.EffortNew), round(rep.EffortPlanned)
	rep.EffortSaved = round(rep.EffortNew - rep.EffortPlanned)
	if len(credits) > 0 {
		rep.Credits = map[model.MemberID]float64{}
		for m, c := range credits {
			rep.Credits[m] = round(c)
		}
	}
	return rep
}

func round(f float64) float64 { return math.Round(f*1e4) / 1e4 }

func quantity(ri model.RequirementItem) float64 {
	if ri.Quantity > 0 {
		return ri.Quantity
	}
	return 1
}

// effortLevel is the level an item's effort is counted at: the level the
// requirement asks for, else the chosen or nearest candidate's, else part.
func effortLevel(is *itemSpace, o *option) model.Level {
	switch {
	case is.req.Level != "" && is.req.Level != model.LevelAny:
		return is.req.Level
	case o.cand != nil:
		return o.cand.Level
	case is.nearest != nil:
		return is.nearest.Level
	}
	return model.LevelPart
}

func newWhy(is *itemSpace) string {
	if is.nearest == nil {
		return "retrieval found no candidate: new design to the spec"
	}
	if len(is.options) > 1 {
		return "new design to the spec: the rules rule out every reuse option in this configuration"
	}
	reason := ""
	for _, a := range is.rejected {
		if a.Candidate.ID == is.nearest.ID {
			reason = a.Reason
		}
	}
	return fmt.Sprintf("no candidate can be configured or varied: new design to the spec; nearest candidate %q: %s", is.nearest.Name, reason)
}

func ruledOut(best *option, by []*rule) string {
	what := "a new design"
	if best.cand != nil {
		what = fmt.Sprintf("%s %q", best.decision, best.cand.Name)
	}
	if len(by) == 0 {
		return fmt.Sprintf("%s, best on its own, gives way to a better whole", what)
	}
	names := make([]string, len(by))
	for i, r := range by {
		names[i] = fmt.Sprintf("%s (%s)", r.ID, r.Name)
	}
	return fmt.Sprintf("%s, best on its own, breaks rule %s in this configuration", what, strings.Join(names, ", "))
}

// alternatives lists an item's other options, with the rules that rule
// them out in this configuration, then the candidates that were no
// option.
func alternatives(pr *problem, is *itemSpace, chosen *option, all []*option) []Alternative {
	var out []Alternative
	for _, o := range is.options {
		if o == chosen || o.cand == nil {
			continue
		}
		reason := "a lower-ranked option"
		if by := pr.forbidding(o, all); len(by) > 0 {
			ids := make([]string, len(by))
			for i, r := range by {
				ids[i] = r.ID
			}
			reason = "ruled out by " + strings.Join(ids, ", ")
		}
		out = append(out, Alternative{Candidate: refOf(o.cand), Decision: o.decision, Reason: reason})
	}
	return append(out, is.rejected...)
}

func infeasibleReport(sp *space, conflicts []Conflict) Report {
	rep := Report{Requirement: sp.req.Name, Member: sp.req.Member, Violations: []Violation{}, Conflicts: conflicts}
	for _, is := range sp.items {
		d := ItemDecision{Item: is.req.Name, Quantity: quantity(is.req), Why: "no configuration satisfies the rules"}
		for _, o := range is.options {
			if o.cand != nil {
				d.Alternatives = append(d.Alternatives, Alternative{Candidate: refOf(o.cand), Decision: o.decision, Reason: o.why})
			}
		}
		d.Alternatives = append(d.Alternatives, is.rejected...)
		rep.Items = append(rep.Items, d)
	}
	return rep
}

// Requests turns the report's new designs into open R&D requests, with
// the gap and the nearest candidate, for the middle layer to file (it
// gives them their ids). req is the requirement the report was made for.
func (r Report) Requests(req model.Requirement, now time.Time) []model.Request {
	var out []model.Request
	for i, d := range r.Items {
		if d.Decision != New || i >= len(req.Items) {
			continue
		}
		q := model.Request{
			State: model.RequestOpen, Requirement: r.Requirement, Item: d.Item, Spec: req.Items[i],
			Requester: r.Member, Opened: now, Updated: now,
		}
		if d.Gap != nil {
			if d.Gap.Nearest != nil {
				q.Nearest = d.Gap.Nearest.ID
			}
			q.Gap = d.Gap.String()
		}
		out = append(out, q)
	}
	return out
}

// String formats the gap for people: one clause per constraint.
func (g *Gap) String() string {
	var parts []string
	for _, e := range g.Constraints {
		s := e.Required + ": "
		switch {
		case e.Status == string(missing):
			s += "not stated"
		case e.Distance != nil:
			s += fmt.Sprintf("have %s, off by %.0f%%", e.Have, *e.Distance*100)
		default:
			s += "have " + e.Have
		}
		parts = append(parts, s)
	}
	if g.Nearest != nil && len(parts) > 0 {
		return fmt.Sprintf("nearest %q: %s", g.Nearest.Name, strings.Join(parts, "; "))
	}
	return strings.Join(parts, "; ")
}

// creditShares splits the credit for reusing a candidate: equally among
// its owner and the owners of the technologies it embodies, as the
// alliance credits contributions; the requester earns nothing from its
// own items and the catalogue, nobody's IP, nothing at all.
func creditShares(c *retrieval.Candidate, requester model.MemberID) map[model.MemberID]float64 {
	owners := []model.MemberID{c.Owner}
	for _, t := range c.Technologies {
		owners = append(owners, t.Owner)
	}
	n := 0
	out := map[model.MemberID]float64{}
	for _, m := range owners {
		if _, dup := out[m]; dup {
			continue
		}
		out[m] = 0
		n++
	}
	for m := range out {
		if m == "" || m == requester || m == model.Catalogue {
			delete(out, m)
			continue
		}
		out[m] = 1 / float64(n)
	}
	return out
}
