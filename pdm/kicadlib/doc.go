// Package kicadlib reads KiCad symbol libraries as parts catalogues: the
// legacy EESchema-LIBRARY files (.lib, KiCad 4 and 5) with the
// documentation file beside them (.dcm), and the S-expression libraries of
// KiCad 6 and later (.kicad_sym). Libraries such as Digi-Key's, whose
// symbols are orderable parts with manufacturer and supplier fields, become
// part records; a library is a catalogue, not a family, and makes no item
// of its own.
//
// # Records
//
// Each symbol is one part (model.LevelPart) in the batch's items: a DEF of
// a .lib and each of its ALIAS names, or a top-level (symbol ...) of a
// .kicad_sym. Power symbols (DEF ... P, (power)) are net labels and are
// left out. The external id is "<library>:<symbol>", the library being the
// file stem ("dk_Memory:W25Q32JVSSIQ_TR"); a legacy name loses the "~"
// that hides its value and "{slash}" stands for "/".
//
// Fields are matched by name, case-insensitively and ignoring spaces, "_",
// "-" and ".":
//   - Name is the MPN field ("MPN", "Manufacturer Part Number", "manf#"...)
//     when there is one, else the symbol name (Digi-Key's symbol names are
//     MPNs with "_" for characters a name cannot hold);
//   - Description is the .dcm D line or the ki_description property, else
//     the "Description" field; keywords (.dcm K, ki_keywords) are
//     model.AttrKeywords;
//   - the value (F1, "Value") is model.AttrValue, the footprint (F2) is
//     model.AttrFootprint, the reference (F0, the DEF's prefix) is
//     "reference_prefix", the datasheet (F3, else the .dcm F line, else
//     DK_Datasheet_Link, kept apart as "dk_datasheet_link" when it
//     differs) is "datasheet", and Digi-Key's DK_Detail_Page is "url", made
//     absolute on www.digikey.com;
//   - Manufacturers holds {Manufacturer, MPN} (without an MPN, the
//     manufacturer is the "manufacturer" attribute); Suppliers holds one entry
//     per supplier field: "Digi-Key_PN" (and "Digikey", "digikey#"...) for
//     "Digikey", likewise Mouser, RS, Newark, Farnell, Element14, LCSC, TME
//     and Arrow, the supplier names package kicad uses;
//   - Class is "Electronics/<Category>/<Family>" when the fields exist
//     (Digi-Key's), a "/" inside either becoming "-";
//   - Status sets the lifecycle and is kept as the "status" attribute:
//     "Obsolete..." is model.Obsolete; "Not For New Designs", "Last Time
//     Buy" and "Discontinued at Digi-Key" are model.Deprecated; "Active"
//     and any other status leave the lifecycle to ingest ("NonStock",
//     Digi-Key's mark for parts it does not stock, changes nothing);
//   - every other field is a text attribute named by the snake case of its
//     name ("Operating Temp" is "operating_temp"), with "_field" appended
//     when that name belongs to package model's vocabulary or is taken, so
//     that normalization can still derive typed values under it.
//
// Field values have their white space collapsed; KiCad's "~" for an empty
// field reads as empty.
//
// # Aliases
//
// A legacy ALIAS names other symbols sharing the DEF's drawing; in a parts
// catalogue each is another part, with its own .dcm entry. An alias
// inherits the fields describing the drawing and the product line
// (reference, footprint, manufacturer, category, family, other fields) but
// not those naming the DEF's own part: its value is its name; it has no
// supplier numbers, product page, status, description or datasheet but
// those of its own .dcm entry; and its MPN is its name when the DEF's MPN is
// the DEF's name, else it has none. Digi-Key's published libraries (2022)
// have no aliases: every part there is a DEF.
//
// # Legacy files
//
// A .lib starts with "EESchema-LIBRARY Version X.Y"; Format.Read reads the
// .dcm of the same path and stem from the input's file system when there
// is one. Lines that are not valid UTF-8 are read as Windows-1252, which
// Digi-Key's .dcm files use for "®" and "™". Field texts are quoted, a
// backslash escaping a quote or a backslash. Errors: a DEF without ENDDEF,
// a DRAW without ENDDRAW, a field line without its closing quote or with
// bad parameters, a bad DEF line, a symbol defined twice, a .dcm entry
// without $ENDCMP or with an unknown line.
//
// # S-expression files
//
// A .kicad_sym is read by a small strict S-expression reader following
// KiCad's lexer (quoted strings end on their line and hold C escapes; "#"
// starts a comment line; the text is UTF-8 and is one list). Only the
// top-level symbols' properties, (extends "Base") and (power) are read: a
// derived symbol has its base's properties where it has none of its own,
// and its base's keywords and description when its own are empty, as KiCad
// flattens them. The properties "ki_keywords" and "ki_description" (KiCad
// 6, 7) and "Description" (KiCad 8) are the documentation. Errors:
// unbalanced parentheses, unterminated strings, a symbol defined twice or
// extending a missing symbol or itself, a property without a value.
package kicadlib
