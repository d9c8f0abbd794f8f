package retrieval

import (
	"context"
	"flag"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"
	"text/tabwriter"

	"gopkg.in/yaml.v3"

	"github.com/cbb-alliance/cbb/layers/model"
	"github.com/cbb-alliance/cbb/layers/quantity"
	"github.com/cbb-alliance/cbb/retrieval/index"
)

// The retrieval evaluation: requirements phrased as engineers phrase them
// (testdata/eval/*.yaml), each with a relevance judgement written over the
// catalogue's own fields (MPN, source key, class, typed attributes), never
// over what a ranking returns. The harness resolves every judgement against
// the whole catalogue, runs each requirement through the Engine and through
// plain BM25 full-text search, and scores both by the reciprocal rank of the
// first relevant item and recall in the top 10.
//
//	go test ./retrieval -run TestEval -v                        per-query table
//	go test ./retrieval -run TestEval -eval.report=/tmp/eval.md the markdown tables
//	go test ./retrieval -run TestEval -eval.dir=/some/other/set another set

var (
	evalDir    = flag.String("eval.dir", filepath.Join("testdata", "eval"), "directory of evaluation sets (*.yaml)")
	evalReport = flag.String("eval.report", "", "write the evaluation tables, in markdown, to this file")
	evalShow   = flag.String("eval.show", "", "log both top-10 lists of the queries with these ids (comma-separated), relevant items marked")
)

// evalCutoff is the depth both rankings are judged at.
const evalCutoff = 10

// Floors measured on testdata/eval (see docs/BENCHMARKS.md), a little under the
// measured values so an unrelated change in the data does not fail the
// test, while a real regression of the ranking does.
const (
	floorMRR    = 0.90
	floorRecall = 0.84
)

// evalQuery is one entry of an evaluation set: a requirement, as text or as
// one item of a requirement file, and the judgement of what answers it.
type evalQuery struct {
	ID       string `yaml:"id"`
	Category string `yaml:"category"`
	Text     string `yaml:"text"`
	Level    string `yaml:"level"`
	// Requirement is one item in the requirement-file form (see
	// ReadRequirement); its text is what the baseline searches for.
	Requirement map[string]any `yaml:"requirement"`
	Relevant    judgement      `yaml:"relevant"`

	file string
	req  model.Requirement
	test matcher
}

// judgement says which catalogue items answer a query, over the items' own
// fields. Every field given must hold (and the item must be at the level
// sought); an empty judgement is refused.
//
//   - mpn: one of the item's manufacturer part numbers is one of these
//     (case-insensitive); mpn_prefix: begins with one of these.
//   - source: the item's source external id is one of these; system: its
//     source system is one of these.
//   - class_contains: the class path contains this (case-insensitive).
//   - name_contains: the name or description contains every one of these
//     (case-insensitive).
//   - attributes: attribute name -> value test: "10k", "8mm" (a number,
//     read in the attribute's unit; equal to 1e-6, or inside a range
//     attribute), ">=50V", "<=1%", ">3mm" (bounds), "X7R|X5R" (one of these
//     texts, case-insensitive), "*" (present at all).
//   - any: at least one of these judgements holds; not: this one does not.
type judgement struct {
	MPN           []string          `yaml:"mpn"`
	MPNPrefix     []string          `yaml:"mpn_prefix"`
	MPNContains   []string          `yaml:"mpn_contains"`
	Source        []string          `yaml:"source"`
	System        []string          `yaml:"system"`
	ClassContains string            `yaml:"class_contains"`
	NameContains  []string          `yaml:"name_contains"`
	Attributes    map[string]string `yaml:"attributes"`
	Any           []judgement       `yaml:"any"`
	All           []judgement       `yaml:"all"`
	Not           *judgement        `yaml:"not"`
	HasPart       *judgement        `yaml:"has_part"`
}

// matcher is a compiled judgement; cat gives the BOM for has_part.
type matcher func(it model.Item, cat *evalCatalogue) bool

// evalCatalogue is the catalogue as the judgements see it: every item and
// the parts below each.
type evalCatalogue struct {
	items    map[model.ItemID]model.Item
	children map[model.ItemID][]model.ItemID
}

// below reports whether an item somewhere under root matches m.
func (c *evalCatalogue) below(root model.ItemID, m matcher) bool {
	seen := map[model.ItemID]bool{root: true}
	stack := []model.ItemID{root}
	for len(stack) > 0 {
		id := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		for _, ch := range c.children[id] {
			if seen[ch] {
				continue
			}
			seen[ch] = true
			if it, ok := c.items[ch]; ok && m(it, c) {
				return true
			}
			stack = append(stack, ch)
		}
	}
	return false
}

func fold(ss []string) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = strings.ToLower(strings.TrimSpace(s))
	}
	return out
}

func (j judgement) compile() (matcher, error) {
	var tests []matcher
	if len(j.MPN) > 0 || len(j.MPNPrefix) > 0 || len(j.MPNContains) > 0 {
		exact, prefixes, parts := fold(j.MPN), fold(j.MPNPrefix), fold(j.MPNContains)
		tests = append(tests, func(it model.Item, _ *evalCatalogue) bool {
			for _, m := range it.Manufacturers {
				mpn := strings.ToLower(m.MPN)
				if slices.Contains(exact, mpn) ||
					slices.ContainsFunc(prefixes, func(p string) bool { return strings.HasPrefix(mpn, p) }) ||
					slices.ContainsFunc(parts, func(p string) bool { return strings.Contains(mpn, p) }) {
					return true
				}
			}
			return false
		})
	}
	if len(j.Source) > 0 {
		tests = append(tests, func(it model.Item, _ *evalCatalogue) bool { return slices.Contains(j.Source, it.Source.ExternalID) })
	}
	if len(j.System) > 0 {
		tests = append(tests, func(it model.Item, _ *evalCatalogue) bool { return slices.Contains(j.System, it.Source.System) })
	}
	if j.ClassContains != "" {
		c := strings.ToLower(j.ClassContains)
		tests = append(tests, func(it model.Item, _ *evalCatalogue) bool {
			return strings.Contains(strings.ToLower(string(it.Class)), c)
		})
	}
	if len(j.NameContains) > 0 {
		words := fold(j.NameContains)
		tests = append(tests, func(it model.Item, _ *evalCatalogue) bool {
			text := strings.ToLower(it.Name + " " + it.Description)
			for _, w := range words {
				if !strings.Contains(text, w) {
					return false
				}
			}
			return true
		})
	}
	names := make([]string, 0, len(j.Attributes))
	for name := range j.Attributes {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		t, err := attrTest(name, j.Attributes[name])
		if err != nil {
			return nil, err
		}
		tests = append(tests, t)
	}
	sub := func(field string, js []judgement) ([]matcher, error) {
		var ms []matcher
		for i, s := range js {
			m, err := s.compile()
			if err != nil {
				return nil, fmt.Errorf("%s[%d]: %w", field, i, err)
			}
			ms = append(ms, m)
		}
		return ms, nil
	}
	if len(j.Any) > 0 {
		alts, err := sub("any", j.Any)
		if err != nil {
			return nil, err
		}
		tests = append(tests, func(it model.Item, c *evalCatalogue) bool {
			return slices.ContainsFunc(alts, func(m matcher) bool { return m(it, c) })
		})
	}
	if len(j.All) > 0 {
		all, err := sub("all", j.All)
		if err != nil {
			return nil, err
		}
		tests = append(tests, all...)
	}
	if j.Not != nil {
		m, err := j.Not.compile()
		if err != nil {
			return nil, fmt.Errorf("not: %w", err)
		}
		tests = append(tests, func(it model.Item, c *evalCatalogue) bool { return !m(it, c) })
	}
	if j.HasPart != nil {
		m, err := j.HasPart.compile()
		if err != nil {
			return nil, fmt.Errorf("has_part: %w", err)
		}
		tests = append(tests, func(it model.Item, c *evalCatalogue) bool { return c.below(it.ID, m) })
	}
	if len(tests) == 0 {
		return nil, fmt.Errorf("empty judgement")
	}
	return func(it model.Item, c *evalCatalogue) bool {
		for _, t := range tests {
			if !t(it, c) {
				return false
			}
		}
		return true
	}, nil
}

// attrTest compiles the test of one attribute value (see judgement).
func attrTest(name, want string) (matcher, error) {
	want = strings.TrimSpace(want)
	if rest, ok := strings.CutPrefix(want, "?"); ok {
		// Unknown is not disqualifying: the item may simply not say.
		t, err := attrTest(name, rest)
		if err != nil {
			return nil, err
		}
		return func(it model.Item, c *evalCatalogue) bool {
			_, ok := it.Attr(name)
			return !ok || t(it, c)
		}, nil
	}
	if want == "*" {
		return func(it model.Item, _ *evalCatalogue) bool { _, ok := it.Attr(name); return ok }, nil
	}
	op := ""
	for _, o := range []string{">=", "<=", ">", "<"} {
		if rest, ok := strings.CutPrefix(want, o); ok {
			op, want = o, strings.TrimSpace(rest)
			break
		}
	}
	alts := fold(strings.Split(want, "|"))
	q, err := quantity.Parse(want, model.UnitOf(name))
	numeric := err == nil && !strings.Contains(want, "|")
	if op != "" && !numeric {
		return nil, fmt.Errorf("attribute %s: bound %q is not a number: %v", name, want, err)
	}
	v := q.Value
	eps := math.Abs(v) * 1e-6
	return func(it model.Item, _ *evalCatalogue) bool {
		a, ok := it.Attr(name)
		switch {
		case !ok:
			return false
		case a.Kind != model.Number && a.Kind != model.Range:
			// An enum or text: "0603" is a package code, not a number.
			return op == "" && slices.Contains(alts, strings.ToLower(a.Text))
		case !numeric:
			return false
		}
		lo, hi := a.Value, a.Value
		if a.Kind == model.Range {
			hi = a.Max
		}
		switch op {
		case ">=":
			return hi >= v-eps
		case ">":
			return hi > v+eps
		case "<=":
			return lo <= v+eps
		case "<":
			return lo < v-eps
		}
		return lo <= v+eps && hi >= v-eps
	}, nil
}

// loadEval reads every *.yaml of dir and prepares its queries: the
// requirement each states and the compiled judgement.
func loadEval(t testing.TB, dir string) []*evalQuery {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(dir, "*.yaml"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no evaluation sets in %s (%v)", dir, err)
	}
	var out []*evalQuery
	ids := map[string]string{}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var qs []*evalQuery
		dec := yaml.NewDecoder(strings.NewReader(string(data)))
		dec.KnownFields(true)
		if err := dec.Decode(&qs); err != nil {
			t.Fatalf("read %s: %v", f, err)
		}
		for i, q := range qs {
			q.file = filepath.Base(f)
			if q.ID == "" {
				q.ID = fmt.Sprintf("%s#%d", q.file, i+1)
			}
			if prev, ok := ids[q.ID]; ok {
				t.Fatalf("%s: query id %q already used in %s", f, q.ID, prev)
			}
			ids[q.ID] = q.file
			if err := q.prepare(); err != nil {
				t.Fatalf("%s: query %s: %v", f, q.ID, err)
			}
			out = append(out, q)
		}
	}
	return out
}

func (q *evalQuery) prepare() error {
	var err error
	if q.test, err = q.Relevant.compile(); err != nil {
		return fmt.Errorf("relevant: %w", err)
	}
	if q.Category == "" {
		return fmt.Errorf("no category")
	}
	switch {
	case q.Requirement != nil && q.Text != "":
		return fmt.Errorf("give text or requirement, not both")
	case q.Requirement != nil:
		file, err := yaml.Marshal(map[string]any{"name": q.ID, "items": []map[string]any{q.Requirement}})
		if err != nil {
			return err
		}
		if q.req, err = ReadRequirement(q.ID, strings.NewReader(string(file))); err != nil {
			return err
		}
		if q.Level != "" {
			return fmt.Errorf("the level of a requirement goes in the requirement")
		}
		q.Text, q.Level = q.req.Items[0].Text, string(q.req.Items[0].Level)
	case q.Text != "":
		q.req = TextRequirement(q.Text, model.Level(q.Level), "")
		q.Level = string(q.req.Items[0].Level)
	default:
		return fmt.Errorf("no text and no requirement")
	}
	if q.Text == "" {
		return fmt.Errorf("no text: the baseline needs one")
	}
	return q.req.Validate()
}

// levels is what the query seeks: nil for any level.
func (q *evalQuery) levels() []model.Level {
	if q.Level == string(model.LevelAny) {
		return nil
	}
	return []model.Level{model.Level(q.Level)}
}

func (q *evalQuery) relevant(it model.Item, c *evalCatalogue) bool {
	return (q.levels() == nil || it.Level == model.Level(q.Level)) && q.test(it, c)
}

// evalScore is one ranking judged at evalCutoff.
type evalScore struct {
	rank   int // of the first relevant item, 1-based; 0: none in the top
	found  int // relevant items in the top
	recall float64
	top    string // the first item returned, for the table
}

func (s evalScore) rr() float64 {
	if s.rank == 0 {
		return 0
	}
	return 1 / float64(s.rank)
}

func judge(ids []model.ItemID, names map[model.ItemID]string, rel map[model.ItemID]bool) evalScore {
	var s evalScore
	if len(ids) > evalCutoff {
		ids = ids[:evalCutoff]
	}
	for i, id := range ids {
		if i == 0 {
			s.top = names[id]
		}
		if rel[id] {
			s.found++
			if s.rank == 0 {
				s.rank = i + 1
			}
		}
	}
	s.recall = float64(s.found) / float64(min(evalCutoff, len(rel)))
	return s
}

// evalRow is the outcome of one query.
type evalRow struct {
	q             *evalQuery
	relevant      int
	engine, plain evalScore
}

// runEval resolves the judgements over the catalogue and ranks every query
// both ways.
func runEval(t *testing.T, qs []*evalQuery) []evalRow {
	t.Helper()
	ctx := context.Background()
	s, x := catalogue(t)
	rel := make([]map[model.ItemID]bool, len(qs))
	for i := range rel {
		rel[i] = map[model.ItemID]bool{}
	}
	cat := &evalCatalogue{items: map[model.ItemID]model.Item{}, children: map[model.ItemID][]model.ItemID{}}
	err := s.Items(ctx, "", func(it model.Item) error {
		cat.items[it.ID] = it
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for id := range cat.items {
		edges, err := s.Children(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range edges {
			if e.Kind == model.BOM {
				cat.children[id] = append(cat.children[id], e.Child)
			}
		}
	}
	names := map[model.ItemID]string{}
	for id, it := range cat.items {
		names[id] = it.Name
		for i, q := range qs {
			if q.relevant(it, cat) {
				rel[i][id] = true
			}
		}
	}
	e := &Engine{Items: s, Index: x}
	rows := make([]evalRow, len(qs))
	for i, q := range qs {
		if len(rel[i]) == 0 {
			t.Errorf("%s: query %s (%q): the judgement matches no item of the catalogue", q.file, q.ID, q.Text)
			continue
		}
		res, err := e.Query(ctx, q.req, Options{Viewer: libViewer, Limit: evalCutoff})
		if err != nil {
			t.Fatalf("query %s: %v", q.ID, err)
		}
		var ranked []model.ItemID
		for _, c := range res.Items[0].Candidates {
			ranked = append(ranked, c.ID)
		}
		hits, err := x.Search(ctx, index.Query{Text: q.Text, Levels: q.levels(), Viewer: libViewer, Size: evalCutoff})
		if err != nil {
			t.Fatalf("baseline %s: %v", q.ID, err)
		}
		var plain []model.ItemID
		for _, h := range hits {
			plain = append(plain, h.ID)
		}
		if slices.Contains(strings.Split(*evalShow, ","), q.ID) {
			showLists(t, q, cat, rel[i], ranked, plain)
		}
		rows[i] = evalRow{q: q, relevant: len(rel[i]), engine: judge(ranked, names, rel[i]), plain: judge(plain, names, rel[i])}
	}
	if t.Failed() {
		t.FailNow()
	}
	return rows
}

// showLists logs both rankings of q, a "*" before each relevant item.
func showLists(t *testing.T, q *evalQuery, cat *evalCatalogue, rel map[model.ItemID]bool, lists ...[]model.ItemID) {
	for i, ids := range lists {
		t.Logf("%s %q: %s", q.ID, q.Text, [...]string{"engine", "BM25"}[i])
		for r, id := range ids {
			mark := " "
			if rel[id] {
				mark = "*"
			}
			it := cat.items[id]
			t.Logf("  %s%2d %s | %.60s | %s | %s", mark, r+1, it.Name, it.Description, it.Class, it.Source)
		}
	}
}

// evalMeans are the mean scores of a group of rows.
type evalMeans struct {
	n                            int
	engMRR, engRec, bmMRR, bmRec float64
}

func means(rows []evalRow) evalMeans {
	var m evalMeans
	for _, r := range rows {
		m.n++
		m.engMRR += r.engine.rr()
		m.engRec += r.engine.recall
		m.bmMRR += r.plain.rr()
		m.bmRec += r.plain.recall
	}
	if m.n > 0 {
		n := float64(m.n)
		m.engMRR, m.engRec, m.bmMRR, m.bmRec = m.engMRR/n, m.engRec/n, m.bmMRR/n, m.bmRec/n
	}
	return m
}

func TestEval(t *testing.T) {
	qs := loadEval(t, *evalDir)
	rows := runEval(t, qs)
	all := means(rows)
	if testing.Verbose() {
		tw := tabwriter.NewWriter(os.Stdout, 0, 0, 1, ' ', 0)
		fmt.Fprintln(tw, "id\tcategory\tlevel\trel\tengine rank\trecall\tbm25 rank\trecall\tengine top\tbm25 top")
		for _, r := range rows {
			fmt.Fprintf(tw, "%s\t%s\t%s\t%d\t%d\t%.2f\t%d\t%.2f\t%.40s\t%.40s\n", r.q.ID, r.q.Category, r.q.Level, r.relevant,
				r.engine.rank, r.engine.recall, r.plain.rank, r.plain.recall, r.engine.top, r.plain.top)
		}
		_ = tw.Flush()
	}
	t.Logf("%d queries: engine MRR %.3f recall@10 %.3f; BM25 MRR %.3f recall@10 %.3f", all.n, all.engMRR, all.engRec, all.bmMRR, all.bmRec)
	if *evalReport != "" {
		if err := os.WriteFile(*evalReport, []byte(evalMarkdown(rows)), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if *evalDir != filepath.Join("testdata", "eval") {
		return // the floors are those of our set
	}
	if all.engMRR < floorMRR || all.engRec < floorRecall {
		t.Errorf("engine MRR %.3f, recall@10 %.3f: below the floors %.2f, %.2f", all.engMRR, all.engRec, floorMRR, floorRecall)
	}
	if all.engMRR <= all.bmMRR || all.engRec <= all.bmRec {
		t.Errorf("engine (MRR %.3f, recall@10 %.3f) does not beat plain BM25 (MRR %.3f, recall@10 %.3f)", all.engMRR, all.engRec, all.bmMRR, all.bmRec)
	}
}

// evalMarkdown renders the means, overall and per category, and the
// per-query table.
func evalMarkdown(rows []evalRow) string {
	var b strings.Builder
	cats := map[string][]evalRow{}
	var order []string
	for _, r := range rows {
		if _, ok := cats[r.q.Category]; !ok {
			order = append(order, r.q.Category)
		}
		cats[r.q.Category] = append(cats[r.q.Category], r)
	}
	sort.Strings(order)
	b.WriteString("| category | queries | engine MRR | BM25 MRR | engine recall@10 | BM25 recall@10 |\n|---|---:|---:|---:|---:|---:|\n")
	line := func(name string, m evalMeans) {
		fmt.Fprintf(&b, "| %s | %d | %.3f | %.3f | %.3f | %.3f |\n", name, m.n, m.engMRR, m.bmMRR, m.engRec, m.bmRec)
	}
	for _, c := range order {
		line(c, means(cats[c]))
	}
	line("**all**", means(rows))
	b.WriteString("\n| id | query | level | relevant | engine rank | engine recall | BM25 rank | BM25 recall |\n|---|---|---|---:|---:|---:|---:|---:|\n")
	rank := func(n int) string {
		if n == 0 {
			return "–"
		}
		return fmt.Sprint(n)
	}
	for _, r := range rows {
		fmt.Fprintf(&b, "| %s | %s | %s | %d | %s | %.2f | %s | %.2f |\n", r.q.ID, strings.ReplaceAll(r.q.Text, "|", `\|`), r.q.Level,
			r.relevant, rank(r.engine.rank), r.engine.recall, rank(r.plain.rank), r.plain.recall)
	}
	return b.String()
}
