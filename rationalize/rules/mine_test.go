package rules

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/cbb-alliance/cbb/layers/model"
)

// market is the textbook basket: five transactions over six items.
var market = [][]string{
	{"bread", "milk"},
	{"bread", "diaper", "beer", "eggs"},
	{"milk", "diaper", "beer", "cola"},
	{"bread", "milk", "diaper", "beer"},
	{"bread", "milk", "diaper", "cola"},
}

func near(a, b float64) bool { return math.Abs(a-b) < 1e-9 }

// The measures of each rule, computed by hand: beer is in 3 of 5
// transactions, always with diaper (in 4): support 3/5, confidence 1,
// lift 1/(4/5), leverage 3/5 - 3/5·4/5.
func TestMineHandComputed(t *testing.T) {
	type want struct {
		rule                                string
		count                               int
		support, confidence, lift, leverage float64
	}
	tests := []struct {
		name     string
		opt      Options
		itemsets int
		want     []want
	}{
		{"pruned", Options{MinSupport: 0.4, MinConfidence: 0.7, MinLift: 1.1}, 17, []want{
			{"beer requires diaper", 3, 0.6, 1, 1.25, 0.6 - 0.6*0.8},
			{"cola requires diaper", 2, 0.4, 1, 1.25, 0.4 - 0.4*0.8},
			{"cola requires milk", 2, 0.4, 1, 1.25, 0.4 - 0.4*0.8},
			{"diaper requires beer", 3, 0.6, 0.75, 1.25, 0.6 - 0.8*0.6},
		}},
		{"pairs only", Options{MinSupport: 0.4, MinConfidence: 0.7, MinLift: 1.1, MaxLen: 2}, 13, []want{
			{"beer requires diaper", 3, 0.6, 1, 1.25, 0.12},
			{"cola requires diaper", 2, 0.4, 1, 1.25, 0.08},
			{"cola requires milk", 2, 0.4, 1, 1.25, 0.08},
			{"diaper requires beer", 3, 0.6, 0.75, 1.25, 0.12},
		}},
		{"redundant kept", Options{MinSupport: 0.4, MinConfidence: 0.7, MinLift: 1.1, KeepRedundant: true}, 17, []want{
			{"beer requires diaper", 3, 0.6, 1, 1.25, 0.12},
			{"bread & beer requires diaper", 2, 0.4, 1, 1.25, 0.4 - 0.4*0.8},
			{"cola requires diaper", 2, 0.4, 1, 1.25, 0.08},
			{"cola requires milk", 2, 0.4, 1, 1.25, 0.08},
			{"diaper & cola requires milk", 2, 0.4, 1, 1.25, 0.08},
			{"milk & beer requires diaper", 2, 0.4, 1, 1.25, 0.08},
			{"milk & cola requires diaper", 2, 0.4, 1, 1.25, 0.08},
			{"diaper requires beer", 3, 0.6, 0.75, 1.25, 0.12},
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res, err := Mine(context.Background(), market, tc.opt)
			if err != nil {
				t.Fatal(err)
			}
			if res.Transactions != 5 || res.Items != 5 || res.Itemsets != tc.itemsets || res.Groups != nil {
				t.Errorf("transactions %d items %d itemsets %d groups %v, want 5, 5 (eggs is rare), %d, none",
					res.Transactions, res.Items, res.Itemsets, res.Groups, tc.itemsets)
			}
			var got []string
			for _, r := range res.Rules {
				got = append(got, r.String())
			}
			if len(res.Rules) != len(tc.want) {
				t.Fatalf("rules %q, want %d", got, len(tc.want))
			}
			for i, w := range tc.want {
				r := res.Rules[i]
				if r.String() != w.rule || r.Count != w.count || !near(r.Support, w.support) ||
					!near(r.Confidence, w.confidence) || !near(r.Lift, w.lift) || !near(r.Leverage, w.leverage) {
					t.Errorf("rule %d = %s count %d s %.3f c %.3f l %.3f lev %.3f, want %+v",
						i, r, r.Count, r.Support, r.Confidence, r.Lift, r.Leverage, w)
				}
			}
		})
	}
}

// Items in exactly the same transactions are folded into their smallest
// id, reported once as a mutual rule, and stand for their group in the
// other rules.
func TestMineFoldsEquivalentItems(t *testing.T) {
	tx := [][]string{
		{"motor", "bracket", "screw", "frame"},
		{"motor", "bracket", "screw", "frame"},
		{"frame", "panel"},
		{"frame", "panel", "screw"},
	}
	res, err := Mine(context.Background(), tx, Options{MinSupport: 0.5, MinConfidence: 0.6})
	if err != nil {
		t.Fatal(err)
	}
	if g := res.Groups["bracket"]; !slices.Equal(g, []string{"bracket", "motor"}) || len(res.Groups) != 1 {
		t.Fatalf("groups %v, want bracket: [bracket motor]", res.Groups)
	}
	var got []string
	for _, r := range res.Rules {
		got = append(got, fmt.Sprintf("%s c%.2f l%.2f", r, r.Confidence, r.Lift))
	}
	want := []string{
		"bracket always with motor c1.00 l2.00",
		"bracket requires screw c1.00 l1.33",
		"screw requires bracket c0.67 l1.33",
	}
	if !slices.Equal(got, want) {
		t.Errorf("rules\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// FP-growth finds exactly the itemsets, with the counts, that counting
// every subset of every transaction finds.
func TestGrowthMatchesBruteForce(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for trial := range 20 {
		n, m := 10+rng.IntN(60), 3+rng.IntN(15)
		tx := make([][]string, n)
		for i := range tx {
			for j := range m {
				if rng.Float64() < 0.15+0.5*float64(j%3)/3 {
					tx[i] = append(tx[i], fmt.Sprintf("i%02d", j))
				}
			}
		}
		mc := 1 + rng.IntN(4)
		bk, err := prepare(context.Background(), tx, mc)
		if err != nil {
			t.Fatal(err)
		}
		sets, err := growth(context.Background(), bk, mc, 3)
		if err != nil {
			t.Fatal(err)
		}
		brute := map[setKey]int{}
		for _, r := range bk.tx {
			for a := range r {
				for b := a + 1; b < len(r); b++ {
					brute[keyOf([]int32{r[a], r[b]})]++
					for c := b + 1; c < len(r); c++ {
						brute[keyOf([]int32{r[a], r[b], r[c]})]++
					}
				}
			}
		}
		for k, c := range brute {
			if c < mc {
				delete(brute, k)
			}
		}
		if len(brute) != len(sets) {
			t.Fatalf("trial %d: %d itemsets, brute force %d", trial, len(sets), len(brute))
		}
		for k, c := range brute {
			if sets[k] != c {
				t.Fatalf("trial %d: itemset %v count %d, brute force %d", trial, k, sets[k], c)
			}
		}
	}
}

func TestOptionsInvalid(t *testing.T) {
	for _, o := range []Options{{MaxLen: 4}, {MaxLen: 1}, {MinSupport: 1.5}, {MinConfidence: -1}, {MinEach: -1}, {MaxRules: -2}} {
		_, err := Mine(context.Background(), market, o)
		var me *model.Error
		if !errors.As(err, &me) || me.Code != model.Invalid {
			t.Errorf("%+v: error %v, want invalid", o, err)
		}
	}
}

func TestMineCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Mine(ctx, market, Options{}); !errors.Is(err, context.Canceled) {
		t.Errorf("error %v, want context.Canceled", err)
	}
}

func BenchmarkMine(b *testing.B) {
	rng := rand.New(rand.NewPCG(3, 4))
	tx := make([][]string, 2000)
	for i := range tx {
		for j := range 400 {
			if rng.Float64() < 20/float64(j+20) {
				tx[i] = append(tx[i], fmt.Sprintf("p%03d", j))
			}
		}
	}
	b.ResetTimer()
	for b.Loop() {
		if _, err := Mine(context.Background(), tx, Options{MinSupport: 0.05, MinConfidence: 0.5}); err != nil {
			b.Fatal(err)
		}
	}
}
