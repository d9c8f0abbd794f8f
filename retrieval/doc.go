// Package retrieval is the retrieval layer: the bleve index of all items,
// candidate generation and case-based similarity ranking of reusable design
// units against a customer requirement. It takes plain data (items,
// requirements) so its algorithms are tested without a store.
//
// Nothing is built here yet; the layer is the subject of the next issue.
package retrieval
