// Package normalize turns the free text of part records — descriptions,
// EDA values and footprints — into typed attributes and a class, so that
// "4k7", "4.7K 1206" and "RES SMD 4.7K OHM 1% 1/10W 0603" compare as
// resistances, and "DIN 912 M3x10" and "Screw M3 cap x 10mm" as ISO 4762
// screws.
//
// Describe reads one text; Enrich reads an item's texts together and adds
// what it derives to the item, never overwriting what the item has.
// Numbers go through package quantity and come out in SI base units.
//
// # What is recognized
//
// Recognizers are tried in order, the first that matches wins (describe.go):
//
//   - stepper motors: "NEMA17 x 47mm stepper motor" → frame size, body
//     length, "(5x24 shaft)" → shaft diameter and length;
//   - bearings: "Ball bearing F623-2RS 3mm x 10mm x 4mm", "LM8UU linear
//     bearing", or a designation alone that BOLTS's table lists ("608") →
//     designation, seal, bore, outer diameter, width (from the table when
//     the text has no dimensions);
//   - belts, extrusions, linear rails, rods, lead screws and flat stock:
//     designation and dimensions ("Belt GT2 x 6mm x 1524mm", "Extrusion
//     E2020 x 450mm", "Linear rail carriage MGN12H", "Smooth rod 8mm x
//     381mm", "Threaded rod M6 x 296mm", "MDF sheet 162mm x 385mm x 12mm");
//   - fasteners (fasteners.go): a type word (screw, nut, washer, insert...)
//     and a thread ("M3", "No6", "6-32") or a standard ("DIN 912") → thread,
//     nominal diameter, length (washers: outer diameter and thickness; nuts:
//     thickness), head, canonical standard, material;
//   - electronic parts (passives.go): resistance, capacitance, inductance,
//     voltage, current, power, frequency, tolerance, dielectric and package,
//     impedance ("120 Ohm @ 100MHz", a ferrite bead's "600 OHM", an RF
//     connector's "50 OHM"), and the passive class when the rules there
//     make it clear; words that look like part numbers ("5973301507F",
//     "1N4148", "1N751A") are not read as values, and the words around a
//     number decide what it is (context.go): "21.5 MOHM" on an inductor is
//     milliohms, "16M" on an HC49 crystal 16 MHz, "16k Flash" and "3M Dual
//     lock" no resistance; op-amp words give ClassOpAmps.
//
// # Chinese
//
// Chinese descriptions are read into the same words first (chinese.go), so
// "贴片电阻 10kΩ ±1% 0603" and "10k 0603 1% resistor", "内六角圆柱头螺钉 M3×8"
// and "Screw M3 cap x 8mm" give the same attributes and class: full-width
// forms and Chinese punctuation are folded to ASCII, "*" between numbers
// is "×" ("M3*8"), Chinese part, head, material and unit words become
// English ones by longest match ("热敏电阻" is a thermistor, not a
// resistor; "内六角" a socket head cap; a unit such as "千欧" or "毫米"
// only right after a number), and a stepper motor's flange size names its
// NEMA frame ("42步进电机" is NEMA17). Unknown Chinese words are kept
// apart and match nothing. A screw written without "x" takes the first
// length with a unit after its thread ("M3螺钉 8mm").
//
// # Standards
//
// Standard equivalences come from the embedded BOLTS and FreeCAD
// FastenersWB data (standards/, see EquivalentStandards); attributes carry
// the canonical designation, the ISO one when there is one. Head words map
// to standards only where the convention is firm (see headRule).
//
// # Packages
//
// Chip codes are normalized to the imperial code: "0603", "R0603",
// "R_0603_1608Metric", "1608Metric" and the unambiguous metric "1608" all
// give "0603". Other package names are upper-cased and hyphenated:
// "SOT23" → "SOT-23", "SO8" → "SOIC-8", "QFN-32-1EP" → "QFN-32".
package normalize
