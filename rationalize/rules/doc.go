// Package rules mines candidate design rules from the data the
// rationalization layer sees, for the middle layer to accept, reject and
// version:
//
//   - Mine: association rules between items (modules and parts) across
//     transactions (usually one per product: the set of items it contains),
//     "X requires y", with support, confidence, lift and leverage. Frequent
//     itemsets come from FP-growth, capped at MaxLen items.
//   - NeverTogether: pairs of frequent items that never occur in one
//     transaction, ranked by how unlikely that is under independence
//     (expected co-occurrences and the hypergeometric probability of seeing
//     none): candidate "excludes" rules.
//   - ParameterRelations: inside each class of a set of items (a family's
//     parts, a class), numeric attribute pairs that follow a linear or power
//     law, ratio bounds ("outer_diameter >= 1.5 * bore"), and enum
//     attributes that fix a numeric one (thread M3 -> diameter 3 mm):
//     candidate "constraint" rules whose expression an expression language
//     such as expr-lang/expr can evaluate.
//
// Items that occur in exactly the same transactions carry the same
// information; Mine and NeverTogether fold each such group into one
// representative (its smallest id) before mining, report the group once as
// a mutual "requires" rule, and list the groups in the Result. Without the
// folding, the few products of a family give thousands of equivalent rules.
//
// Everything takes plain data (string ids, model.Item slices), so the
// algorithms run without a store; NOTES.md has the method, parameters and
// what they find on the repository's real data.
package rules
