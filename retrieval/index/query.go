package index

import (
	"math"
	"strings"

	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/cbb-alliance/cbb/layers/model"
)

// DefaultSize is the number of hits a query without a Size returns;
// MaxSize caps Size.
const (
	DefaultSize = 100
	MaxSize     = 10000
)

// pnBoost weighs an exact part-number match against the text fields.
const pnBoost = 5

// Viewer is the member a search runs as: a search returns only the items
// the viewer may see (model.Viewer.CanSee), decided inside the search.
type Viewer = model.Viewer

// NumberRange keeps the items whose numeric attribute Attr can take a value
// in [Min, Max] (either bound nil: unbounded). A number attribute must lie
// within the interval; a range attribute must overlap it. Items without the
// attribute are left out.
type NumberRange struct {
	Attr     string
	Min, Max *float64
}

// Query asks the index for candidates.
type Query struct {
	// Text is free text, English and/or Chinese, matched against the
	// item's name, description, class, part numbers and attribute text
	// (see Index.Search for how words are combined). Empty: every item
	// that passes the filters.
	Text string
	// Levels keeps the items at one of these levels; empty: any level.
	Levels []model.Level
	// Class keeps the items in this class or below it; empty: any class.
	Class model.ClassPath
	// Viewer is required: the scope filter is part of the search itself.
	Viewer Viewer
	// Numbers are numeric prefilters on attributes, all of which must hold.
	Numbers []NumberRange
	// IDs, when not empty, keeps only these items: how a caller holding
	// ids from elsewhere (a where-used walk) learns which of them the
	// viewer may see.
	IDs []model.ItemID
	// Size is the most hits to return: DefaultSize when 0, at most MaxSize.
	Size int
}

// Hit is one candidate: an item and its text-match score (BM25; higher is
// better). Hits of a query without text all score 0 and come in no
// particular order: they are the first Size items found to pass the
// filters.
type Hit struct {
	ID    model.ItemID
	Score float64
}

// filterQuery turns q's scope, level, class, number and id filters into
// one non-scoring query, evaluated inside the search so that the top Size
// hits are the top visible ones.
//
// hasRanges says whether any item states an attribute as a range; a
// number filter looks for overlapping ranges only then.
func filterQuery(q Query, hasRanges func(attr string) bool) (query.Query, error) {
	scope, err := scopeFilter(q.Viewer)
	if err != nil {
		return nil, err
	}
	filters := []query.Query{scope}
	if len(q.Levels) > 0 {
		var ls []query.Query
		for _, l := range q.Levels {
			ls = append(ls, term(fieldLevel, string(l)))
		}
		filters = append(filters, disjunction(ls...))
	}
	if c := normClass(q.Class); c != "" {
		filters = append(filters, term(fieldClass, c))
	}
	for _, n := range q.Numbers {
		f, err := numberFilter(n, hasRanges(n.Attr))
		if err != nil {
			return nil, err
		}
		filters = append(filters, f)
	}
	if len(q.IDs) > 0 {
		filters = append(filters, query.NewDocIDQuery(docIDs(q.IDs)))
	}
	return query.NewConjunctionQuery(filters), nil
}

// filtered is the text query tq restricted by the filter f.
func filtered(tq, f query.Query) query.Query {
	b := query.NewBooleanQuery([]query.Query{tq}, nil, nil)
	b.AddFilter(f)
	return b
}

// scopeFilter matches the items v may see, as model.Viewer.CanSee
// decides: anyone sees public (and so catalogue) items and its own, even
// once gone; an active member also sees the items it holds a licence for,
// and the items of members still in the alliance shared with the alliance
// or with partners that name it. The administrator sees everything.
func scopeFilter(v Viewer) (query.Query, error) {
	if v.Member == "" {
		return nil, model.Errorf(model.Invalid, "search without a viewer: every search runs as a member")
	}
	if v.Admin {
		return query.NewMatchAllQuery(), nil
	}
	m := string(v.Member)
	qs := []query.Query{
		term(fieldScope, string(model.ScopePublic)),
		term(fieldOwner, m),
	}
	if v.Active {
		shared := query.Query(disjunction(
			term(fieldScope, string(model.ScopeAlliance)),
			query.NewConjunctionQuery([]query.Query{
				term(fieldScope, string(model.ScopePartners)),
				term(fieldPartners, m),
			})))
		if len(v.Gone) > 0 {
			var gone []query.Query
			for _, g := range v.Gone {
				gone = append(gone, term(fieldOwner, string(g)))
			}
			b := query.NewBooleanQuery([]query.Query{shared}, nil, gone)
			shared = b
		}
		qs = append(qs, shared)
		if len(v.Licensed) > 0 {
			qs = append(qs, query.NewDocIDQuery(docIDs(v.Licensed)))
		}
	}
	return disjunction(qs...), nil
}

// numberFilter matches the items whose attribute n.Attr can take a value
// in [n.Min, n.Max]: a number inside it, or, when ranges is set, a range
// overlapping it.
func numberFilter(n NumberRange, ranges bool) (query.Query, error) {
	if n.Attr == "" {
		return nil, model.Errorf(model.Invalid, "search: number filter without an attribute")
	}
	for _, p := range []*float64{n.Min, n.Max} {
		if p != nil && (math.IsNaN(*p) || math.IsInf(*p, 0)) {
			return nil, model.Errorf(model.Invalid, "search: number filter on %s: bound %v is not a finite number", n.Attr, *p)
		}
	}
	if n.Min != nil && n.Max != nil && *n.Min > *n.Max {
		return nil, model.Errorf(model.Invalid, "search: number filter on %s: min %v above max %v", n.Attr, *n.Min, *n.Max)
	}
	lo, hi := n.Min, n.Max
	if lo == nil {
		lo = ptr(math.Inf(-1))
	}
	if hi == nil {
		hi = ptr(math.Inf(1))
	}
	number := numRange(subNumber+"."+n.Attr, lo, hi)
	if !ranges {
		return number, nil
	}
	overlap := query.NewConjunctionQuery([]query.Query{
		numRange(subRangeLo+"."+n.Attr, ptr(math.Inf(-1)), hi),
		numRange(subRangeHi+"."+n.Attr, lo, ptr(math.Inf(1))),
	})
	return disjunction(number, overlap), nil
}

// isPNStem reports whether a query word looks like the base of a part
// number: letters and digits mixed, at least four characters, so that
// "0603" or "M3" do not expand to every part number starting with them.
func isPNStem(w string) bool {
	if len(w) < 4 || strings.ContainsAny(w, " \t") {
		return false
	}
	letters, digits := 0, 0
	for _, r := range w {
		switch {
		case r >= '0' && r <= '9':
			digits++
		case r >= 'A' && r <= 'Z':
			letters++
		}
	}
	return letters > 0 && digits > 0
}

func term(field, value string) *query.TermQuery {
	t := query.NewTermQuery(value)
	t.SetField(field)
	return t
}

func disjunction(qs ...query.Query) query.Query {
	if len(qs) == 1 {
		return qs[0]
	}
	return query.NewDisjunctionQuery(qs)
}

func numRange(field string, lo, hi *float64) query.Query {
	inclusive := true
	q := query.NewNumericRangeInclusiveQuery(lo, hi, &inclusive, &inclusive)
	q.SetField(field)
	return q
}

func ptr(f float64) *float64 { return &f }

// docIDs are item ids as the index's document ids.
func docIDs(ids []model.ItemID) []string {
	out := make([]string, len(ids))
	for i, id := range ids {
		out[i] = string(id)
	}
	return out
}
