package dedup

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/cbb-alliance/cbb/layers/model"
	"github.com/cbb-alliance/cbb/pdm/normalize"
)

// part makes an enriched part item named by its text, with its text as
// value (as BOM readers do), and optional part numbers.
func part(text string, mpns ...string) model.Item {
	it := model.Item{ID: model.NewID("test", text), Level: model.LevelPart, Name: text, Description: text}
	it.SetAttr(model.TextAttr(model.AttrValue, text))
	for _, m := range mpns {
		it.AddMPN(model.ManufacturerPart{MPN: m})
	}
	normalize.Enrich(&it)
	return it
}

func TestPairs(t *testing.T) {
	tests := []struct {
		name string
		a, b string
		want bool
		// reason, if set, is a reason the pair must give.
		reason string
	}{
		// Same function and parameters, different wording.
		{"resistor wording", "10k 0603 1%", "RES SMD 10K OHM 1% 1/10W 0603", true, "resistance 10 kΩ = 10 kΩ"},
		{"resistor RKM code", "4k7 0805", "Resistor 4.7 kOhm 0805", true, "package 0805 = 0805"},
		{"capacitor units", "100nF 0603 X7R", "CAP CER 0.1UF 50V X7R 0603", true, "capacitance 100 nF = 100 nF"},
		{"LED word order", "LED red 0603 SMD", "SMD LED RED 0603", true, "color red = red"},
		{"part number variant", "TSC2007IPW touch controller", "TSC2007IPWR touch screen controller", true, "code tsc2007ipw ~ tsc2007ipwr"},
		{"tape and reel", "MCP1700T-3302E/TT LDO regulator", "MCP1700-3302E LDO regulator", true, "code mcp1700t ~ mcp1700"},
		{"screw standards", "DIN 912 M3x10", "ISO 4762 M3 x 10mm socket head cap screw", true, "thread M3 = M3"},
		{"CJK wording", "贴片电阻 10k 0603", "电阻 10kΩ 0603 贴片", true, ""},

		// Same wording, different parameters.
		{"resistance differs", "10k 0603", "1k 0603", false, ""},
		{"package differs", "10k 0603", "10k 0805", false, ""},
		{"dielectric differs", "100nF 0603 X7R", "100nF 0603 C0G", false, ""},
		{"voltage differs", "10uF 0805 16V", "10uF 0805 6.3V", false, ""},
		{"colour differs", "LED red 0603", "LED green 0603", false, ""},
		{"polarity differs", "N-channel MOSFET SOT-23", "P-channel MOSFET SOT-23", false, ""},
		{"mounting differs", "10k resistor through-hole", "10k resistor 0603", false, ""},
		{"capacitor technology differs", "10uF 1206 tantalum", "10uF 1206 MLCC", false, ""},
		{"pin count differs", "Conn header 2POS 2.5mm", "Conn header 4POS 2.5mm", false, ""},
		{"thread differs", "Screw M3x10 ISO 4762", "Screw M4x10 ISO 4762", false, ""},
		{"part numbers differ", "ATMEGA328P microcontroller", "ATMEGA32U4 microcontroller", false, ""},
		{"part number variants differ", "ATMEGA328P-PU", "ATMEGA328P-AU", false, ""},
		{"potentiometer is no resistor", "10k", "10k lin potentiometer", false, ""},

		// Too little to tell.
		{"class word alone", "Resistor", "10k 0603 resistor", false, ""},
		{"value without package against package", "10k", "10k 0603", false, ""},
		{"reference designators", "R1, R2, R3", "R1, R2", false, ""},
		{"empty", "", "", false, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			a, b := part(tc.a), part(tc.b)
			b.ID += "b" // "" and "" are two items
			got := Of(a, []model.Item{b}, Options{})
			if (len(got) > 0) != tc.want {
				score, reasons, ok := explain(a, b)
				t.Fatalf("Of(%q, %q) = %v, want a pair: %v (score %.2f %v, ok %v)", tc.a, tc.b, got, tc.want, score, reasons, ok)
			}
			if tc.reason != "" && !slices.Contains(got[0].Reasons, tc.reason) {
				t.Errorf("reasons %q lack %q", got[0].Reasons, tc.reason)
			}
		})
	}
}

// explain returns the raw comparison of two items, for failure messages.
func explain(a, b model.Item) (float64, []string, bool) {
	pa, pb := newProfile(&a, false), newProfile(&b, false)
	return compare(&pa, &pb, true)
}

func TestPartNumbers(t *testing.T) {
	a := part("10k 0603", "RC0603FR-0710KL")
	b := part("Pull-up", "rc0603fr-07 10kl") // same number, other spelling
	b.Name = "RC0603FR-0710KL"               // readers name parts by their number
	tests := []struct {
		name   string
		opt    Options
		want   int
		reason string
	}{
		{"part numbers pair", Options{}, 1, "part number RC0603FR-0710KL"},
		{"ignored", Options{IgnorePartNumbers: true}, 0, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := Of(a, []model.Item{b}, tc.opt)
			if len(got) != tc.want {
				t.Fatalf("got %v, want %d pairs", got, tc.want)
			}
			if tc.want > 0 && (got[0].Score != 1 || got[0].Reasons[0] != tc.reason) {
				t.Errorf("got %+v, want score 1 for %q", got[0], tc.reason)
			}
		})
	}
}

func TestThreshold(t *testing.T) {
	a, b := part("100nF 0603 X7R"), part("CAP CER 0.1UF 50V X7R 0603")
	p := Of(a, []model.Item{b}, Options{Threshold: 0.01})
	if len(p) != 1 {
		t.Fatalf("no pair at threshold 0.01")
	}
	if got := Of(a, []model.Item{b}, Options{Threshold: p[0].Score + 0.001}); len(got) != 0 {
		t.Errorf("pair of score %.3f kept at threshold %.3f", p[0].Score, p[0].Score+0.001)
	}
	if got := Of(a, []model.Item{b}, Options{Threshold: p[0].Score}); len(got) != 1 {
		t.Errorf("pair of score %.3f dropped at its own score", p[0].Score)
	}
}

// TestFindMatchesOf checks that blocking loses no pair: Find returns the
// pairs that comparing every item with every other finds, with the same
// scores.
func TestFindMatchesOf(t *testing.T) {
	s := loadKitspace(t)
	items := s.items
	opt := Options{Threshold: 0.5, IgnorePartNumbers: true}
	got, err := Find(context.Background(), items, opt)
	if err != nil {
		t.Fatal(err)
	}
	ps := make([]profile, len(items))
	for i := range items {
		ps[i] = newProfile(&items[i], opt.IgnorePartNumbers)
	}
	want := map[string]float64{}
	for i := range ps {
		for j := i + 1; j < len(ps); j++ {
			if p, ok := pairOf(&ps[i], &ps[j], opt.threshold()); ok {
				want[pairKey(p.A, p.B)] = p.Score
			}
		}
	}
	for _, p := range got {
		k := pairKey(p.A, p.B)
		if s, ok := want[k]; !ok || s != p.Score {
			t.Errorf("Find pair %s~%s %.3f, all-pairs score %.3f (found %v)", p.A, p.B, p.Score, s, ok)
		}
		delete(want, k)
	}
	if len(want) > 0 {
		t.Errorf("blocking lost %d of %d pairs", len(want), len(want)+len(got))
	}
}

func TestFindOrderAndIDs(t *testing.T) {
	items := []model.Item{part("10k 0603"), part("1k 0603"), part("10K 0603 resistor"), part("R 10k 0603")}
	dup := items[0] // the same item twice is no pair of itself
	items = append(items, dup)
	got, err := Find(context.Background(), items, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 5 { // {0,2,3} pairwise, and 4 (= 0) with 2 and 3
		t.Fatalf("got %d pairs, want 5: %+v", len(got), got)
	}
	for i, p := range got {
		if p.A == p.B {
			t.Errorf("pair of %s with itself", p.A)
		}
		if i > 0 && got[i-1].Score < p.Score {
			t.Errorf("pairs not sorted by score at %d", i)
		}
	}
}

func TestFindCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := Find(ctx, []model.Item{part("10k 0603")}, Options{})
	if !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v, want context.Canceled", err)
	}
}

func TestGroups(t *testing.T) {
	tests := []struct {
		name  string
		pairs [][2]model.ItemID
		want  string
	}{
		{"none", nil, ""},
		{"one pair", [][2]model.ItemID{{"b", "a"}}, "a,b"},
		{"not transitive: a and c were kept apart", [][2]model.ItemID{{"a", "b"}, {"c", "b"}, {"x", "y"}}, "a,b|x,y"},
		{"a clique", [][2]model.ItemID{{"a", "b"}, {"c", "b"}, {"a", "c"}}, "a,b,c"},
		{"largest first", [][2]model.ItemID{{"a", "b"}, {"p", "q"}, {"q", "r"}, {"p", "r"}}, "p,q,r|a,b"},
		{"self pair ignored", [][2]model.ItemID{{"a", "a"}, {"c", "d"}}, "c,d"},
		{"merging cliques", [][2]model.ItemID{{"d", "e"}, {"a", "b"}, {"e", "b"}, {"a", "d"}, {"a", "e"}, {"b", "d"}}, "a,b,d,e"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var pairs []Pair
			for _, p := range tc.pairs {
				pairs = append(pairs, Pair{A: p[0], B: p[1]})
			}
			var groups []string
			for _, g := range Groups(pairs) {
				var ids []string
				for _, id := range g {
					ids = append(ids, string(id))
				}
				groups = append(groups, strings.Join(ids, ","))
			}
			if got := strings.Join(groups, "|"); got != tc.want {
				t.Errorf("Groups = %q, want %q", got, tc.want)
			}
		})
	}
}

func TestReadText(t *testing.T) {
	tests := []struct {
		text   string
		tokens string
		codes  string
	}{
		{"4.7k 1206", "#4700 1206", ""},
		{"4K7 Resistor", "#4700 resistor", ""},
		{"R 10 kΩ 0603", "#1e+04 0603", ""},
		{"100nF, 0603, X7R", "#1e-07 0603 x7r", ""},
		{"MCP73831T-2ACI/OT charge management", "2aci charge management mcp73831t ot", "mcp73831t2aciot/mcp73831t"},
		{"Male 2X03 Header", "2x3 header male", ""},
		{"R_0805_2012Metric", "0805 2012metric", ""},
		{"C5, C14, C16", "", ""},
		{"贴片电阻", "片电 电阻 贴片", ""},
		{"SOT-23-5", "23 5 sot", ""},
	}
	for _, tc := range tests {
		w := readText(tc.text)
		slices.Sort(w.tokens)
		var codes []string
		for _, c := range w.codes {
			codes = append(codes, strings.TrimSuffix(c.full+"/"+c.base, "/"))
		}
		if got := strings.Join(w.tokens, " "); got != tc.tokens {
			t.Errorf("readText(%q) tokens %q, want %q", tc.text, got, tc.tokens)
		}
		if got := strings.Join(codes, " "); got != tc.codes {
			t.Errorf("readText(%q) codes %q, want %q", tc.text, got, tc.codes)
		}
	}
}
