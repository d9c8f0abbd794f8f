// Package dedup finds near-duplicate items: items of the same function
// whose parameters agree, recorded under another part number or in other
// words ("4.7K 1206" and "RES SMD 4K7 OHM 1% 1206"), which rationalization
// groups and merges under a master. It works on plain []model.Item, best
// enriched by normalize.Enrich, and needs no store nor index:
//
//   - Find returns all near-duplicate pairs of a set, in about linear time;
//   - Of returns the near-duplicates of one item among candidates (a
//     search's hits);
//   - Groups joins pairs into groups whose members all paired.
//
// A pair scores the same in Find and in Of: a score depends on the two
// items only, never on the rest of the set.
//
// # Reading an item
//
// Each item is read once into a profile: its class path; its key
// parameters (typed attributes whose names say what a part is: values,
// package, thread, length, voltage, tolerance, dielectric... see
// keyParamList); parameters read from its words that normalization does
// not set (colour, transistor polarity, mounting style, capacitor
// technology: derive.go); its words, normalized (lower case, numbers in one
// canonical spelling so that "4.7k", "4k7" and "4.7 kΩ" are one word, CJK
// runs as character bigrams; a text made only of reference designators is
// no text); hashed character trigrams of the words; part-number-like codes
// (six or more letters and digits that are neither sizes nor packages:
// "tps2051bdbvr", "mcp73831" as the base of "MCP73831-2-OT"); and its
// manufacturer part numbers and supplier SKUs, unless
// Options.IgnorePartNumbers.
//
// # Comparing two items
//
// Items that share a part number or SKU are exact duplicates: score 1.
// Otherwise a pair is vetoed, whatever its text, when
//
//   - their classes are not on one path (one equal to or above the other);
//   - one states its class's defining parameter and the other does not (a
//     "0603 resistor" has no resistance: it is any 0603 resistor), or an
//     item without a class has the other's (a potentiometer's resistance);
//   - a key parameter both have differs: numbers by more than 0.5 %
//     (relTol; the finest E series steps 1 %), enums after folding case,
//     blanks and hyphens ("SOT-23" = "sot23");
//   - both have codes and none is the other or starts it, or two codes are
//     different variants of one base ("ATMEGA328P-PU", "ATMEGA328P-AU");
//   - their words state different specifications of one kind: words of one
//     shape (letters around digits) that never agree ("2POS" and "4POS",
//     "1x04" and "1x14", "3.3V" and "5V");
//   - one says too little (no key parameter, no code, one word:
//     "Resistor") and the texts are not near-identical.
//
// What remains is scored from independent pieces of support, each in
// (0, 1): every agreeing key parameter (its weight: 0.55 for a value, 0.35
// for a package, 0.2 for a rating), a shared code (0.8, less when one only
// starts the other), and the text similarity t, the mean of the Jaccard
// similarities of the words and of the trigrams, counted as
// (t - 0.3) / 0.7 since texts of one domain share that much by chance. The
// score is 1 - Π(1 - support). It is then lowered by a factor 0.75 for each
// fit group — footprint (package or mounting), colour, polarity, thread,
// length, diameter, motor frame, designation — that one item states and
// the other does not, or that neither states where the class expects it
// (every electronic part has a footprint, a screw a thread and a length):
// "1k resistor" may be through-hole, "22u" and "22uF" may be a 1206 and
// an 0603, so such pairs are less sure than their texts make them look.
// Ratings (voltage, power, tolerance) stated by one item only cost
// nothing, as the better-rated part serves both.
//
// Pair.Reasons says what supported the pair and what was unstated, one
// phrase each ("resistance 10 kΩ = 10 kΩ", "package 0603 = 0603", "text
// 0.62", "package 0603 vs unstated").
//
// # Blocking
//
// Find compares only items that share a blocking key: a part number, the
// first six characters of a code, a word, or a signature. A signature is
// the class, the class's defining value (in a 1 % log-spaced bin and the
// next) and the fit groups an item states; an item also has the
// signatures without any set of up to k of its fit groups, where k is the
// number of unstated groups a pair can have and still reach the threshold
// (one at the default), so the two items of any pair that can reach it
// share a signature. Keys shared by too many items (200 for words, 1,000
// for signatures) are replaced by pairs of an item's rarest such keys.
// Each pair is compared once, on all CPUs; a first comparison scores, and
// only pairs that reach the threshold are compared again to write reasons.
// The work grows with the number of items times the block sizes, not with
// its square: 100,000 parts take seconds (see docs/BENCHMARKS.md and
// BenchmarkFind100k). Blocking loses no pair on the Kitspace evaluation
// set (TestFindMatchesOf) nor on samples of a synthetic library
// (TestBlockingLosesNoPairs); the documentation of signatures lists the
// pairs it can miss.
//
// # Groups
//
// Groups are cliques of the pair graph, built from the best pairs down: an
// under-specified item ("10K") paired with two specific ones that conflict
// ("10k 0603", "10k 0805") joins one of them, never both, since those two
// were not paired. Connected components would join all three.
//
// # Quality
//
// docs/BENCHMARKS.md reports precision and recall against the manufacturer part
// numbers of the Kitspace BOM lines, the hand audit that the part-number
// precision needs (different part numbers are often the same part), and
// the speed; TestKitspaceEvaluation prints its table.
package dedup
