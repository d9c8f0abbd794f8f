// Package model is the vocabulary every layer of cbb speaks: design units
// (items) at each level of the CBB hierarchy, their typed attributes, the
// edges between them (BOM usages and family memberships), the alliance's
// members and the sharing scopes that govern who sees what, and the one
// error type. It depends on nothing but the standard library.
package model
