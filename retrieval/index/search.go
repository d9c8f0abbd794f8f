package index

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis"
	blevesearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/cbb-alliance/cbb/layers/model"
)

// Thresholds of the text search.
const (
	// rareShare: a word in more than this share of the items is common.
	rareShare = 0.02
	// rareMinDocs: below this many items, the fallback query is the plain
	// any-word query, which costs little at that size and ranks every
	// item having any word of the text.
	rareMinDocs = 50000
	// scoreCap is the most matches a search scores in one shard: past it,
	// the best hits found so far are the answer. Only a text whose every
	// word is common in a large index reaches it ("0603 1% resistor" in a
	// million parts), where more matches would cost time and rank no
	// better in any sense the caller relies on: the retrieval layer ranks
	// the candidates again against the requirement.
	scoreCap = 20000
)

// errEnough stops a search that has all it needs.
var errEnough = errors.New("enough hits")

// bandFirst is the most items a number band may hold for the text to be
// scored among them only (see Search).
const bandFirst = 2000

// Search returns the visible items that match q, best first.
//
// A text is analysed into English words (stemmed, without stop words),
// Chinese bigrams and part numbers. The search first asks for the items
// having every word (in the English or Chinese field as the word is), or
// one of the part numbers; only when they are fewer than Size does it fall
// back to items having any word. In a large index, that fallback requires
// one of the text's rare words (English words or Chinese bigrams in at
// most 2 % of the items) or part numbers, and lets the common words add to
// the score only, so that "5.62 0603 1% resistor" does not score every
// resistor. Scores are BM25; an exact part number weighs five times a
// word, a part number starting with a query word ("STM32F103" for
// "STM32F103RCT6") half that. With number filters and a text, the filters
// are searched first, unscored; when they hold fewer than bandFirst items
// the text is scored among those only.
func (x *Index) Search(ctx context.Context, q Query) ([]Hit, error) {
	filter, err := filterQuery(q, x.hasRanges)
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
	shards, err := x.open()
	if err != nil {
		return nil, err
	}
	defer x.mu.RUnlock()
	t := analyzeText(q.Text)
	if t == nil {
		// Without text the filters alone select the hits, driven by
		// their rarest term, and the first Size found will do.
		return x.run(ctx, shards, filter, size, false)
	}
	if len(q.Numbers) > 0 {
		// A number band is usually the most selective filter, but bleve
		// drives a scored query by its text: "182 resistor" within a
		// band would score every resistor. The band is searched alone
		// first; when it holds few items, the text is scored among them.
		inBand, err := x.run(ctx, shards, filter, bandFirst, false)
		if err != nil {
			return nil, wrapSearch(q.Text, err)
		}
		if len(inBand) == 0 {
			return nil, nil
		}
		if len(inBand) < bandFirst {
			narrowed := q
			narrowed.Numbers = nil
			narrowed.IDs = make([]model.ItemID, len(inBand))
			for i, h := range inBand {
				narrowed.IDs[i] = h.ID
			}
			if filter, err = filterQuery(narrowed, x.hasRanges); err != nil {
				return nil, err
			}
		}
	}
	hits, err := x.run(ctx, shards, filtered(t.allWords(), filter), size, true)
	if err != nil || len(hits) >= size || len(t.en)+len(t.han) < 2 {
		return hits, wrapSearch(q.Text, err)
	}
	tq := t.anyWord()
	if rq, err := x.rareWords(ctx, shards, t); err != nil {
		return nil, wrapSearch(q.Text, err)
	} else if rq != nil {
		tq = rq
	}
	hits, err = x.run(ctx, shards, filtered(tq, filter), size, true)
	return hits, wrapSearch(q.Text, err)
}

func wrapSearch(text string, err error) error {
	if err == nil {
		return nil
	}
	return fmt.Errorf("search %q: %w", text, err)
}

// text is a query text, analysed as the index analyses items.
type text struct {
	en  []string // distinct terms of the English field
	han []string // distinct terms (bigrams) of the Chinese field
	pns []query.Query
}

// analyzeText analyses s; it returns nil for blank text.
func analyzeText(s string) *text {
	s = strings.TrimSpace(s)
	if s == "" {
		return nil
	}
	m := queryMapping()
	return &text{
		en:  terms(m.AnalyzerNamed(analyzerEN), s),
		han: terms(m.AnalyzerNamed(analyzerHan), s),
		pns: pnQueries(s),
	}
}

// queryMapping analyses query texts as the index analyses items.
var queryMapping = sync.OnceValue(newMapping)

// terms returns the distinct terms a gives for s.
func terms(a analysis.Analyzer, s string) []string {
	var out []string
	for _, tok := range a.Analyze([]byte(s)) {
		if t := string(tok.Term); !slices.Contains(out, t) {
			out = append(out, t)
		}
	}
	return out
}

// pnQueries matches items having the text, or one of its words, as an
// exact part number, or a part number starting with a word that looks like
// the base of one.
func pnQueries(s string) []query.Query {
	pns := []string{normPN(s)}
	for _, w := range strings.Fields(s) {
		if pn := normPN(w); len(w) >= 3 && !slices.Contains(pns, pn) {
			pns = append(pns, pn)
		}
	}
	var qs []query.Query
	for _, pn := range pns {
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
	return qs
}

func termQueries(field string, ts []string) []query.Query {
	qs := make([]query.Query, len(ts))
	for i, t := range ts {
		qs[i] = term(field, t)
	}
	return qs
}

// allWords matches the items having every word of the text, or one of its
// part numbers.
func (t *text) allWords() query.Query {
	words := append(termQueries(fieldTextEN, t.en), termQueries(fieldTextCJK, t.han)...)
	qs := slices.Clone(t.pns)
	if len(words) > 0 {
		qs = append(qs, query.NewConjunctionQuery(words))
	}
	return disjunction(qs...)
}

// anyWord matches the items having any word of the text or one of its part
// numbers.
func (t *text) anyWord() query.Query {
	qs := append(termQueries(fieldTextEN, t.en), termQueries(fieldTextCJK, t.han)...)
	return disjunction(append(qs, t.pns...)...)
}

// rareWords returns the fallback query of a large index: an item must have
// one of the text's rare words (English words or Chinese bigrams) or one
// of its part numbers, and the common words only add to the score. It
// returns nil when the index is small or no word is rare (the any-word
// query is then the answer).
func (x *Index) rareWords(ctx context.Context, shards []bleve.Index, t *text) (query.Query, error) {
	var must, should []query.Query
	for _, f := range []struct {
		field string
		terms []string
	}{{fieldTextEN, t.en}, {fieldTextCJK, t.han}} {
		if len(f.terms) == 0 {
			continue
		}
		df, n, err := docFreqs(ctx, shards, f.field, f.terms)
		if err != nil || n < uint64(x.rareMinDocs) {
			return nil, err
		}
		for i, w := range f.terms {
			switch {
			case df[i] == 0:
			case float64(df[i]) > rareShare*float64(n):
				should = append(should, term(f.field, w))
			default:
				must = append(must, term(f.field, w))
			}
		}
	}
	if len(must) == 0 {
		return nil, nil
	}
	must = append(must, t.pns...)
	b := query.NewBooleanQuery([]query.Query{disjunction(must...)}, nil, nil)
	if len(should) > 0 {
		b.AddShould(disjunction(should...))
	}
	return b, nil
}

// docFreqs returns how many items of the shards have each term in field,
// and how many items there are.
func docFreqs(ctx context.Context, shards []bleve.Index, field string, ts []string) ([]uint64, uint64, error) {
	df := make([]uint64, len(ts))
	var n uint64
	for _, s := range shards {
		ai, err := s.Advanced()
		if err != nil {
			return nil, 0, err
		}
		r, err := ai.Reader()
		if err != nil {
			return nil, 0, err
		}
		c, err := r.DocCount()
		n += c
		for i, t := range ts {
			if err != nil {
				break
			}
			tfr, e := r.TermFieldReader(ctx, []byte(t), field, false, false, false)
			if e != nil {
				err = e
				break
			}
			df[i] += tfr.Count()
			err = tfr.Close()
		}
		if e := r.Close(); err == nil {
			err = e
		}
		if err != nil {
			return nil, 0, fmt.Errorf("read document frequencies: %w", err)
		}
	}
	return df, n, nil
}

// run searches every shard for bq, concurrently, and merges their hits:
// the best size by score when scored, else the first size found.
func (x *Index) run(ctx context.Context, shards []bleve.Index, bq query.Query, size int, scored bool) ([]Hit, error) {
	found := make([][]rankedHit, len(shards))
	err := eachShard(shards, func(i int, s bleve.Index) error {
		hs, err := searchShard(ctx, s, bq, size, x.scoreCap, scored)
		for j := range hs {
			hs[j].shard = i
		}
		found[i] = hs
		return err
	})
	if err != nil {
		return nil, err
	}
	all := slices.Concat(found...)
	slices.SortFunc(all, rankedHit.compare)
	hits := make([]Hit, min(size, len(all)))
	for i := range hits {
		hits[i] = all[i].Hit
	}
	return hits, nil
}

// rankedHit is a hit with where it was found, to break ties of score in
// a stable order.
type rankedHit struct {
	Hit
	shard, seq int
}

// compare orders hits best first.
func (a rankedHit) compare(b rankedHit) int {
	return cmp.Or(cmp.Compare(b.Score, a.Score), cmp.Compare(a.shard, b.shard), cmp.Compare(a.seq, b.seq))
}

// searchShard searches one shard with bleve's searchers and its own
// collector, which, unlike bleve's, stops early: unscored, at the first
// size hits; scored, after scoring limit matches.
func searchShard(ctx context.Context, s bleve.Index, bq query.Query, size, limit int, scored bool) ([]rankedHit, error) {
	c := &collector{size: size, limit: limit, scored: scored}
	ctx = context.WithValue(ctx, blevesearch.MakeDocumentMatchHandlerKey, blevesearch.MakeDocumentMatchHandler(c.handler))
	req := bleve.NewSearchRequestOptions(bq, size, 0, false)
	if !scored {
		req.Score = "none"
	}
	_, err := s.SearchInContext(ctx, req)
	if err != nil && !errors.Is(err, errEnough) {
		return nil, err
	}
	if c.err != nil {
		return nil, c.err
	}
	return c.hits(), nil
}
