// Package data is the data layer: the durable store of items, their revision
// history, BOM and family edges in both directions, the source-key index
// that makes PDM upserts idempotent, and the alliance's members. It runs
// badger in-process; no badger type leaves this package.
//
// # Guarantees
//
// One batch is one badger transaction: all of it is stored or none. Writes
// are synced to disk before Apply returns (SyncWrites), so an acknowledged
// batch survives a crash of the process or the machine. A batch that would
// change nothing (the same file imported again) writes nothing at all: no
// revision, no batch record. Backup and Restore round-trip every key and
// value exactly.
//
// # Key layout
//
// Keys are byte strings with a one-letter table prefix; ids never contain
// "/" or NUL, so the separators are unambiguous.
//
//	v                          schema version ("1")
//	n                          counters: next batch and run numbers, and the Stats (JSON)
//	m/<member>                 Member (JSON)
//	i/<item>                   head: current revision number (uint32 BE),
//	                           content hash (16 bytes), level (rest)
//	r/<item>/<rev uint32 BE>   Revision (JSON): the item and its outgoing
//	                           edges as of that revision, time, batch
//	s/<system>\x00<external>   source key -> item id
//	c/<parent>/<kind>/<child>  current Edge (JSON), the BOM direction
//	u/<child>/<kind>/<parent>  empty; the where-used direction
//	l/<level>/<item>           empty; items by level
//	b/<batch>                  BatchRecord (JSON): what the batch wrote
//	a/<run>                    model.Run (JSON): a stored analysis run
//	d/<table>/<id>             a middle-layer document (JSON): rules, variability,
//	                           R&D requests, credits (see doc_table.go)
//
// Revision numbers start at 1 and grow by one each time an item's content
// (its fields or its outgoing edges) changes; all revisions are kept.
package data
