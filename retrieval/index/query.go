package index

import (
	"context"
	"fmt"
	"math"
	"strings"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"

	"cbb/layers/model"
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
// the viewer's scope grants.
type Viewer struct {
	Member model.MemberID
	// Active is false for an expelled or withdrawn member: it sees only
	// public items and its own.
	Active bool
}

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
	// item's name, description, class, part numbers and attribute text.
	// Empty: every item that passes the filters.
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
// particular order.
type Hit struct {
	ID    model.ItemID
	Score float64
}

// Search returns the visible items that match q, best first.
func (x *Index) Search(ctx context.Context, q Query) ([]Hit, error) {
	bq, scored, err := buildQuery(q)
	if err != nil {
		return nil, err
	}
	size := q.Size
	switch {
	case size < 0:
		return nil, model.Errorf(model.Invalid, "search: negative size %d", size)
	case size == 0:
		size = DefaultSize
	case size > MaxSize:
		size = MaxSize
	}
	idx, err := x.index()
	if err != nil {
		return nil, err
	}
	defer x.mu.RUnlock()
	req := bleve.NewSearchRequestOptions(bq, size, 0, false)
	if !scored {
		req.Score = "none"
	}
	res, err := idx.SearchInContext(ctx, req)
	if err != nil {
		return nil, fmt.Errorf("search %q: %w", q.Text, err)
	}
	hits := make([]Hit, len(res.Hits))
	for i, h := range res.Hits {
		hits[i] = Hit{ID: model.ItemID(h.ID), Score: h.Score}
	}
	return hits, nil
}

// buildQuery turns q into one bleve query: the text query as the scoring
// part, the scope, level, class and number filters as a non-scoring filter
// evaluated inside the search, so the top Size hits are the top visible
// ones. Without text the query is the filters alone, and scored reports
// that scoring is pointless.
func buildQuery(q Query) (bq query.Query, scored bool, err error) {
	scope, err := scopeFilter(q.Viewer)
	if err != nil {
		return nil, false, err
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
		f, err := numberFilter(n)
		if err != nil {
			return nil, false, err
		}
		filters = append(filters, f)
	}
	if len(q.IDs) > 0 {
		ids := make([]string, len(q.IDs))
		for i, id := range q.IDs {
			ids[i] = string(id)
		}
		filters = append(filters, query.NewDocIDQuery(ids))
	}
	filter := query.NewConjunctionQuery(filters)
	tq := textQuery(q.Text)
	if tq == nil {
		// Without text the filters alone select the hits, driven by
		// their rarest term rather than by a scan of every document.
		return filter, false, nil
	}
	b := query.NewBooleanQuery([]query.Query{tq}, nil, nil)
	b.AddFilter(filter)
	return b, true, nil
}

// scopeFilter matches the items v may see. Anyone sees public items; a
// member always sees its own, even once expelled or withdrawn (it keeps its
// pre-existing IP; only its rights to others' items end); an active member
// also sees items shared with the alliance and items shared with partners
// that name it.
func scopeFilter(v Viewer) (query.Query, error) {
	if v.Member == "" {
		return nil, model.Errorf(model.Invalid, "search without a viewer: every search runs as a member")
	}
	m := string(v.Member)
	qs := []query.Query{
		term(fieldScope, string(model.ScopePublic)),
		term(fieldOwner, m),
	}
	if v.Active {
		qs = append(qs,
			term(fieldScope, string(model.ScopeAlliance)),
			query.NewConjunctionQuery([]query.Query{
				term(fieldScope, string(model.ScopePartners)),
				term(fieldPartners, m),
			}))
	}
	return disjunction(qs...), nil
}

// numberFilter matches the items whose attribute n.Attr can take a value
// in [n.Min, n.Max]: a number inside it, or a range overlapping it.
func numberFilter(n NumberRange) (query.Query, error) {
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
	overlap := query.NewConjunctionQuery([]query.Query{
		numRange(subRangeLo+"."+n.Attr, ptr(math.Inf(-1)), hi),
		numRange(subRangeHi+"."+n.Attr, lo, ptr(math.Inf(1))),
	})
	return disjunction(number, overlap), nil
}

// textQuery matches text against both analysed fields, any word being
// enough (operator OR, BM25 scoring), and boosts items having one of the
// query's words, or the whole query, as an exact part number. It returns
// nil for blank text.
func textQuery(text string) query.Query {
	text = strings.TrimSpace(text)
	if text == "" {
		return nil
	}
	var qs []query.Query
	for _, f := range []string{fieldTextEN, fieldTextCJK} {
		mq := query.NewMatchQuery(text)
		mq.SetField(f)
		mq.SetOperator(query.MatchQueryOperatorOr)
		qs = append(qs, mq)
	}
	pns := map[string]bool{normPN(text): true}
	for _, w := range strings.Fields(text) {
		if len(w) >= 3 {
			pns[normPN(w)] = true
		}
	}
	for pn := range pns {
		tq := term(fieldPN, pn)
		tq.SetBoost(pnBoost)
		qs = append(qs, tq)
		if isPNStem(pn) {
			// An engineer types the base of a part number ("STM32F103",
			// "1N4148") for its ordering codes ("STM32F103RCT6").
			pq := query.NewPrefixQuery(pn)
			pq.SetField(fieldPN)
			pq.SetBoost(pnBoost / 2)
			qs = append(qs, pq)
		}
	}
	return disjunction(qs...)
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
