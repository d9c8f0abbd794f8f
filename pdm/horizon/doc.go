// Package horizon reads the parts of a Horizon EDA pool: the parts/ folder
// of a pool, one JSON file per part ({"type": "part", "uuid": ...}), in
// folders by category ("parts/passive/resistor/yageo/RC0603FR-0712K1L.json").
//
// # One input is the parts folder
//
// A part may be made from a base part ("base": the base's uuid), from
// which it takes its entity, package and pad map and, field by field, its
// texts. Base parts are not named as such (some files are "base-0603.json",
// most are ordinary files such as "ic/regulator/ams/AMS1117.json"), sit
// anywhere in the pool and may themselves be made from a base. So the
// reader reads a pool's parts folder as one input (Detect: a folder named
// "parts" whose first .json file is a part), which makes resolving bases a
// lookup and lets each base part's record carry the variant edges to the
// parts made from it: edges belong to their parent, and a base part's file
// does not list its derived parts, so a reader of single files could only
// emit them by scanning the whole pool for every file. Package ingest
// claims the detected folder and does not descend into it. Forced on a
// single part file (--format horizon), Read still reads the pool around
// the file, and returns that part alone (see Format.Read).
//
// # Inheritance
//
// The rules are Horizon's own (src/pool/part.cpp):
//
//   - "MPN", "value" and "manufacturer" (required), "description" and
//     "datasheet" (optional) are pairs [inherit, text]: when inherit is
//     true and the part has a base, the base's resolved field applies
//     (the text in the file is then stale and ignored); otherwise the
//     part's own text, even when empty.
//   - tags: the part's own, plus its base's resolved tags when
//     "inherit_tags" is true (default false).
//   - parametric values and orderable MPNs are never inherited: each part
//     states its own (the pool's derived resistors, capacitors and
//     inductors all repeat their full table).
//
// # What is read
//
// Every part is a record of the batch (the pool is the parts' system of
// record), with external id its uuid in lower case, so the same part gets
// the same id from every copy of the pool. Base parts (parts other parts
// are made from, or flagged "base_part": "set") are families, with an edge
// of kind Variant to each part made directly from them; a base made from
// another base is both a family and a variant. Other parts are parts.
//
//   - Name: the resolved MPN, else the value, else the file name.
//   - Description: the resolved description.
//   - Manufacturers: {manufacturer, MPN} and {manufacturer, each of the
//     "orderable_MPNs"}, only when the manufacturer is not empty: generic
//     parts (pin headers, base parts) leave it empty and their "MPN" is a
//     name ("Generic Pin header 1×4, 2.54mm pitch, vertical").
//   - Attributes: "value" (text, the resolved value, when not empty),
//     "keywords" (text, the tags sorted, space separated), "datasheet"
//     (text, the URL), and the parametric columns of the pool's tables
//     (tables.json): resistors value → resistance (Ω), pmax → power (W),
//     tolerance → tolerance (%); capacitors value → capacitance (F), wvdc →
//     voltage (V), type → dielectric (enum, "C0G/NP0" written "C0G");
//     polarized capacitors likewise with esr, ripple_current,
//     capacitor_type, mounting_type; inductors value → inductance (H), idc
//     → current (A), dcr → dc_resistance (Ω). Values are SI numbers
//     written as text, parsed with package quantity; one that does not
//     parse is an error. A "package" column is the package enum; columns
//     of other tables are kept as text attributes "param_<column>".
//   - Class: the class of the parametric table (resistors → Electronics/
//     Passives/Resistors, capacitors, inductors likewise), else the one the
//     part's folder gives: the pool's category folders are mapped to class
//     paths (folderClasses: "passive/resistor" → Electronics/Passives/
//     Resistors, "ic/opamp" → Electronics/ICs/Op amps, "transistor/nmos" →
//     Electronics/Transistors/N-channel MOSFETs...), the deepest mapped
//     folder winning; folders below them name manufacturers and series
//     ("ic/regulator/ti", "ic/opamp/tl074") and are not classes. A top
//     folder the map lacks gives "Electronics/<Folder>" ("sensor" →
//     Electronics/Sensor); a part directly in parts/ gets no class.
//   - No lifecycle (Horizon has none), no owner or scope: ingest stamps
//     them.
//
// Ignored: the entity, package, pad map and 3D model (their uuids name
// pool items outside parts/), prefixes, the exclude_bom/exclude_pnp flags
// and the file format version.
//
// # Errors
//
// A file that is not valid JSON (a truncated one included), a JSON value
// other than an object, a "type" other than "part", a missing or malformed
// uuid, a missing required field or a field of the wrong shape, a
// parametric number that does not parse, a uuid held by two files, a base
// uuid the pool does not hold and a part that is its own base (directly or
// through others) are errors: *model.Error values naming the file, the
// line of the field and the field. A pool with one bad file is an error,
// never a partial batch.
package horizon
