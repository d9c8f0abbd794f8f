package rules

import (
	"context"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/cbb-alliance/cbb/internal/testimport"
	"github.com/cbb-alliance/cbb/layers/model"
	"github.com/cbb-alliance/cbb/rationalize/matrix"
)

// real is the repository's NopSCADlib sample (20 products) and Mendel90
// family (6 variants), imported once, read into plain transactions.
type real struct {
	names    map[string]string     // item id or module key -> name
	products map[string][][]string // system -> one transaction per product
	rows     map[string][]string   // system -> product name per transaction
	assys    map[string][][]string // system -> one transaction per assembly: its direct parts
	parts    []model.Item
}

var (
	realOnce sync.Once
	realData *real
	realErr  error
)

// moduleKey names a module by its name: the readers give each product's
// assemblies their own ids, so the same assembly in two products only
// matches by name.
func moduleKey(name string) string { return "module:" + name }

func loadReal(t *testing.T) *real {
	t.Helper()
	realOnce.Do(func() {
		ctx := context.Background()
		dir, err := filepath.Abs(t.TempDir())
		if err != nil {
			realErr = err
			return
		}
		realData, realErr = importReal(ctx, dir)
	})
	if realErr != nil {
		t.Fatal(realErr)
	}
	return realData
}

func importReal(ctx context.Context, dir string) (*real, error) {
	s, err := testimport.Store(ctx, dir, "m", "../../testdata/nopscadlib", "../../testdata/mendel90")
	if err != nil {
		return nil, err
	}
	defer s.Close()
	r := &real{names: map[string]string{}, products: map[string][][]string{}, rows: map[string][]string{}, assys: map[string][][]string{}}
	prods, err := matrix.Products(ctx, s, matrix.Scope{})
	if err != nil {
		return nil, err
	}
	for _, p := range prods {
		leaves, inner, err := matrix.Explode(ctx, s, p.ID)
		if err != nil {
			return nil, err
		}
		var tx []string
		for id := range leaves {
			it, err := s.Item(ctx, id)
			if err != nil {
				return nil, err
			}
			r.names[string(id)] = it.Name
			tx = append(tx, string(id))
		}
		for id := range inner {
			it, err := s.Item(ctx, id)
			if err != nil {
				return nil, err
			}
			r.names[moduleKey(it.Name)] = "module " + it.Name
			tx = append(tx, moduleKey(it.Name))
			kids, err := s.Children(ctx, id)
			if err != nil {
				return nil, err
			}
			var assy []string
			for _, e := range kids {
				if _, ok := leaves[e.Child]; ok && e.Kind == model.BOM {
					assy = append(assy, string(e.Child))
				}
			}
			r.assys[p.Source.System] = append(r.assys[p.Source.System], assy)
		}
		r.products[p.Source.System] = append(r.products[p.Source.System], tx)
		r.rows[p.Source.System] = append(r.rows[p.Source.System], p.Name)
	}
	err = s.Items(ctx, model.LevelPart, func(it model.Item) error {
		r.parts = append(r.parts, it)
		return nil
	})
	return r, err
}

func (r *real) named(ids []string) string {
	var out []string
	for _, id := range ids {
		out = append(out, r.names[id])
	}
	return strings.Join(out, " & ")
}

func (r *real) logRules(t *testing.T, title string, rs []Rule, n int) {
	t.Helper()
	for i, x := range rs[:min(n, len(rs))] {
		t.Logf("%s %d: %s %s %s (n=%d c=%.2f lift=%.2f p=%.2g) +%d", title, i+1, r.named(x.Antecedent), x.Kind,
			r.named(x.Consequent[:1]), x.Count, x.Confidence, x.Lift, x.PValue, len(x.Consequent)-1)
	}
}

// Across the 20 NopSCADlib products, the two revisions of the DIY laser
// bed share a large group of parts no other product uses (one mutual
// rule), and modules require the parts they are built from.
func TestRealNopSCADlibProducts(t *testing.T) {
	r := loadReal(t)
	tx := r.products["nopscadlib"]
	res, err := Mine(context.Background(), tx, Options{MinSupport: 0.1})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%d products, %d frequent items, %d itemsets, %d groups, %d rules", res.Transactions, res.Items, res.Itemsets, len(res.Groups), len(res.Rules))
	r.logRules(t, "rule", res.Rules, 10)
	var laser, moduleRule bool
	for _, x := range res.Rules {
		if x.Mutual && x.Count == 2 && len(x.Consequent) >= 10 {
			var in []string
			for i, row := range tx {
				if slices.Contains(row, x.Antecedent[0]) {
					in = append(in, r.rows["nopscadlib"][i])
				}
			}
			laser = laser || slices.Equal(in, []string{"hotwolf__DIYLaserBed__revB", "hotwolf__DIYLaserBed__revA"}) ||
				slices.Equal(in, []string{"hotwolf__DIYLaserBed__revA", "hotwolf__DIYLaserBed__revB"})
		}
		if !x.Mutual && len(x.Antecedent) == 1 && strings.HasPrefix(x.Antecedent[0], "module:") &&
			!strings.HasPrefix(x.Consequent[0], "module:") && x.Confidence == 1 && x.Count >= 3 {
			if !moduleRule {
				t.Logf("module rule: %s requires %s (n=%d lift=%.2f)", r.named(x.Antecedent), r.named(x.Consequent), x.Count, x.Lift)
			}
			moduleRule = true
		}
	}
	if !laser {
		t.Error("no mutual group of ≥ 10 items shared by exactly the two DIY laser bed revisions")
	}
	if !moduleRule {
		t.Error("no rule 'module X requires part Y' with confidence 1 over ≥ 3 products")
	}
	nt, err := NeverTogether(context.Background(), tx, Options{})
	if err != nil {
		t.Fatal(err)
	}
	r.logRules(t, "never", nt.Rules, 5)
	if len(nt.Rules) == 0 || nt.Rules[0].PValue > 0.05 {
		t.Errorf("no never-together pair at P(none) ≤ 0.05 among the products")
	}
}

// Inside NopSCADlib assemblies (a transaction per assembly: its direct
// parts), fasteners pair: extrusion T-nuts come with M4 x 12 cap screws,
// M2 screws with M2 washers.
func TestRealNopSCADlibAssemblies(t *testing.T) {
	r := loadReal(t)
	tx := r.assys["nopscadlib"]
	res, err := Mine(context.Background(), tx, Options{MinSupport: 0.02, MinConfidence: 0.6})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%d assemblies, %d frequent items, %d itemsets, %d rules", res.Transactions, res.Items, res.Itemsets, len(res.Rules))
	r.logRules(t, "rule", res.Rules, 10)
	want := map[string]bool{
		"T-Nut (20x20) requires Screw M4 cap x 12mm":           false,
		"Screw M2 cap x 10mm requires Washer M2 x 5mm x 0.3mm": false,
	}
	for _, x := range res.Rules {
		k := r.named(x.Antecedent) + " requires " + r.named(x.Consequent)
		if _, ok := want[k]; ok && x.Lift > 10 && x.Count >= 8 {
			want[k] = true
		}
	}
	for k, ok := range want {
		if !ok {
			t.Errorf("%s: not found with lift > 10 over ≥ 8 assemblies", k)
		}
	}
	nt, err := NeverTogether(context.Background(), tx, Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("never together in one assembly: %d significant pairs (direct parts are too sparse: expected co-occurrences stay near 1)", len(nt.Rules))
}

// The parts' attributes give the catalogue relations: a thread fixes the
// diameter of screws, nuts and washers; bearings' outer diameter is at
// least 1.5 times the bore; a designation fixes a bearing's sizes. The
// stepper frame size does not fix the body length (NEMA17 comes 34, 40
// and 47 mm long), so no rule is claimed. Every rule holds on the parts.
func TestRealParameterRelations(t *testing.T) {
	r := loadReal(t)
	rs, err := ParameterRelations(context.Background(), r.parts, Options{})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]Rule{}
	for _, x := range rs {
		got[string(x.Scope)+": "+x.Condition+" => "+x.Expression] = x
	}
	t.Logf("%d parts, %d constraint rules", len(r.parts), len(rs))
	for _, w := range []struct {
		key      string
		minCount int
	}{
		{`Mechanical/Fasteners/Screws: thread == "M3" => diameter == 0.003`, 40},
		{`Mechanical/Fasteners/Nuts: thread == "M4" => diameter == 0.004`, 5},
		{`Mechanical/Bearings:  => outer_diameter >= 1.5 * bore`, 8},
		{`Mechanical/Bearings: designation == "608" => outer_diameter == 0.022`, 2},
		{`Mechanical/Fasteners/Washers:  => outer_diameter >= 2 * diameter`, 10},
	} {
		x, ok := got[w.key]
		if !ok || x.Count < w.minCount {
			t.Errorf("%s: found %v count %d, want ≥ %d", w.key, ok, x.Count, w.minCount)
			continue
		}
		t.Logf("%s (%s)", w.key, x.Evidence)
	}
	for _, x := range rs {
		if slices.Contains(x.Antecedent, model.AttrFrameSize) {
			t.Errorf("frame size claimed to fix %v: %s", x.Consequent, x.Evidence)
		}
	}
	for _, it := range r.parts {
		for _, x := range rs {
			if it.Class == x.Scope && !holds(t, x, it) {
				t.Errorf("%s does not hold for %s", x, it.Name)
			}
		}
	}
}

// In the Mendel90 family, the variants' alternatives show as excludes
// rules: the JHead hot end never with the E3D variants' 30 mm fan. Six
// variants cannot make a pair significant (3 and 2 of 6 apart has
// P(none) 0.2), so the threshold is loose.
func TestRealMendel90Family(t *testing.T) {
	r := loadReal(t)
	tx := r.products["mendel90"]
	res, err := Mine(context.Background(), tx, Options{MinSupport: 0.3})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%d variants %v, %d items, %d groups, %d rules", res.Transactions, r.rows["mendel90"], res.Items, len(res.Groups), len(res.Rules))
	r.logRules(t, "rule", res.Rules, 8)
	nt, err := NeverTogether(context.Background(), tx, Options{MaxPValue: 0.5})
	if err != nil {
		t.Fatal(err)
	}
	r.logRules(t, "never", nt.Rules, 8)
	found := false
	for _, x := range nt.Rules {
		pair := r.named(x.Antecedent) + " | " + r.named(x.Consequent)
		found = found || strings.Contains(pair, "JHead") && strings.Contains(pair, "Fan 30mm")
	}
	if !found {
		t.Error("the JHead hot end and the E3D fan are not found never together")
	}
}
