// Package synth makes synthetic catalogues of parts that look like the
// real ones, for scale benchmarks of the retrieval layer.
//
// Learn reads real parts (ReadParts reads them from files with the
// project's readers and normalization, as an import would) into a Model:
// how the parts spread over classes and, per class, the parts themselves
// as prototypes, the empirical values of each numeric attribute, the
// values of each enum attribute with their frequencies, the manufacturers,
// and the lifecycle mix.
//
// Generate then streams any number of parts. Each part takes a class with
// the real class frequencies and a random real part of that class as its
// prototype, so it has the attributes that occur together in real parts,
// as often as they do; its numbers are redrawn from the class's real
// values (electrical values moved along their E-series: 4.7k -> 5.1k), some
// enums from the class's real enum values, its part numbers keep their
// letters and get new digits ("RC0603FR-0710KL" -> "RC4819FR-5302KL"), and
// its name and description are the prototype's with every word that wrote
// a value rewritten in the same style ("10K", "4k7", "100nF", "M3x8"). A
// part is a function of the seed and its index alone: the same seed gives
// the same catalogue, and a large catalogue starts with a small one.
//
// What the real data cannot give is synthetic: the owners are a dozen
// members, a few large ones owning most parts; scopes are mostly the
// alliance, some owner only, some named partners, some public; and some
// descriptions are in Chinese, or in English and Chinese, built from a
// small glossary of class names (电阻, 电容, 螺钉, 轴承...) and the part's
// key values ("贴片电阻 10k 0603 1%").
//
// Queries makes searches as engineers type them about parts of such a
// catalogue ("10k 0603 1% resistor", "M3x8 socket head cap screw", "电容
// 100nF", a part number, words of a description), some with numeric,
// level or class filters, each run as a member; the scale benchmarks of
// retrieval/index time them (see docs/BENCHMARKS.md).
package synth
