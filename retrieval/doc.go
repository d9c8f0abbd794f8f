// Package retrieval is the retrieval layer: the bleve index of all items,
// candidate generation and case-based similarity ranking of reusable design
// units against a customer requirement. It takes plain data (items,
// requirements) so its algorithms are tested without a store.
//
// Built so far: ReadRequirement, the requirement file format (YAML or
// JSON) with typed constraints whose values carry units, and package index,
// the bleve index for candidate generation. Keeping the index in step with
// the store, the ranking and `cbb query` are the rest of the retrieval
// issue.
package retrieval
