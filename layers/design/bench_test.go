package design

import (
	"context"
	"math/rand/v2"
	"testing"
)

// BenchmarkDecide decides random instances of up to four items with up
// to four candidates each and up to four rules (the property tests'
// generator).
func BenchmarkDecide(b *testing.B) {
	rng := rand.New(rand.NewPCG(1, 2))
	insts := make([]instance, 256)
	for i := range insts {
		insts[i] = randomInstance(rng)
	}
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		if _, err := Decide(context.Background(), insts[i%len(insts)].in); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkDecideLarge decides instances of up to 40 items with up to 8
// candidates each and up to 40 rules.
func BenchmarkDecideLarge(b *testing.B) {
	rng := rand.New(rand.NewPCG(3, 4))
	insts := make([]instance, 32)
	for i := range insts {
		insts[i] = sizedInstance(rng, 40, 9, 41)
	}
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		if _, err := Decide(context.Background(), insts[i%len(insts)].in); err != nil {
			b.Fatal(err)
		}
	}
}
