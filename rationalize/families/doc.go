// Package families proposes part families from the parts' typed attributes:
// the rationalization step that finds, within a class, the groups of parts
// that one parametric family could replace ("ISO 4762 screws, thread M2..M8,
// length 6..40 mm").
//
// The method has three steps, each usable on its own:
//
//   - Gower computes a distance between every two items over mixed numeric
//     and categorical attributes (Gower 1971): each attribute contributes a
//     dissimilarity in [0, 1] (range-normalized difference for numbers,
//     mismatch for categories) and only where both items have it, so parts
//     with missing attributes still compare on what they share. Positive
//     numbers spanning decades (resistances, capacitances) are compared on a
//     log scale.
//   - Cluster builds the hierarchy (average, complete, single or weighted
//     linkage) with the nearest-neighbour chain algorithm in O(n²) time over
//     a condensed matrix; a Dendrogram cuts into flat clusters by height or
//     by count and reports its cophenetic correlation.
//   - Families groups items by class, clusters each class, cuts at a height
//     and turns each cluster whose members describe themselves with the same
//     parameters into a Family: the attributes its members share (defining)
//     and the ones that vary, with their range or value set.
//
// WriteDendrogramSVG draws a dendrogram with gonum.org/v1/plot for reports.
//
// The package works on plain item slices and never touches a store; the
// caller picks the scope (a member, a family, the alliance) and passes the
// parts. Method notes and figures on real data are in NOTES.md.
package families
