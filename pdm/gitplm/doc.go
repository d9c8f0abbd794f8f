// Package gitplm reads the parts database of gitplm (git-plm/parts): one
// CSV table per category of internal part numbers (database/g-cap.csv,
// g-res.csv...), whose columns are IPN, MPN, Manufacturer, Description,
// Symbol, Footprint, Datasheet and the category's parameters (Resistance,
// Capacitance, Voltage, Tolerance, Power...). Its Format is named "gitplm"
// and so is the source system of what it makes. One file is one input:
// package ingest walks the database folder.
//
// Detection. A .csv file whose first line is a header starting with an
// IPN column, comma, semicolon or tab separated (gitplm's older
// partmaster.csv used semicolons), that has an MPN or a Description
// column (the artwork and assembly tables have no MPN) and no quantity or
// designator column: a gitplm BOM (IPN;Qty;MPN;...;Ref) is a BOM, left to
// the spreadsheet reader.
//
// IPNs. IPNs follow the scheme CCC-NNN-VVVV of partnumbers.md: a category
// code, a number (three or four digits) and a variation (four letters or
// digits, case-sensitive: "RES-0002-010m" is 10 mΩ). An IPN outside the
// scheme is still read; its category is then the file's ("g-cap.csv" is
// CAP) and it belongs to no family.
//
// Columns are matched without case, spaces or punctuation ("Sim_Pins" is
// "sim pins"); MPN may also be "Manufacturer Part Number" or "Mfr Part
// Number", Manufacturer "Mfr" or "Manufacturer Name", Footprint
// "Footprints".
//
// Parts. The database is the parts' system of record: every IPN becomes
// a record in the batch's items, external id the IPN as written. Rows
// repeating an IPN are its sources (gitplm's convention for second
// sources, ordered by a Priority column when there is one, lowest first,
// then by line): they may differ in MPN, Manufacturer, Datasheet and
// Priority, and fill each other's empty cells; other cells that are not
// empty must agree, or the file is rejected naming both lines.
//
//   - Level: a part, except for the assembly categories ASY and PCA (the
//     ones gitplm gives a BOM), which are modules.
//   - Name: the first source's MPN, which is what people and other BOMs
//     know a part by; the IPN when no row has an MPN. The IPN is always
//     the text attribute "ipn".
//   - Description: the Description cell, white space collapsed.
//   - Class: from the category code, as partnumbers.md describes it
//     (category.go): the shared classes of package model for RES, CAP
//     and IND, "Electronics/..." for other electrical parts,
//     "Mechanical/..." for fasteners, cables, enclosures and other
//     mechanical parts, "Made/..." for what one produces (PCB, PCA,
//     ASY...); none for an unknown code.
//   - Manufacturers: every source's manufacturer and MPN. A manufacturer
//     without an MPN is the text attribute "manufacturer".
//   - Text attributes: Symbol is model.AttrLibPart; Footprint is
//     model.AttrFootprint, its first footprint when the cell lists several
//     separated by semicolons (the whole cell is then "footprints");
//     Datasheet is "datasheet" (the first source's that has one); Value
//     is model.AttrValue, and when the table has no Value column the
//     category's value column is (Resistance for RES, Capacitance for CAP,
//     Inductance for IND, Frequency for OSC) if it holds a quantity in
//     that unit, so that normalization sees the value as a BOM gives it.
//
// Parameters. Known parameter columns fill the shared attributes of
// package model, numbers parsed with package quantity in SI units, the
// column's unit assumed: Resistance (Ω), Capacitance (F), Inductance (H),
// Voltage (V), Current (A), Power (W), Tolerance (%), Frequency (Hz); also
// Impedance (Ω), Load ("load_capacitance", F), Pins (a count), Material,
// Dielectric and Package (enums). A Value cell that parses in the
// category's unit also gives the category's quantity. A value in another
// electrical unit than its column's fills that unit's attribute instead,
// unless a column gives that one: a Zener's "0.2W" under Current is its
// power, a ferrite bead's "90ohms" under Inductance its "impedance". A
// Material naming a ceramic dielectric ("X7R", "C0G/NPO") also gives
// model.AttrDielectric. Other columns are named in snake case
// ("I-forward-max" is "i_forward_max") and read as a number with a unit
// ("573nm"), a plain number (not a code with a leading zero such as
// "0603"), text when longer than 32 characters or 3 words, else an enum.
// Cells that do not parse ("ADJ" under Voltage, "30ppm", "10 miliohm")
// are enums of the column's attribute, the raw text kept. Empty cells
// give nothing.
//
// Families. The IPNs of one CCC-NNN are variations of one design (one
// datasheet, another resistance or package). When a table holds two or
// more of them, a family (model.LevelFamily, in the items) with
// external id "CCC-NNN" gets a variant edge to each: named by the base
// and the words every variation's description shares ("RES-0000 0603",
// "CAP-0000 50V 0603 X7R"), described by those words, classed by the
// category, and with the attributes all variations have alike (footprint,
// datasheet, tolerance...). A family is made per table, from the IPNs it
// holds; an IPN equal to a family's base is an error.
//
// Errors. A file that is not a parts table, malformed CSV (quotes are
// strict, as RFC 4180 has them: a quoted field left open is an error), a
// row whose number of fields differs from the header's (a lost or extra
// delimiter shifts columns, so no row is guessed at), a repeated column,
// a value under a column without a header, a row without an IPN or an
// IPN with white space, a Priority that is not a whole number, and
// sources of one IPN that disagree: each fails with a *model.Error naming
// the file, line and column. Rows whose cells are all empty are skipped.
// Text is UTF-8 (with or without a byte-order mark), else Windows-1252.
package gitplm
