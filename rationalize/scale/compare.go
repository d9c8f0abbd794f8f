package scale

import "math"

// NMI is the normalized mutual information of two partitions of the same
// nodes (cluster numbers per node), 2 I(a;b) / (H(a) + H(b)): 1 when they
// are the same, near 0 when independent. Benchmarks score found clusters
// against the families Generate planted.
func NMI[A, B ~int32](a []A, b []B) float64 {
	n := float64(len(a))
	if n == 0 || len(a) != len(b) {
		return 0
	}
	ca, cb := map[A]float64{}, map[B]float64{}
	type pair struct {
		a A
		b B
	}
	joint := map[pair]float64{}
	for i := range a {
		ca[a[i]]++
		cb[b[i]]++
		joint[pair{a[i], b[i]}]++
	}
	entropy := func(counts []float64) float64 {
		var h float64
		for _, c := range counts {
			h -= c / n * math.Log(c/n)
		}
		return h
	}
	var va, vb []float64
	for _, c := range ca {
		va = append(va, c)
	}
	for _, c := range cb {
		vb = append(vb, c)
	}
	ha, hb := entropy(va), entropy(vb)
	if ha+hb == 0 {
		return 1
	}
	var mi float64
	for p, c := range joint {
		mi += c / n * math.Log(c*n/(ca[p.a]*cb[p.b]))
	}
	return 2 * mi / (ha + hb)
}
