package families

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/cbb-alliance/cbb/layers/model"
)

// electronics are the electronic parts of three part libraries together
// (about 3,200): many classes, many missing attributes, the hard case for
// Gower.
func electronics(b *testing.B) []model.Item {
	var out []model.Item
	for _, ds := range []string{"gitplm-parts", "digikey-kicad-lib", "horizon-pool-parts"} {
		for _, it := range realParts(b, ds) {
			if strings.HasPrefix(string(it.Class), "Electronics/") {
				out = append(out, it)
			}
		}
	}
	return out
}

// BenchmarkFamilies times the steps on the first n electronic parts taken
// as one class. NOTES.md quotes the figures.
func BenchmarkFamilies(b *testing.B) {
	all := electronics(b)
	for _, n := range []int{1000, 3000} {
		if n > len(all) {
			b.Fatalf("%d electronic parts, want %d", len(all), n)
		}
		items := all[:n]
		b.Run(fmt.Sprintf("gower/n=%d", n), func(b *testing.B) {
			for b.Loop() {
				if _, _, err := Gower(items, Options{}); err != nil {
					b.Fatal(err)
				}
			}
		})
		d, _, _ := Gower(items, Options{})
		for _, l := range []Linkage{Average, Single} {
			b.Run(fmt.Sprintf("cluster-%s/n=%d", l, n), func(b *testing.B) {
				for b.Loop() {
					if _, err := Cluster(d, l); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
		dg, _ := Cluster(d, Average)
		b.Run(fmt.Sprintf("cophenetic/n=%d", n), func(b *testing.B) {
			for b.Loop() {
				if _, err := dg.CopheneticCorrelation(d); err != nil {
					b.Fatal(err)
				}
			}
		})
		same := make([]model.Item, n)
		for i, it := range items {
			it.Class = "Electronics"
			same[i] = it
		}
		b.Run(fmt.Sprintf("families/n=%d", n), func(b *testing.B) {
			for b.Loop() {
				if _, err := Families(context.Background(), same, FamilyOptions{}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
