// Package kicad reads KiCad schematic BOMs: the netlist/BOM XML export of
// Eeschema (<export version="D"> and "E") and the part lists of KiCost
// (CSV files starting with a "manf#" header), following KiCost's
// conventions for part numbers, distributors, variants and subparts.
//
// One file is one design, a product (model.LevelProduct) in the batch's
// items. Its external id is the file stem of the schematic named in
// <design><source> ("StickIt-Hat" for C:\...\StickIt-Hat.sch), else the
// input file's stem; pdm.Options.Product overrides both. Its description is
// the root sheet's title and its revision the title block's rev.
//
// Components are grouped into BOM lines, one per part, in the batch's
// refs:
//   - a part with a manufacturer part number (manf#, mpn, mfg#... or
//     kicost:manf#) has the external id "mpn:" + the number in upper case
//     without spaces, and is named by it;
//   - a part without one has the external id
//     "sym:<lib>:<part>|<value>|<footprint>" and is named by its value.
//
// Parts carry the value, footprint and library symbol as text attributes
// (model.AttrValue, AttrFootprint, AttrLibPart), the description field (or
// else the library's description; white space collapsed) as their
// description, the manufacturer and its part number, and one supplier part
// per "<dist>#" field (digikey#, mouser#, rs#, farnell#...), per
// distributor-named field ("Digikey") and per KiBoM supplier pair
// ("Supplier 1" / "Supplier 1 PN"). The product's edge to a part has the
// number of components as quantity and their reference designators,
// naturally sorted.
//
// KiCost conventions followed:
//   - field names are case-insensitive and translated as KiCost does
//     ("MPN" is manf#, "Manufacturer" is manf, "digikey_pn" is digikey#);
//     fields of the library part are inherited, the component's own win;
//   - "kicost:NAME" fields override plain ones (empty ones clear them);
//     "kicost.VARIANT:NAME" fields apply only to the variant named
//     "default";
//   - the default variant is read: a component is skipped when a dnp or
//     nopop field (or KiCad's "Exclude from BOM" field, or a KiCad 6+ dnp
//     or exclude_from_bom property) is true, when an install/fitted field
//     is false ("N"), or when a variant field names variants and "default"
//     is not among them;
//   - a component appearing several times (units of a multi-unit symbol)
//     counts once;
//   - a manf# (and <dist>#) field may list subparts separated by ";" or ","
//     (or "|"), each with an optional quantity per component ("2:SHUNT1AQ5",
//     "CR0603-J/-000ELF:5"); each subpart is a part of its own used by the
//     component, the quantities multiplying.
//
// ParseStats reports how many components were read and skipped.
package kicad
