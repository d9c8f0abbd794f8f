package retrieval

import (
	"context"
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/cbb-alliance/cbb/layers/data"
	"github.com/cbb-alliance/cbb/layers/model"
	"github.com/cbb-alliance/cbb/retrieval/index"
)

// Items is what retrieval reads of the store: items and the BOM and
// variant edges in both directions. *data.Store implements it.
type Items interface {
	Item(ctx context.Context, id model.ItemID) (model.Item, error)
	Children(ctx context.Context, parent model.ItemID) ([]model.Edge, error)
	WhereUsed(ctx context.Context, child model.ItemID) ([]model.Edge, error)
}

// BulkItems is what a store offers to read many items at once, with their
// reuse counts; *data.Store implements it. Engine uses it when Items has
// it, and reads item by item otherwise.
type BulkItems interface {
	ItemsUse(ctx context.Context, ids []model.ItemID) (map[model.ItemID]data.ItemUse, error)
}

// read returns the candidates' current state and reuse counts, leaving
// out those the store no longer has.
func (e *Engine) read(ctx context.Context, ids []model.ItemID) (map[model.ItemID]data.ItemUse, error) {
	if b, ok := e.Items.(BulkItems); ok {
		return b.ItemsUse(ctx, ids)
	}
	out := make(map[model.ItemID]data.ItemUse, len(ids))
	for _, id := range ids {
		it, err := e.Items.Item(ctx, id)
		if model.Code(err) == model.NotFound {
			continue
		}
		if err != nil {
			return nil, err
		}
		used, err := e.Items.WhereUsed(ctx, id)
		if err != nil {
			return nil, err
		}
		out[id] = data.ItemUse{Item: it, UsedIn: len(used)}
	}
	return out, nil
}

// Engine answers requirements: candidates from the index, ranked by
// case-based similarity against the items as the store holds them.
type Engine struct {
	Items Items
	Index *index.Index
}

// Options tune a query.
type Options struct {
	// Viewer is the member the query runs as; it is required.
	Viewer index.Viewer
	// Limit is the most candidates per level for each requirement item;
	// DefaultLimit when 0.
	Limit int
	// Families also seeks families for items that seek parts or modules:
	// a family or parametric part may be varied to meet them (the design
	// layer's "variant").
	Families bool
}

// DefaultLimit is the number of candidates per level a query returns.
const DefaultLimit = 10

// Depth of candidate generation: hits taken from each index query, parts
// whose parents are considered for the assembly levels, and the most
// ancestors gathered for them.
const (
	searchSize   = 100
	partsUpward  = 25
	maxAncestors = 5000
	maxDepth     = 12
)

// Result is the answer to a requirement.
type Result struct {
	Requirement string         `json:"requirement"`
	Member      model.MemberID `json:"member"`
	Items       []ItemResult   `json:"items"`
}

// ItemResult holds the candidates for one requirement item: at most Limit
// per level sought, best first.
type ItemResult struct {
	Name       string        `json:"name"`
	Text       string        `json:"text,omitempty"`
	Class      string        `json:"class,omitempty"`
	Levels     []model.Level `json:"levels"`
	Candidates []Candidate   `json:"candidates"`
}

// Candidate is one ranked item with the explanation of its score.
type Candidate struct {
	ID          model.ItemID      `json:"id"`
	Level       model.Level       `json:"level"`
	Name        string            `json:"name"`
	Description string            `json:"description"`
	Class       model.ClassPath   `json:"class,omitempty"`
	Lifecycle   model.Lifecycle   `json:"lifecycle"`
	Owner       model.MemberID    `json:"owner"`
	Attributes  []model.Attribute `json:"attributes"`
	Source      model.SourceRef   `json:"source"`
	// Score is Similarity weighed by the lifecycle and the reuse prior.
	Score      float64 `json:"score"`
	Similarity float64 `json:"similarity"`
	// Must says whether the candidate meets the must-constraints.
	Must   MustStatus `json:"must"`
	UsedIn int        `json:"used_in"`
	// Explanation has one entry per constraint, the class and the text;
	// a module or family found through its parts also names the best
	// part and how many of its variants contain a match.
	Explanation []Explain `json:"explanation"`
	Via         *Via      `json:"via,omitempty"`
	// Technologies are the technologies (patents, know-how) the item
	// embodies, as far as the viewer may see them: their owners are
	// credited too when the item is reused.
	Technologies []TechnologyRef `json:"technologies,omitempty"`
}

// TechnologyRef names a technology an item embodies and its owner.
type TechnologyRef struct {
	ID    model.ItemID   `json:"id"`
	Name  string         `json:"name"`
	Owner model.MemberID `json:"owner"`
}

// Via says how an assembly-level candidate covers the requirement item:
// through which of its parts, and for a family in how many variants.
type Via struct {
	Part      model.ItemID `json:"part"`
	PartName  string       `json:"part_name"`
	PartScore float64      `json:"part_score"`
	Matching  int          `json:"matching_parts"`
	Variants  int          `json:"variants,omitempty"`
	Covering  int          `json:"variants_covering,omitempty"`
}

// Query ranks, for every item of req, the visible items at the levels it
// seeks.
func (e *Engine) Query(ctx context.Context, req model.Requirement, opt Options) (Result, error) {
	if err := req.Validate(); err != nil {
		return Result{}, err
	}
	if opt.Viewer.Member == "" {
		return Result{}, model.Errorf(model.Invalid, "query %q: no member to run as", req.Name)
	}
	if opt.Limit <= 0 {
		opt.Limit = DefaultLimit
	}
	res := Result{Requirement: req.Name, Member: opt.Viewer.Member}
	for _, ri := range req.Items {
		ir, err := e.queryItem(ctx, ri, opt)
		if err != nil {
			return Result{}, fmt.Errorf("requirement %q item %q: %w", req.Name, ri.Name, err)
		}
		res.Items = append(res.Items, ir)
	}
	return res, nil
}

func (e *Engine) queryItem(ctx context.Context, ri model.RequirementItem, opt Options) (ItemResult, error) {
	p := prepare(ri)
	if opt.Families && !p.seeks(model.LevelFamily) && (p.seeks(model.LevelPart) || p.seeks(model.LevelModule)) {
		p.levels = append(p.levels, model.LevelFamily)
	}
	ir := ItemResult{Name: ri.Name, Text: p.text, Class: string(p.class), Levels: p.levels}
	aggregate := p.seeks(model.LevelFamily) || p.seeks(model.LevelProduct) || p.seeks(model.LevelModule)
	levels := p.levels
	if aggregate && !p.seeks(model.LevelPart) {
		// Assemblies are found through their parts too.
		levels = append(slices.Clone(levels), model.LevelPart)
	}
	direct, err := e.rank(ctx, p, levels, opt.Viewer)
	if err != nil {
		return ir, err
	}
	var all []match
	for _, m := range direct {
		if p.seeks(m.item.Level) {
			all = append(all, m)
		}
	}
	if aggregate {
		up, err := e.assemblies(ctx, p, direct, opt.Viewer)
		if err != nil {
			return ir, err
		}
		all = mergeMatches(all, up)
	}
	slices.SortFunc(all, func(a, b match) int {
		if better(a, b) {
			return -1
		}
		if better(b, a) {
			return 1
		}
		return 0
	})
	perLevel := map[model.Level]int{}
	for _, m := range all {
		if perLevel[m.item.Level] >= opt.Limit {
			continue
		}
		perLevel[m.item.Level]++
		c := m.candidate()
		if c.Technologies, err = e.technologies(ctx, c.ID); err != nil {
			return ir, err
		}
		ir.Candidates = append(ir.Candidates, c)
	}
	return ir, nil
}

// technologies lists the technologies an item embodies: the parents of
// its embodiment edges that the store, as the viewer sees it, names.
func (e *Engine) technologies(ctx context.Context, id model.ItemID) ([]TechnologyRef, error) {
	if t, ok := e.Items.(interface {
		Technologies(context.Context, model.ItemID) ([]model.Item, error)
	}); ok {
		techs, err := t.Technologies(ctx, id)
		var out []TechnologyRef
		for _, it := range techs {
			out = append(out, TechnologyRef{ID: it.ID, Name: it.Name, Owner: it.Owner})
		}
		return out, err
	}
	used, err := e.Items.WhereUsed(ctx, id)
	if err != nil {
		return nil, err
	}
	var out []TechnologyRef
	for _, u := range used {
		if u.Kind != model.Embodiment {
			continue
		}
		t, err := e.Items.Item(ctx, u.Parent)
		if err != nil {
			return nil, err
		}
		out = append(out, TechnologyRef{ID: t.ID, Name: t.Name, Owner: t.Owner})
	}
	return out, nil
}

// rank gathers candidates at the given levels from the index and scores
// them, best first.
func (e *Engine) rank(ctx context.Context, p *prepared, levels []model.Level, v index.Viewer) ([]match, error) {
	hits, err := e.candidates(ctx, p, levels, v)
	if err != nil {
		return nil, err
	}
	best := 0.0
	ids := make([]model.ItemID, len(hits))
	for i, h := range hits {
		best = math.Max(best, h.Score)
		ids[i] = h.ID
	}
	uses, err := e.read(ctx, ids)
	if err != nil {
		return nil, err
	}
	out := make([]match, 0, len(hits))
	for _, h := range hits {
		u, ok := uses[h.ID]
		if !ok {
			continue // deleted since it was indexed
		}
		bm25 := 0.0
		if best > 0 {
			bm25 = h.Score / best
		}
		out = append(out, p.score(u.Item, bm25, u.UsedIn))
	}
	slices.SortFunc(out, func(a, b match) int {
		if better(a, b) {
			return -1
		}
		return 1
	})
	return out, nil
}

// candidates asks the index, as the viewer, for the items worth scoring:
// the text within the band of the numeric targets (the strongest
// candidates: "10k 0603 1% resistor" among the 10 kΩ items), the text
// alone (items that state the numbers differently or not at all), and,
// when the text found too few, the class (within the targets' band, if
// any) without the text: a Chinese text for items described in English.
func (e *Engine) candidates(ctx context.Context, p *prepared, levels []model.Level, v index.Viewer) ([]index.Hit, error) {
	var bands []index.NumberRange
	for _, c := range p.constraints {
		if r, ok := band(c); ok {
			bands = append(bands, r)
		}
	}
	var queries []index.Query
	base := index.Query{Text: p.text, Levels: levels, Viewer: v, Size: searchSize}
	if len(bands) > 0 {
		q := base
		q.Numbers = bands
		queries = append(queries, q)
	}
	if p.text != "" || len(bands) == 0 {
		q := base
		if p.text == "" {
			q.Class = p.item.Class
		}
		queries = append(queries, q)
	}
	seen := map[model.ItemID]int{}
	var hits []index.Hit
	for i, q := range queries {
		hs, err := e.Index.Search(ctx, q)
		if err != nil {
			return nil, err
		}
		for _, h := range hs {
			if j, ok := seen[h.ID]; ok {
				hits[j].Score = math.Max(hits[j].Score, h.Score)
				continue
			}
			seen[h.ID] = len(hits)
			hits = append(hits, h)
		}
		if i == len(queries)-1 && len(hits) < searchSize/2 && p.class != "" {
			q := index.Query{Levels: levels, Viewer: v, Size: searchSize, Class: p.class, Numbers: bands}
			hs, err := e.Index.Search(ctx, q)
			if err != nil {
				return nil, err
			}
			for _, h := range hs {
				if _, ok := seen[h.ID]; !ok {
					seen[h.ID] = len(hits)
					hits = append(hits, h)
				}
			}
		}
	}
	return hits, nil
}

// band is the index prefilter of a constraint: must-constraints and the
// targets read from the text, which name the value sought ("10k"); other
// should-constraints only rank.
func band(c constraint) (index.NumberRange, bool) {
	if c.Op == model.OneOf || !(c.Must || c.fromText && c.Op == model.Target) {
		return index.NumberRange{}, false
	}
	lo, hi := c.Value, c.Value
	switch c.Op {
	case model.Target:
		// An exact value is one term: numbers are read from their
		// decimal spelling, so "100n" and "0.1u" are the same float, and
		// a band of a hair either side would make bleve enumerate
		// hundreds of prefix terms in every segment.
		lo, hi = c.Value-c.Tolerance, c.Value+c.Tolerance
		return index.NumberRange{Attr: c.Attribute, Min: &lo, Max: &hi}, true
	case model.Min:
		return index.NumberRange{Attr: c.Attribute, Min: &lo}, true
	case model.Max:
		return index.NumberRange{Attr: c.Attribute, Max: &hi}, true
	}
	return index.NumberRange{}, false
}

func (m match) candidate() Candidate {
	it := m.item
	return Candidate{
		ID: it.ID, Level: it.Level, Name: it.Name, Description: it.Description, Class: it.Class,
		Lifecycle: it.Lifecycle, Owner: it.Owner, Attributes: it.Attributes, Source: it.Source,
		Score: round(m.score), Similarity: round(m.similarity), Must: m.must, UsedIn: m.usedIn,
		Explanation: roundExplain(m.explain), Via: m.via,
	}
}

func round(f float64) float64 { return math.Round(f*1e4) / 1e4 }

func roundExplain(es []Explain) []Explain {
	for i := range es {
		es[i].Score = round(es[i].Score)
	}
	return es
}

// TextRequirement is the requirement of a single free-text item, as
// `cbb query --text` states it.
func TextRequirement(text string, level model.Level, member model.MemberID) model.Requirement {
	if level == "" {
		level = model.LevelAny
	}
	text = strings.TrimSpace(text)
	return model.Requirement{
		Name: text, Member: member,
		Items: []model.RequirementItem{{Name: text, Text: text, Level: level, Quantity: 1}},
	}
}
