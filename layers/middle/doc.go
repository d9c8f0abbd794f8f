// Package middle is the middle layer: the alliance's reusable libraries
// beyond the items themselves. It keeps design rules as versioned objects
// (authored by architects or accepted from rationalization, compiled by
// expr-lang/expr before they are stored), the variability of families and
// parametric items (parameters with ranges or allowed values, scaling
// relations, interfaces and functions; derived from a family's variants
// or stated), R&D requests for what must be designed anew, and the
// technology credits members earn when their items are reused.
//
// It stores its records as documents of the data layer (tables rule,
// variability, request, credit), each write one transaction.
package middle
