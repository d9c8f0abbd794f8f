package scale

import (
	"context"
	"testing"
)

// The steps of the side-by-side run at 10k parts x 1k products; the 100k x
// 10k figures are in docs/BENCHMARKS.md.
func BenchmarkGenerate(b *testing.B) {
	p := realProfile(b)
	for b.Loop() {
		if _, err := p.Generate(1, 10000, 1000); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkProject(b *testing.B) {
	m, err := realProfile(b).Generate(1, 10000, 1000)
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := Project(context.Background(), m, 10); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkLouvain(b *testing.B) {
	g := generatedGraph(b, 10000, 1000)
	for b.Loop() {
		if _, err := Louvain(context.Background(), g, DefaultLouvainParams()); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkGonumLouvain(b *testing.B) {
	g := generatedGraph(b, 10000, 1000)
	for b.Loop() {
		GonumLouvain(g, 1, 1)
	}
}
