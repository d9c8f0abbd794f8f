// Package rationalize is the rationalization layer: product x part
// incidence and DSM analysis, clustering into families and modules,
// duplicate groups, commonality indices and design-rule mining. It takes
// plain data (matrices, item slices) so its algorithms are tested without a
// store.
//
// Nothing is built here yet; the layer is the subject of a later issue.
package rationalize
