// Package dsm finds modules in design structure matrices (DSMs) and in part
// co-occurrence graphs.
//
// A DSM lists n elements of a product (components, parts, functions) and
// the weighted, directed dependencies between them: entry (i, j) says that
// element i depends on or interacts with element j. The package reads every
// DSM format of ../shared/data/dsm (square labelled CSV matrices, domain
// mapping matrices, scored pair lists), builds DSMs from co-occurrence
// counts, and partitions the elements into clusters (module candidates):
//
//   - Louvain: modularity maximisation with gonum's graph/community.
//   - MarkovClustering: Van Dongen's MCL flow simulation.
//   - Thebeau: the stochastic bid-based clustering of Thebeau (2001),
//     which minimises his coordination cost.
//
// Bus (platform, integrative) elements, which interact with a large share
// of the others, are set apart before clustering (DetectBus) and reported
// beside the clusters; every measure ignores their interactions, as
// Thebeau's own runs do by zeroing their rows and columns.
//
// Two measures score a partition: Modularity (Newman's Q on the undirected
// weighted graph, edge weight DSM(i,j)+DSM(j,i)) and CoordinationCost
// (Thebeau's total coordination cost, lower is better). WriteSVG draws the
// DSM reordered by cluster, with cluster boxes.
//
// References:
//
//   - R. E. Thebeau, "Knowledge management of system interfaces and
//     interactions for product development processes", MS thesis, MIT
//     System Design and Management, 2001. Algorithm and MATLAB code
//     (Cluster.m, bid.m, Coord_Cost.m, run_cluster_A.m) as published by the
//     author at github.com/davidelasi/dsmclustering.
//   - M. E. J. Newman, "Modularity and community structure in networks",
//     PNAS 103(23), 2006.
//   - S. van Dongen, "Graph clustering by flow simulation", PhD thesis,
//     University of Utrecht, 2000.
//   - V. D. Blondel et al., "Fast unfolding of communities in large
//     networks", J. Stat. Mech., 2008 (Louvain).
package dsm
