// Package scale measures part clustering at alliance scale: 10^5 parts
// used by 10^4 products, side by side with igraph's Leiden.
//
// Learn reads the distributions of the real product BOMs in a store
// (parts per product, family sizes, the power-law tail of part popularity,
// how much of its parts a family keeps to itself); Profile.Generate draws
// an incidence of any size from them with planted families, determined by
// seed. Project turns the incidence into the graph clustering runs on: a
// part graph linking each part to its k most cosine-similar parts, since
// the full co-occurrence projection holds tens of millions of pairs,
// mostly through hub parts. Louvain clusters it by modularity: our own
// implementation on compressed rows with queue-driven local moving, as
// gonum's community.Modularize is too slow at this size (it is kept as
// GonumLouvain, the reference the tests check ours against). Modularity
// is Newman's Q in linear time, equal to gonum's community.Q (GonumQ),
// which scores every partition in the benchmark, ours and Leiden's alike.
//
// The Leiden peer lives in bench/leiden (leiden.py, install.sh); the
// side-by-side run is TestLeidenSideBySide, gated by CBB_LEIDEN=1, and its
// numbers are in BENCH.md.
//
// References:
//
//   - V. D. Blondel et al., "Fast unfolding of communities in large
//     networks", J. Stat. Mech., 2008 (Louvain).
//   - V. A. Traag, L. Waltman, N. J. van Eck, "From Louvain to Leiden:
//     guaranteeing well-connected communities", Sci. Rep. 9, 2019 (the
//     queue-driven local moving).
//   - A. Clauset, C. R. Shalizi, M. E. J. Newman, "Power-law distributions
//     in empirical data", SIAM Review 51(4), 2009 (the exponent fit).
package scale
