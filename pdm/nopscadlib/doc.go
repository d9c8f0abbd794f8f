// Package nopscadlib reads the bill of materials that NopSCADlib
// (scripts/bom.py) generates for an OpenSCAD project: the bom.json of the
// project's bom/ folder. Format (name "nopscadlib", source system
// "nopscadlib") detects a folder holding such a bom.json, or the bom.json
// itself, and makes one batch per project.
//
// bom.json is an array of assemblies, the last one "main_assembly", the
// whole project. Each has a name, a count of instances, "assemblies"
// {name: count}, "vitamins" {"constructor: description": {count}},
// "printed" {"file.stl": {count, colour}} and "routed" {"file.dxf":
// {count}}; older NopSCADlib writes bare counts instead of objects. Every
// count in an assembly's maps is a total over all its instances, as bom.py
// accumulates them (idler_assembly of m-draw has count 8 and lists 16
// bearings: 2 per idler; the per-assembly *_assembly.txt files are headed
// "idler_assemblies:" and repeat the totals). The reader divides by the
// instance count, so every edge quantity is per single parent instance,
// and the product's flattened totals equal bom.csv and bom.txt.
//
// What is made:
//
//   - The product: one item of level product, named for the project folder
//     (the folder holding bom.json, or its parent when that folder is
//     literally "bom"; pdm.Options.Product overrides it); external id =
//     that name. The main assembly's contents are the product's edges.
//   - Every other assembly: a module, external id "<product>/<assembly>",
//     with BOM edges to its sub-assemblies, vitamins and made parts.
//   - Vitamins: parts in batch.Refs, keyed by their constructor
//     ("screw(M3_cap_screw, 10)"), so that a vitamin used by many products
//     is one item; name = the description, white space folded ("Screw M3
//     cap x 10mm"); text attribute "constructor"; procurement "buy". The
//     key is split at the first ": " outside brackets and quotes (see
//     SplitKey). A vitamin without constructor (": Wire blue ...", "laser
//     module") is keyed by its description. A constructor that names
//     several vitamins in one file (a user's "BELT" with two lengths,
//     smd_capacitor(CAP0805) with three values) keys those by
//     "constructor: description" (see VitaminID).
//   - Printed parts (.stl) and routed parts (.dxf): records of level part,
//     external id "<product>/<file>", class model.ClassPrinted or
//     model.ClassRouted, procurement "make", process "3d printing" or "cnc
//     routing", text attribute "colour" when bom.json gives one.
//
// Quirks of real files that the reader handles:
//
//   - bom.py records an assembly nested inside one of the same name as a
//     use of itself and counts it twice (WindowPainter's
//     WPStepperClampRight_assembly: count 2, {itself: 1}, one physical
//     instance). The self-use is dropped and the instance count is the
//     count less the self-uses.
//   - An assembly whose instances differ in content (DIYLaserBed revB's
//     DIYLB_carriage_AB_assembly, 2 instances holding carriages A, B and C,
//     D; WBPainter's endstop assembly printing a left and a right bracket)
//     gets fractional per-instance quantities (0.5); totals stay exact.
//
// Errors: a malformed, truncated or inconsistent file (a count that is not
// a positive whole number, a sub-assembly the file does not list, an
// assembly containing itself through others, a name that would make two
// different things one item) is a *model.Error naming the file, the line
// and the field (e.g. "vitamins.screw(M3_cap_screw, 10): ..."); no
// partial batch is returned.
package nopscadlib
