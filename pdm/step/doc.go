// Package step reads the product structure of STEP files (ISO 10303-21,
// "Part 21") written under AP203, AP214 or AP242: which products the file
// holds and which assemblies use which components, how many times and under
// which occurrence names.
//
// There is no maintained Go STEP library, so the package holds its own
// small Part 21 reader. It checks the syntax of the whole exchange
// structure strictly — header, data sections, every entity instance, simple
// or complex, with its strings, enumerations, typed parameters, lists,
// numbers, binaries and comments — and fails with the line of the first
// error, so a truncated or damaged file is rejected, never half read. It
// streams: only the records of the few entity types the product structure
// needs are kept (products, their formations and definitions, the usages
// listed below, and measures with unit for quantified usages); every
// geometry record is checked and dropped, so memory stays small whatever
// the file's size. Strings are decoded to
// UTF-8 (doubled apostrophes, \\, \S\, \P?\, \X\, \X2\ and \X4\ escapes;
// line breaks inside strings are print control and dropped).
//
// Where real files stray from the standard in ways that do not hide
// damage, the reader accepts them: lower-case keywords, an exponent without
// a decimal point, a backslash that starts no escape (Windows paths), raw
// UTF-8 or Latin-1 in strings, a complex instance with no partial record,
// and header entities with wrong attributes.
//
// The mapping to the model:
//
//   - each PRODUCT is an item (a record of the batch) with the external id
//     "<file stem>/<product id>", since products are named locally by the
//     CAD file; Name is the product's name (or id), Description its
//     description, Source.Revision the id of its first formation that has
//     one;
//   - each usage (NEXT_ASSEMBLY_USAGE_OCCURRENCE, ASSEMBLY_COMPONENT_USAGE,
//     PRODUCT_DEFINITION_USAGE, PROMISSORY_USAGE_OCCURRENCE,
//     QUANTIFIED_ASSEMBLY_COMPONENT_USAGE) is a BOM edge from the product
//     of its relating product definition to that of its related one,
//     quantity 1 (or the stated quantity), RefDes the occurrence's name
//     (else its reference designator, else its id); usages of one child in
//     one parent merge into one edge whose quantities add up.
//     SPECIFIED_HIGHER_USAGE_OCCURRENCE and MAKE_FROM_USAGE_OPTION are not
//     direct usages and are ignored;
//   - products used by no other are LevelProduct, carry the file's schema
//     (AttrSchema) and originating system (AttrOriginatingSystem), and,
//     when there is one root, are named after Options.Product if set;
//     products with components are LevelModule; the rest LevelPart.
//
// A file without a PRODUCT fails with "no product"; references that do not
// lead to the right entity, a product used in itself and assembly cycles
// fail with the line of the record at fault.
package step
