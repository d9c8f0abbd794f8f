// Package quantity parses numbers written with units — "4k7", "0.1 µF",
// "1/4W", "3/8\"", "12 N·m" — into values in SI base units.
//
// The dimension algebra, the SI prefix values and the named unit types come
// from gonum.org/v1/gonum/unit; the table that maps text (symbols, words,
// common EDA spellings) to those units is this package's (see units.go).
//
// # Rules
//
// A quantity is a number followed by an optional unit, with optional spaces
// between them:
//
//   - numbers: "4.7", ".1", "1e-6", fractions "1/4", mixed "1 1/2", a
//     decimal comma "4,7" (but "1,000" is one thousand), a sign or "±"/"+/-"
//     (dropped: "±5%" is a 5 % tolerance);
//   - RKM codes (IEC 60062), where the multiplier letter stands for the
//     decimal point: "4k7" = 4.7k, "4R7" = 4.7 Ω, "0R1", "2n2", "1M5";
//     R means ohms;
//   - units: an SI symbol or a word ("ohms", "volts", "Hz", "mm", "in",
//     "\""), optionally after an SI prefix; "K" is read as kilo (common in
//     EDA values), never as kelvin, except in a unit hint;
//   - a bare prefix ("4.7k", "100n", "1M") multiplies the hint's unit, or
//     gives a plain number when there is no hint.
//
// Case matters first: "M" is mega and "m" milli, "mm" millimetres and "Mm"
// megametres. A unit written in capitals ("10UF", "100K OHM", "16MHZ",
// "500MA": distributors' descriptions), or one with no case-exact reading,
// is matched ignoring case: then U is micro, N nano, P pico, and M is mega
// before Ω, Hz and Pa but milli before other units ("10MM" is 10 mm,
// "500MA" 0.5 A); "MF" is refused as ambiguous (old catalogues meant µF).
//
// When several readings exist, the first one compatible with the hint's
// dimension wins: "10m" is 10 metres without a hint but 10 mΩ with hint
// "Ω"; "100N" is 100 newtons without a hint but 100 nF with hint "F". Text
// whose unit is incompatible with a non-empty hint is an error.
package quantity
