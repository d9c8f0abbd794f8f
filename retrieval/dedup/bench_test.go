package dedup

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"sync"
	"testing"

	"github.com/cbb-alliance/cbb/layers/model"
	"github.com/cbb-alliance/cbb/pdm/normalize"
)

// catalogue returns n synthetic parts in the proportions and wordings of
// a member's part library that no one has rationalized: n/4 distinct parts
// (passives over the E96 and E12 series, LEDs, ICs with package variants,
// connectors and screws), each entered about four times in different
// wordings. Items are enriched by normalize.Enrich. The same n and seed
// give the same items.
func catalogue(n int, seed uint64) []model.Item {
	rng := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	pick := func(xs ...string) string { return xs[rng.IntN(len(xs))] }
	specs := make([]func() string, max(n/4, 1))
	for k := range specs {
		switch r := rng.IntN(100); {
		case r < 40:
			v := math.Round(math.Pow(10, float64(rng.IntN(96))/96)*100) / 100 * math.Pow10(rng.IntN(7))
			pkg, tol := pick("0402", "0603", "0805", "1206", "through-hole"), pick("1%", "5%")
			specs[k] = func() string {
				return fmt.Sprintf(pick("%s %s %s", "RES SMD %s OHM %[3]s %[2]s", "Resistor %s %s %s", "%[2]s %[1]s resistor %[3]s"), ohms(v), pkg, tol)
			}
		case r < 70:
			v := math.Round(math.Pow(10, float64(rng.IntN(12))/12)*10) / 10 * math.Pow10(rng.IntN(8)-12)
			pkg, diel, volt := pick("0402", "0603", "0805", "1206"), pick("X7R", "X5R", "C0G"), pick("6.3V", "10V", "16V", "25V", "50V")
			specs[k] = func() string {
				return fmt.Sprintf(pick("%s %s %s %s", "CAP CER %s %[4]s %[3]s %[2]s", "Capacitor %s %s %s %s", "%[2]s %[1]s %[3]s MLCC %[4]s"), farads(v), pkg, diel, volt)
			}
		case r < 73:
			color, pkg, cur := pick("red", "green", "blue", "yellow", "white", "orange", "amber", "pink"), pick("0402", "0603", "0805", "1206"), pick("2mA", "5mA", "10mA", "20mA", "30mA")
			specs[k] = func() string {
				return fmt.Sprintf(pick("LED %s %s %s", "%[2]s %[1]s LED %[3]s", "SMD LED %s %s %s"), color, pkg, cur)
			}
		case r < 90:
			base := fmt.Sprintf("%s%d", pick("LM", "TPS", "MCP", "ATMEGA", "STM32F", "AD", "MAX", "SN74HC", "NE", "LT"), 100+rng.IntN(9900))
			suffix := pick("", "-PU", "DR", "IDBVR", "-E/SS", "-AU")
			specs[k] = func() string {
				return fmt.Sprintf(pick("%s%s", "IC %s%s", "%s%s regulator", "%s%s op amp"), base, suffix)
			}
		case r < 95:
			pins, pitch := 2+rng.IntN(39), pick("2.54mm", "2.0mm", "1.27mm")
			specs[k] = func() string {
				return fmt.Sprintf(pick("Conn header %dPOS %s", "Pin header 1x%02d %s", "Header %d pins %s"), pins, pitch)
			}
		default:
			thread, length := 2+rng.IntN(7), 3+rng.IntN(58)
			specs[k] = func() string {
				return fmt.Sprintf(pick("Screw M%dx%d ISO 4762", "DIN 912 M%dx%d", "Socket head cap screw M%d x %dmm"), thread, length)
			}
		}
	}
	items := make([]model.Item, n)
	for i := range items {
		text := specs[rng.IntN(len(specs))]()
		it := model.Item{ID: model.NewID("bench", fmt.Sprint(i)), Level: model.LevelPart, Name: text, Description: text}
		normalize.Enrich(&it)
		items[i] = it
	}
	return items
}

func ohms(v float64) string {
	switch {
	case v >= 1e6:
		return fmt.Sprintf("%gM", v/1e6)
	case v >= 1e3:
		return fmt.Sprintf("%gk", v/1e3)
	}
	return fmt.Sprintf("%gR", v)
}

func farads(v float64) string {
	switch {
	case v >= 1e-6:
		return fmt.Sprintf("%guF", math.Round(v*1e7)/10)
	case v >= 1e-9:
		return fmt.Sprintf("%gnF", math.Round(v*1e10)/10)
	}
	return fmt.Sprintf("%gpF", math.Round(v*1e13)/10)
}

var (
	bigOnce sync.Once
	big     []model.Item
)

// BenchmarkFind100k finds the near-duplicates among 100,000 synthetic
// parts (see catalogue); docs/BENCHMARKS.md has the measured time.
func BenchmarkFind100k(b *testing.B) {
	bigOnce.Do(func() { big = catalogue(100_000, 1) })
	var pairs int
	for b.Loop() {
		ps, err := Find(context.Background(), big, Options{})
		if err != nil {
			b.Fatal(err)
		}
		pairs = len(ps)
	}
	b.ReportMetric(float64(pairs), "pairs")
}

// BenchmarkFindKitspace runs the evaluation's Find on the 2,166 Kitspace
// line texts.
func BenchmarkFindKitspace(b *testing.B) {
	s := loadKitspace(b)
	for b.Loop() {
		if _, err := Find(context.Background(), s.items, Options{IgnorePartNumbers: true}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkOf compares one part with 200 candidates, as for a search's
// hits.
func BenchmarkOf(b *testing.B) {
	items := catalogue(201, 2)
	for b.Loop() {
		Of(items[0], items[1:], Options{})
	}
}

// TestBlockingLosesNoPairs checks Find's blocking on a synthetic library
// large enough for blocks to overflow their limits: the pairs of a sample
// of items, found by comparing each with every item, are all in Find's.
func TestBlockingLosesNoPairs(t *testing.T) {
	if testing.Short() {
		t.Skip("slow: compares a sample of items with 20,000")
	}
	items := catalogue(20_000, 3)
	got, err := Find(context.Background(), items, Options{})
	if err != nil {
		t.Fatal(err)
	}
	found := map[string]bool{}
	for _, p := range got {
		found[pairKey(p.A, p.B)] = true
	}
	ps := make([]profile, len(items))
	for i := range items {
		ps[i] = newProfile(&items[i], false)
	}
	want, lost := 0, 0
	for i := 0; i < len(ps); i += 197 {
		for j := range ps {
			if p, ok := pairOf(&ps[i], &ps[j], DefaultThreshold); ok && j != i {
				want++
				if !found[pairKey(p.A, p.B)] {
					lost++
					t.Errorf("lost %.2f %q ~ %q", p.Score, items[i].Name, items[j].Name)
				}
			}
		}
	}
	t.Logf("%d pairs of %d sampled items, %d lost; %d pairs in all", want, len(ps)/197+1, lost, len(got))
}
