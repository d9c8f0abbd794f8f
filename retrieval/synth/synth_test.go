package synth

import (
	"context"
	"encoding/json"
	"math"
	"math/rand/v2"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"
	"unicode"

	"github.com/cbb-alliance/cbb/internal/shareddata"
	"github.com/cbb-alliance/cbb/layers/model"
)

var (
	realOnce  sync.Once
	realParts []model.Item
	realErr   error
)

// real returns the parts of Sources, read once per test binary.
func real(t *testing.T) []model.Item {
	t.Helper()
	root := shareddata.Dir(t)
	realOnce.Do(func() {
		var paths []string
		for _, s := range Sources {
			paths = append(paths, filepath.Join(root, s))
		}
		realParts, realErr = ReadParts(context.Background(), paths...)
	})
	if realErr != nil {
		t.Fatal(realErr)
	}
	return realParts
}

func generate(t *testing.T, m *Model, seed int64, n int) []model.Item {
	t.Helper()
	var out []model.Item
	if err := m.Generate(seed, n, func(it model.Item) error {
		out = append(out, it)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	return out
}

func TestReadParts(t *testing.T) {
	parts := real(t)
	if len(parts) < 5000 {
		t.Fatalf("%d real parts, want the ~6,700 of the part libraries and BOMs", len(parts))
	}
	systems := map[string]int{}
	for _, p := range parts {
		if p.Level != model.LevelPart {
			t.Fatalf("%s is a %s", p.ID, p.Level)
		}
		systems[p.Source.System]++
	}
	for _, s := range []string{"gitplm", "kicadlib", "horizon", "inventree", "kitspace", "nopscadlib"} {
		if systems[s] == 0 {
			t.Errorf("no parts from %s (got %v)", s, systems)
		}
	}
}

func TestGenerateDeterministic(t *testing.T) {
	m := Learn(real(t))
	a := generate(t, m, 7, 2000)
	b := generate(t, m, 7, 2000)
	if !reflect.DeepEqual(a, b) {
		t.Fatal("the same seed gave other parts")
	}
	// A catalogue's first parts are those of a smaller one.
	if small := generate(t, m, 7, 100); !reflect.DeepEqual(small, a[:100]) {
		t.Error("the first 100 parts of 2000 differ from a catalogue of 100")
	}
	if it := m.Item(7, 1234); !reflect.DeepEqual(it, a[1234]) {
		t.Error("Item(seed, i) differs from Generate's i-th part")
	}
	// A model learnt again from the same parts, in another order,
	// generates the same.
	shuffled := slices.Clone(real(t))
	rand.New(rand.NewPCG(1, 1)).Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
	if again := generate(t, Learn(shuffled), 7, 200); !reflect.DeepEqual(again, a[:200]) {
		t.Error("a model learnt again from the same parts, shuffled, generates other parts")
	}
	c := generate(t, m, 8, 200)
	same := 0
	for i := range c {
		if c[i].Name == a[i].Name {
			same++
		}
	}
	if same > 20 {
		t.Errorf("seeds 7 and 8 gave %d of 200 parts the same name", same)
	}
}

func TestGenerateValid(t *testing.T) {
	m := Learn(real(t))
	ids := map[model.ItemID]bool{}
	for _, it := range generate(t, m, 1, 20000) {
		if err := it.Validate(); err != nil {
			t.Fatal(err)
		}
		if ids[it.ID] {
			t.Fatalf("id %s twice", it.ID)
		}
		ids[it.ID] = true
		if it.Source.System != System || it.ID != model.KeyedID(&it) || model.CheckKeys(&it) != nil {
			t.Fatalf("%s: source %v", it.ID, it.Source)
		}
		for _, a := range it.Attributes {
			if a.Kind == model.Number && a.Raw != "" {
				if _, err := json.Marshal(a); err != nil {
					t.Fatal(err)
				}
			}
		}
	}
}

// TestDistributions checks a generated catalogue keeps the real parts'
// class shares and, per large class, how often each attribute occurs.
func TestDistributions(t *testing.T) {
	parts := real(t)
	m := Learn(parts)
	const n = 40000
	gen := generate(t, m, 3, n)
	count := func(items []model.Item) (map[model.ClassPath]float64, map[model.ClassPath]map[string]float64) {
		cls := map[model.ClassPath]float64{}
		attrs := map[model.ClassPath]map[string]float64{}
		for _, it := range items {
			cls[it.Class]++
			if attrs[it.Class] == nil {
				attrs[it.Class] = map[string]float64{}
			}
			for _, a := range it.Attributes {
				attrs[it.Class][a.Name]++
			}
		}
		for c, as := range attrs {
			for a := range as {
				as[a] /= cls[c]
			}
			cls[c] /= float64(len(items))
		}
		return cls, attrs
	}
	realCls, realAttrs := count(parts)
	genCls, genAttrs := count(gen)
	for _, cs := range m.Classes() {
		c := cs.Class
		if math.Abs(cs.Share-realCls[c]) > 1e-9 {
			t.Errorf("Classes: %q share %.4f, counted %.4f", c, cs.Share, realCls[c])
		}
		if d := math.Abs(genCls[c] - realCls[c]); d > 0.01 {
			t.Errorf("class %q: %.3f of generated parts, %.3f of real ones", c, genCls[c], realCls[c])
		}
		if realCls[c] < 0.02 {
			continue
		}
		for a, share := range realAttrs[c] {
			if d := math.Abs(genAttrs[c][a] - share); d > 0.05 {
				t.Errorf("class %q attribute %s: on %.3f of generated parts, %.3f of real ones", c, a, genAttrs[c][a], share)
			}
		}
	}
	// Owners, scopes and languages are the synthetic mix.
	scopes := map[model.ScopeKind]float64{}
	zh := 0.0
	for _, it := range gen {
		scopes[it.Scope.Kind] += 1.0 / n
		if strings.ContainsFunc(it.Description, func(r rune) bool { return unicode.Is(unicode.Han, r) }) {
			zh += 1.0 / n
		}
	}
	want := map[model.ScopeKind]float64{model.ScopeAlliance: 0.65, model.ScopeOwner: 0.15, model.ScopePartners: 0.12, model.ScopePublic: 0.08}
	for k, w := range want {
		if math.Abs(scopes[k]-w) > 0.02 {
			t.Errorf("scope %s on %.3f of parts, want about %.2f", k, scopes[k], w)
		}
	}
	if zh < 0.10 || zh > 0.25 {
		t.Errorf("%.3f of parts have a Chinese description, want about a sixth", zh)
	}
}

// TestNumbersFromReal checks generated values come from the real values of
// their class, or from the E-series next to them.
func TestNumbersFromReal(t *testing.T) {
	parts := real(t)
	m := Learn(parts)
	seen := map[string]map[float64]bool{}
	for _, p := range parts {
		for _, a := range p.Attributes {
			if a.Kind == model.Number {
				key := string(p.Class) + "|" + a.Name
				if seen[key] == nil {
					seen[key] = map[float64]bool{}
				}
				seen[key][a.Value] = true
			}
		}
	}
	for _, it := range generate(t, m, 5, 5000) {
		for _, a := range it.Attributes {
			if a.Kind != model.Number {
				continue
			}
			switch {
			case seen[string(it.Class)+"|"+a.Name][a.Value]:
			case a.Name == model.AttrResistance && (onSeries(a.Value, e24) || onSeries(a.Value, e96)):
			case (a.Name == model.AttrCapacitance || a.Name == model.AttrInductance) && onSeries(a.Value, e12):
			default:
				t.Errorf("%s %s: %s = %v is neither a real value of the class nor an E-series value", it.ID, it.Class, a.Name, a.Value)
			}
		}
	}
}

func TestQueries(t *testing.T) {
	m := Learn(real(t))
	qs := m.Queries(1, 3000)
	if !reflect.DeepEqual(qs, m.Queries(1, 3000)) {
		t.Fatal("the same seed gave other queries")
	}
	targets := map[model.ItemID]model.Item{}
	for _, it := range generate(t, m, 1, Targets) {
		targets[it.ID] = it
	}
	var numbers, zh, noText int
	for _, q := range qs {
		it, ok := targets[q.Target]
		if !ok {
			t.Fatalf("query %q: target %s is not among the first %d parts", q.Text, q.Target, Targets)
		}
		if q.Viewer == "" {
			t.Fatalf("query %q has no viewer", q.Text)
		}
		switch {
		case q.Text == "" && len(q.Numbers) == 0:
			t.Fatalf("query about %s has neither text nor filter", it.Name)
		case q.Text == "":
			noText++
		}
		if strings.ContainsFunc(q.Text, func(r rune) bool { return unicode.Is(unicode.Han, r) }) {
			zh++
		}
		for _, f := range q.Numbers {
			numbers++
			a, ok := it.Attr(f.Attr)
			if !ok || (f.Min != nil && a.Value < *f.Min) || (f.Max != nil && a.Value > *f.Max) {
				t.Errorf("query %q: filter %s [%v, %v] leaves out its own target (%v)", q.Text, f.Attr, f.Min, f.Max, a)
			}
		}
	}
	t.Logf("%d queries: %d with a numeric filter, %d in Chinese, %d without text", len(qs), numbers, zh, noText)
	if numbers < len(qs)/10 || zh < len(qs)/20 || noText == 0 {
		t.Errorf("query mix: %d with a numeric filter, %d in Chinese, %d without text", numbers, zh, noText)
	}
}

func TestLearnNoParts(t *testing.T) {
	if m := Learn([]model.Item{{ID: "x", Level: model.LevelModule, Name: "a module"}}); m != nil {
		t.Fatal("a model from no parts")
	}
}

func TestFormatQuantity(t *testing.T) {
	tests := []struct {
		v    float64
		unit string
		raw  string // the style to write in
		want string
	}{
		{4700, "Ω", "4k7", "4k7"},
		{10000, "Ω", "4k7", "10k"},
		{4.7, "Ω", "2R2", "4R7"},
		{4700, "Ω", "2.26K", "4.7K"},
		{2.26e6, "Ω", "1M", "2.26M"},
		{100, "Ω", "100", "100"},
		{1e-7, "F", "10nF", "100nF"},
		{1e-5, "F", "22 UF", "10 UF"},
		{2.2e-9, "F", "4n7", "2n2"},
		{0.5, "A", "2A", "500mA"},
		{0.008, "m", "25mm", "8mm"},
		{0.008, "m", "25", "8"},
		{1, "%", "5%", "1%"},
		{1.6e7, "Hz", "8MHz", "16MHz"},
		{0.1, "W", "1/4W", "100mW"},
		{12, "", "8", "12"},
	}
	for _, tc := range tests {
		if got := formatQuantity(tc.v, tc.unit, styleOf(tc.raw)); got != tc.want {
			t.Errorf("formatQuantity(%v %s, like %q) = %q, want %q", tc.v, tc.unit, tc.raw, got, tc.want)
		}
	}
}

func TestTemplates(t *testing.T) {
	it := model.Item{
		Name:          "RC0603FR-0710KL",
		Description:   "RES SMD 10K OHM 1% 0603 RC0603FR-0710KL lot 123456",
		Manufacturers: []model.ManufacturerPart{{Manufacturer: "Yageo", MPN: "RC0603FR-0710KL"}},
	}
	it.SetAttr(model.NumberAttr(model.AttrResistance, 10000, "Ω", ""))
	it.SetAttr(model.NumberAttr(model.AttrTolerance, 1, "%", "1%"))
	it.SetAttr(model.EnumAttr(model.AttrPackage, "0603", ""))
	tmpl := learnTemplate(it.Description, &it, true)
	var got []string
	for _, p := range tmpl {
		switch {
		case p.mpn:
			got = append(got, "<mpn>")
		case p.attr != "":
			got = append(got, "<"+p.attr+">")
		case p.shape:
			got = append(got, "<shape>")
		default:
			got = append(got, p.lit)
		}
	}
	want := "RES SMD <resistance> OHM <tolerance> <package> <mpn> lot <shape>"
	if s := strings.Join(got, " "); s != want {
		t.Errorf("template %q, want %q", s, want)
	}
	if tl := learnTemplate("M3x8", screw(), false); len(tl) != 1 || tl[0].attr != slotThreadLength {
		t.Errorf("M3x8 is not a thread and length slot: %+v", tl)
	}
}

func screw() *model.Item {
	it := &model.Item{Name: "M3x8 SHCS"}
	it.SetAttr(model.EnumAttr(model.AttrThread, "M3", ""))
	it.SetAttr(model.NumberAttr(model.AttrLength, 0.008, "m", ""))
	return it
}

func TestGlossary(t *testing.T) {
	tests := map[model.ClassPath]string{
		model.ClassResistors: "电阻",
		model.ClassScrews:    "螺钉",
		model.ClassStepper:   "步进电机",
		model.ClassBearings:  "轴承",
		"Electronics/Discrete Semiconductor Products/Transistors - Bipolar (BJT) - Single": "晶体管",
		"Electronics/Optoelectronics/LED Indication - Discrete":                            "发光二极管",
		"Paint": "",
	}
	for c, want := range tests {
		if got := glossary(c); got != want {
			t.Errorf("glossary(%q) = %q, want %q", c, got, want)
		}
	}
}
