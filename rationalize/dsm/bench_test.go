package dsm

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/cbb-alliance/cbb/internal/shareddata"
)

func BenchmarkMethods(b *testing.B) {
	dir := shareddata.Dir(b, "dsm")
	ctx := context.Background()
	for _, f := range []string{"normalized/thebeau2001_elevator_dsm.csv", "ead/robot_DSM_full.csv"} {
		d := readTest(b, filepath.Join(dir, f))
		bus := DetectBus(d, DefaultBusParams())
		b.Run(filepath.Base(f)+"/louvain", func(b *testing.B) {
			for b.Loop() {
				Louvain(d, bus, 1, 1)
			}
		})
		b.Run(filepath.Base(f)+"/mcl", func(b *testing.B) {
			for b.Loop() {
				if _, err := MarkovClustering(ctx, d, bus, DefaultMCLParams()); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(filepath.Base(f)+"/thebeau", func(b *testing.B) {
			for b.Loop() {
				if _, err := Thebeau(ctx, d, bus, DefaultParams(), 1); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
