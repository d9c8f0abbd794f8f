// Package mendel90 reads the bills of materials of the Mendel90 RepRap
// printer (nophead/Mendel90), one variant's bom/ folder at a time. Format
// (name "mendel90", source system "mendel90") detects a folder holding
// bom.txt, no bom.json (a NopSCADlib folder, read by package
// pdm/nopscadlib), and at least one *_assembly.txt that starts in
// Mendel90's layout: "<name>:" then "Vitamins:".
//
// The files, all written by the project's bom.py:
//
//   - <x>_assembly.txt: the header "<x>_assembly:" then the sections
//     "Vitamins:", "Printed:" and, if any, "Sub-assemblies:", each a list of
//     "  N description" lines. The counts are totals over all instances of
//     the assembly; the header (and the name in a parent's list) is plural
//     when there are several: "z_motor_assemblies:" lists 2 NEMA17 motors
//     for the 2 z motor assemblies.
//   - bom.txt: the Vitamins and Printed matrices, one column per assembly
//     (titles written downwards), each row closed by the total and the
//     name, then the Sub-assemblies list with each assembly's number of
//     instances in the machine.
//   - accessories/<x>_assembly.txt: optional assemblies, not part of the
//     machine and not in bom.txt.
//
// What is made:
//
//   - The family: one item of level family, external id "mendel90", name
//     "Mendel90", in every batch, with a Variant edge to this variant's
//     product and to each sibling variant found beside it (folders of the
//     same parent whose bom folder this format detects; they are added as
//     refs). Every batch thus carries the same family record with the same
//     edges, and since a record's edges replace its stored ones, importing
//     the variants one by one leaves the family with all of them rather
//     than only the last.
//   - The variant: one product, external id the variant's folder name (the
//     parent of bom/: "dibond_E3D"; pdm.Options.Product overrides it), name
//     "Mendel90 <variant>". machine_assembly.txt's contents are its edges.
//   - Each other assembly: a module, external id "<variant>/<assembly>",
//     with BOM edges to its sub-assemblies, vitamins and printed parts.
//     Accessories are modules too, attached to the product by Optional
//     edges of quantity 1.
//   - Vitamins: parts in batch.Refs keyed by their description ("M3 cap
//     screw x 16mm"), shared across variants; procurement "buy".
//   - Printed parts: records of level part keyed "<variant>/<file.stl>"
//     (the same file name may be a different design in another variant),
//     class model.ClassPrinted, procurement "make", process "3d printing".
//
// Quantities are per single parent instance: a file's totals divided by
// the assembly's number of instances (bom.txt's Sub-assemblies count). The
// quotient may be a fraction when the instances differ: the two z motor
// assemblies hold one left and one right bracket, 0.5 of each per
// instance; flattened totals stay exact.
//
// Delta variants: the _E3D folders hold only the assembly files that
// differ from their base variant's, plus a full bom.txt. An assembly file
// missing from a variant's folder is read from the base variant's folder,
// the sibling named without the last "_suffix" (../../dibond/bom for
// dibond_E3D/bom), through the input's file system (package ingest roots
// it at the file system's root, so the sibling is always in reach). The accessories of a variant that used its base are its own
// plus the base's it does not override. A missing assembly with no base to
// take it from is an error naming the assembly and the file that uses it.
//
// Consistency is checked, so that a truncated or mixed-up folder is an
// error, never a partial batch: every row of bom.txt adds up to its total
// and has as many columns as the others; bom.txt's instance counts equal
// the uses in the assembly files and agree with the plural headers;
// bom.txt lists exactly the assemblies reached from machine_assembly.txt;
// its vitamin and printed totals equal the sums over the assembly files;
// no assembly file of the folder is left out of the machine. Errors are
// *model.Error values naming the file, the line and the section.
package mendel90
