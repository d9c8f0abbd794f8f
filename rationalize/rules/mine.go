package rules

import (
	"context"
	"fmt"
	"slices"
	"strings"
)

// Mine finds association rules "X requires y" between the items of the
// transactions (one per product, say: the ids of the modules and parts it
// contains). An itemset is frequent when it occurs in at least MinSupport
// of the transactions; from every frequent itemset Z of up to MaxLen items
// and every y in Z, the rule Z\{y} -> y is kept when its confidence
// reaches MinConfidence and its lift reaches MinLift and exceeds 1.
// Consequents are single items: a rule with several is the conjunction of
// single-item rules.
//
// Unless KeepRedundant is set, a rule {a, b} -> y is pruned when a -> y or
// b -> y is at least as confident: the more general rule implies it, and
// the extra antecedent item adds nothing. Items with identical transactions
// are folded first (see the package doc); each group whose lift exceeds 1
// is reported as one mutual requires rule.
//
// Rules come sorted by lift, then confidence, then support. Mine returns a
// model.Error with code invalid for bad options, and ctx's error when it is
// cancelled.
func Mine(ctx context.Context, transactions [][]string, opt Options) (*Result, error) {
	opt, err := opt.withDefaults()
	if err != nil {
		return nil, err
	}
	mc := minCount(opt.MinSupport, len(transactions))
	bk, err := prepare(ctx, transactions, mc)
	if err != nil {
		return nil, fmt.Errorf("mine: %w", err)
	}
	sets, err := growth(ctx, bk, mc, opt.MaxLen)
	if err != nil {
		return nil, fmt.Errorf("mine: %w", err)
	}
	res := &Result{Transactions: bk.n, Items: len(bk.names), Itemsets: len(bk.names) + len(sets), Groups: bk.groupMap()}
	res.Rules = append(groupRules(bk, opt), associationRules(bk, sets, opt)...)
	slices.SortFunc(res.Rules, byStrength)
	res.Rules = capRules(res.Rules, opt.MaxRules)
	return res, nil
}

// setKey is a frequent itemset of 2 or 3 ranks, ascending, padded with -1.
type setKey [3]int32

func keyOf(items []int32) setKey {
	k := setKey{-1, -1, -1}
	s := slices.Clone(items)
	slices.Sort(s)
	copy(k[:], s)
	return k
}

func (k setKey) items() []int32 {
	if k[2] < 0 {
		return k[:2]
	}
	return k[:]
}

// support returns the count of an itemset of 1 to 3 ranks.
func support(bk *basket, sets map[setKey]int, items []int32) int {
	if len(items) == 1 {
		return bk.count[items[0]]
	}
	return sets[keyOf(items)]
}

func associationRules(bk *basket, sets map[setKey]int, opt Options) []Rule {
	n := float64(bk.n)
	var out []Rule
	for k, cz := range sets {
		z := k.items()
		for i, y := range z {
			x := slices.Concat(z[:i], z[i+1:])
			cx, cy := support(bk, sets, x), bk.count[y]
			conf := float64(cz) / float64(cx)
			lift := conf * n / float64(cy)
			if conf < opt.MinConfidence-1e-12 || lift < opt.MinLift-1e-12 || lift <= 1+1e-12 {
				continue
			}
			if !opt.KeepRedundant && len(x) > 1 && redundant(bk, sets, x, y, conf) {
				continue
			}
			out = append(out, Rule{
				Kind: Requires, Antecedent: bk.nameList(x), Consequent: []string{bk.names[y]},
				Count: cz, Support: float64(cz) / n, Confidence: conf, Lift: lift,
				Leverage: float64(cz)/n - float64(cx)*float64(cy)/(n*n),
				Evidence: fmt.Sprintf("%d of the %d transactions with %s also have %s; %s is in %d of %d",
					cz, cx, strings.Join(bk.nameList(x), " & "), bk.names[y], bk.names[y], cy, bk.n),
			})
		}
	}
	return out
}

// redundant reports whether dropping one antecedent item gives a rule at
// least as confident.
func redundant(bk *basket, sets map[setKey]int, x []int32, y int32, conf float64) bool {
	for i := range x {
		sub := slices.Concat(x[:i], x[i+1:])
		c := float64(support(bk, sets, append(sub, y))) / float64(support(bk, sets, sub))
		if c >= conf-1e-12 {
			return true
		}
	}
	return false
}

func groupRules(bk *basket, opt Options) []Rule {
	n := float64(bk.n)
	var out []Rule
	for r, g := range bk.groups {
		c := bk.count[r]
		lift := n / float64(c)
		if len(g) < 2 || lift < opt.MinLift-1e-12 || lift <= 1+1e-12 {
			continue
		}
		s := float64(c) / n
		out = append(out, Rule{
			Kind: Requires, Mutual: true, Antecedent: g[:1], Consequent: sortedCopy(g[1:]),
			Count: c, Support: s, Confidence: 1, Lift: lift, Leverage: s - s*s,
			Evidence: fmt.Sprintf("the %d items occur in exactly the same %d of %d transactions", len(g), c, bk.n),
		})
	}
	return out
}

func (b *basket) nameList(ranks []int32) []string {
	out := make([]string, len(ranks))
	for i, r := range ranks {
		out[i] = b.names[r]
	}
	return out
}
