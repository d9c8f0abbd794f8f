// Package cells solves the cell-formation problem: it block-diagonalizes a
// binary product x part incidence matrix into cells (a product family with
// the parts, or module, it uses) so as to maximize grouping efficacy
//
//	GE = e_in / (e + e_v)
//
// where e is the number of ones, e_in the ones inside cells and e_v the
// zeros inside cells (voids). Ones outside every cell are exceptional
// elements: parts used across families, which is what makes them
// candidates for common building blocks. Every cell has at least one row
// and one column (residual cells are forbidden), and every row and column,
// all-zero ones included, belongs to exactly one cell.
//
// Read parses the classic benchmark format (testset A of Gonçalves &
// Resende, as corrected by Bychkov & Batsyn). Solve is an iterated local
// search in the spirit of Bychkov & Batsyn and of Brusco: relocation of
// single rows and columns judged on the exact ratio, perturbations that
// also split and merge cells so the number of cells varies, and many
// restarts from similarity-seeded and random partitions, run in parallel.
// Restarts are seeded from Options.Seed and their results combined in a
// fixed order, so a run is reproducible whatever the number of workers,
// unless the time budget cuts it short.
package cells
