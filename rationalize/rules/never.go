package rules

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"slices"
	"strings"
)

// NeverTogether finds pairs of items, each in at least MinEach
// transactions, that never occur in one transaction, and keeps those whose
// absence is significant: under independence (items drawn into
// transactions at random with their observed counts) the number of
// transactions having both is hypergeometric, and the probability of it
// being 0 must not exceed MaxPValue. Each pair becomes an excludes rule,
// the more frequent item as antecedent, with Expected (the co-occurrences
// independence predicts) and PValue; rules come sorted by PValue, then
// Expected. Items with identical transactions are folded first (see the
// package doc).
//
// Many pairs are tested, so the p-values are a ranking, not a test at the
// stated level: a Bonferroni bound is the p-value times the number of
// pairs, Result.Items·(Result.Items-1)/2.
//
// NeverTogether returns a model.Error with code invalid for bad options,
// and ctx's error when it is cancelled.
func NeverTogether(ctx context.Context, transactions [][]string, opt Options) (*Result, error) {
	opt, err := opt.withDefaults()
	if err != nil {
		return nil, err
	}
	bk, err := prepare(ctx, transactions, opt.MinEach)
	if err != nil {
		return nil, fmt.Errorf("never together: %w", err)
	}
	res := &Result{Transactions: bk.n, Items: len(bk.names), Groups: bk.groupMap()}
	n := bk.n
	// Ranks run from the most to the least frequent item, and P(none)
	// grows as either count falls, so each inner loop stops at the first
	// pair that is not significant.
	for a := range bk.names {
		if a%256 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, fmt.Errorf("never together: %w", err)
			}
		}
		ca := bk.count[a]
		for b := a + 1; b < len(bk.names); b++ {
			cb := bk.count[b]
			p := pNone(n, ca, cb)
			if p > opt.MaxPValue*(1+1e-9) {
				break
			}
			if intersects(bk.tids[a], bk.tids[b]) {
				continue
			}
			exp := float64(ca) * float64(cb) / float64(n)
			res.Rules = append(res.Rules, Rule{
				Kind: Excludes, Antecedent: []string{bk.names[a]}, Consequent: []string{bk.names[b]},
				Count: ca + cb, Support: float64(ca+cb) / float64(n), Expected: exp, PValue: p,
				Evidence: fmt.Sprintf("%s is in %d and %s in %d of %d transactions, never together; independence expects %.2g together, P(none) = %.2g",
					bk.names[a], ca, bk.names[b], cb, n, exp, p),
			})
		}
	}
	slices.SortFunc(res.Rules, func(x, y Rule) int {
		if c := cmp.Compare(x.PValue, y.PValue); c != 0 {
			return c
		}
		if c := cmp.Compare(y.Expected, x.Expected); c != 0 {
			return c
		}
		return strings.Compare(x.String(), y.String())
	})
	res.Rules = capRules(res.Rules, opt.MaxRules)
	return res, nil
}

// pNone is the hypergeometric probability that two items in a and b of n
// transactions, placed at random, share none: C(n-a, b) / C(n, b).
func pNone(n, a, b int) float64 {
	if a+b > n {
		return 0
	}
	return math.Exp(lchoose(n-a, b) - lchoose(n, b))
}

func lchoose(n, k int) float64 {
	x, _ := math.Lgamma(float64(n + 1))
	y, _ := math.Lgamma(float64(k + 1))
	z, _ := math.Lgamma(float64(n - k + 1))
	return x - y - z
}
