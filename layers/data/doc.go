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
// A store has an identity, 16 random bytes in hex drawn at its creation
// (Store.Identity); a store made before identities gets one when next
// opened. A restored store keeps the identity of the store backed up.
//
// # Backups
//
// Backup writes cbb's own format (the full description is in backup.go)
// from one read transaction, so a backup is a snapshot while the store stays
// open; it streams. The format is a header ("CBBBACKUP\n", format version,
// then the store identity, the time and the schema version), one record per
// key in key order (lengths, key, value, CRC-32C), and an end marker (the
// number of records and of items, and a SHA-256 over the records equal to
// Store.Digest of the store). Restore trusts nothing it reads: a foreign or
// empty input is refused by its header, a damaged one by a checksum, a cut
// one by the missing end marker, lost or reordered records by the counts,
// the key order and the digest, all as model.Invalid errors; it never
// panics. It loads into a new hidden folder beside the target,
// ".<name>.restore-<pid>-*", checks the loaded store's digest, and renames
// the folder into place only then: on any failure the folder is removed and
// the target is untouched. The folders of restores that were killed are
// removed by the next restore into the same target once their process is
// gone.
//
// # Key layout
//
// Keys are byte strings with a one-letter table prefix; ids never contain
// "/" or NUL, so the separators are unambiguous.
//
//	v                          schema version
//	id                         store identity: 32 hex digits, random, set at creation
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
//	x/<seq uint64 BE>          model.AuditEntry (JSON): one line of the hash-chained audit log
//	xh                         audit head: last seq (uint64 BE), its hash (32 bytes)
//
// Revision numbers start at 1 and grow by one each time an item's content
// (its fields or its outgoing edges) changes; all revisions are kept.
package data
