// Package index is the bleve full-text index of items, used for candidate
// generation: it finds the items a viewer may see that match a text and
// filters, scored by BM25 on text alone; ranking against a requirement is
// done elsewhere, in Go. It is the only package that imports bleve, and no
// bleve type appears in its API.
//
// # Mapping
//
// The mapping is explicit and stores nothing: a hit carries only its item
// id (bleve's document id). Indexed fields:
//
//   - keyword fields level, lifecycle, owner, scope (the scope kind),
//     partners (one term per partner), system (Source.System);
//   - class: one keyword term per prefix of the class path ("Electronics",
//     "Electronics/Passives", ...), so a class filter, which keeps the
//     class and everything below it, is a single term query;
//   - pn: manufacturer part numbers and supplier SKUs, upper-cased and
//     without blanks, so an exact part number query hits (and is boosted);
//   - text_en and text_cjk: the item's text (name, description, class
//     segments, manufacturers, part numbers, the text of enum and text
//     attributes including keywords, and the raw text of numbers such as
//     "4k7"), analysed in English (bleve's "en" analyser without
//     ideographs, see analyzerEN; stemming: "resistors" finds "resistor")
//     into text_en, and into bigrams of adjacent ideographs, and nothing
//     else, into text_cjk (analyzerHan: "内六角螺钉" finds
//     "不锈钢内六角圆柱头螺钉"). A text query searches text_cjk only for
//     its Chinese;
//   - used_in: the number of parents using the item (the reuse prior);
//   - numeric attributes in three dynamic sub-documents: "n.<attr>" holds a
//     Number attribute's value, "lo.<attr>" and "hi.<attr>" a Range
//     attribute's bounds (SI base units, as in the model). They are dynamic
//     because attribute names are open-ended; only numbers are put there
//     and dynamic fields are indexed only (not stored, no doc values).
//
// The mapping's version is stored in the index; Open refuses an index built
// with another version (model.Conflict): the index follows from the store
// and is rebuilt from it.
//
// # Searching
//
// A text first finds the items having all its words (or one of its part
// numbers); only when they are fewer than the hits asked for does it fall
// back to items having any word, and in a large index to items having a
// rare word, the common words only adding to the score (see Index.Search).
// A search runs on every shard at once; a search without text stops at
// the first Size items passing its filters, and a scored one after
// scoreCap matches per shard, since bleve has no pruning of its own.
//
// # Shards and bulk builds
//
// An index built in bulk for a large catalogue (BeginBulk, EndBulk) is
// split in two shards (sub-folders s0, s1), filled concurrently, so that
// a build uses both cores; a small one has one shard, where BM25 scores
// use the whole index's statistics. A bulk build gathers items in batches
// of 10,000 and does not wait for each batch to be on disk; EndBulk waits
// for all of them.
//
// # Visibility
//
// Every search runs as a Viewer, and the scope filter is part of the bleve
// query (a non-scoring boolean filter), never applied to the hits
// afterwards, so Size hits are Size visible hits. A viewer sees public
// items and its own items, always, even once expelled or withdrawn: such a
// member loses its rights to others' items, not its own pre-existing IP
// (and the licences it granted keep working, since others' visibility of
// its items depends only on their scope). An active member also sees items
// shared with the alliance and items shared with partners that name it.
//
// # Locking
//
// Both Open and OpenMemory use bleve's scorch engine (OpenMemory without a
// path), so tests run the same engine and scoring as production.
//
// One process at a time can hold an on-disk index open: bleve's scorch
// keeps an exclusive lock on its root.bolt file. Open waits a short while
// (bolt's lock timeout) and then fails with model.Busy instead of blocking.
package index
