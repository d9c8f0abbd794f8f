package rules

import (
	"context"
	"fmt"
	"testing"
)

// Ten products: a hot end A in the first five, hot end B in the last five,
// never together (P = 1/C(10,5) = 1/252); a rare part E in the last two,
// never with A but not significantly (P = C(5,2)/C(10,2) = 10/45); a
// common frame in all.
func TestNeverTogether(t *testing.T) {
	tx := make([][]string, 10)
	for i := range tx {
		tx[i] = []string{"frame"}
		if i < 5 {
			tx[i] = append(tx[i], "hotendA", "nozzleA")
		} else {
			tx[i] = append(tx[i], "hotendB")
		}
		if i >= 8 {
			tx[i] = append(tx[i], "E")
		}
		if i == 0 || i == 5 {
			tx[i] = append(tx[i], "fan")
		}
	}
	tests := []struct {
		name  string
		opt   Options
		want  []string
		pairs int
	}{
		{"default", Options{}, []string{"hotendA excludes hotendB p=0.003968 exp=2.5 count=10"}, 1},
		{"lenient", Options{MaxPValue: 0.5}, []string{
			"hotendA excludes hotendB p=0.003968 exp=2.5 count=10",
			"hotendA excludes E p=0.2222 exp=1 count=7",
		}, 2},
		{"rare items left out", Options{MinEach: 3, MaxPValue: 0.5}, []string{
			"hotendA excludes hotendB p=0.003968 exp=2.5 count=10",
		}, 1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res, err := NeverTogether(context.Background(), tx, tc.opt)
			if err != nil {
				t.Fatal(err)
			}
			if len(res.Rules) != tc.pairs {
				t.Fatalf("%d rules %v, want %d", len(res.Rules), res.Rules, tc.pairs)
			}
			for i, w := range tc.want {
				r := res.Rules[i]
				got := fmt.Sprintf("%s p=%.4g exp=%.4g count=%d", r, r.PValue, r.Expected, r.Count)
				if got != w || r.Kind != Excludes {
					t.Errorf("rule %d = %s, want %s", i, got, w)
				}
			}
			if g := res.Groups["hotendA"]; len(g) != 2 || g[1] != "nozzleA" {
				t.Errorf("groups %v, want hotendA with nozzleA", res.Groups)
			}
		})
	}
}

// pNone agrees with the product formula for the hypergeometric P(X=0).
func TestPNone(t *testing.T) {
	for _, c := range []struct{ n, a, b int }{{10, 5, 5}, {20, 3, 7}, {6, 3, 3}, {100, 1, 1}, {50, 30, 25}} {
		want := 1.0
		for i := range c.b {
			want *= float64(c.n-c.a-i) / float64(c.n-i)
		}
		if got := pNone(c.n, c.a, c.b); !near(got, want) {
			t.Errorf("pNone(%d,%d,%d) = %g, want %g", c.n, c.a, c.b, got, want)
		}
	}
}

func BenchmarkNeverTogether(b *testing.B) {
	tx := make([][]string, 5000)
	for i := range tx {
		for j := range 300 {
			if (i*7+j*13)%(j/10+3) == 0 {
				tx[i] = append(tx[i], fmt.Sprintf("p%03d", j))
			}
		}
	}
	for b.Loop() {
		if _, err := NeverTogether(context.Background(), tx, Options{}); err != nil {
			b.Fatal(err)
		}
	}
}
