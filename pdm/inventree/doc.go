// Package inventree reads an InvenTree export: the Django fixture JSON that
// "invoke export-records" (manage.py dumpdata) writes, a JSON array of
// records {"model": "<app>.<model>", "pk": ..., "fields": {...}}.
//
// InvenTree is a PLM/inventory system of record, so every part.part record
// becomes an item of the batch's Items (none are mere Refs). What is read:
//
//   - part.partcategory: the category tree; a part's Class is its category's
//     "pathstring" ("Electronics/Passives/Resistors"), or the path built from
//     the parent chain when the pathstring is empty.
//   - part.part: one item per part, external id "part:<pk>", Source.Revision
//     the part's revision when set. Name, description; keywords, IPN and
//     units become the text attributes "keywords", "ipn" and "units".
//     Templates (is_template, or any part other parts are variants of) are
//     families; assemblies (or parts with BOM lines) are products when
//     salable or used in no other BOM, modules otherwise; the rest are parts.
//     Inactive parts are obsolete; other parts get no lifecycle (ingest
//     stamps the default).
//   - variant_of: an edge of kind Variant from the template to the part.
//     Templates nest: a variant may itself be a template.
//   - part.partparametertemplate, part.partparameter: typed attributes. The
//     template's name gives the attribute name (the shared names of package
//     model where they match, "Wire Gauge" -> "wire_gauge" otherwise);
//     numeric values are parsed with package quantity, the template's units
//     (or the custom unit of common.customunit they name) as the hint, into
//     SI numbers; when the text does not parse, InvenTree's own reading
//     (data_numeric, in the template's units) is used, the text kept as the
//     raw value. Checkbox, choice and non-numeric parameters, and the
//     enumerated shared names (package, material, thread...), are enums; a
//     value with units that cannot be parsed is kept as text with its raw
//     wording. A bare thread number ("3", units mm) is the metric thread
//     "M3".
//   - part.bomitem: a BOM edge from part to sub_part with the quantity, the
//     reference split into designators, optional and note; repeated lines
//     of one sub-part in one parent are merged into one edge.
//     part.bomitemsubstitute: the substitutes of its BOM line's edge.
//     Inherited BOM lines stay on the template that states them; they are
//     not copied to the variants.
//   - company.company with company.manufacturerpart and company.supplierpart:
//     the item's manufacturer part numbers and supplier SKUs.
//
// Everything else is ignored: stock items, locations and tracking, purchase,
// sales and return orders, builds, pricing and price breaks, stocktakes,
// test templates and results, attachments, related parts, stars, labels,
// reports, users, groups, owners, rulesets, settings, plugins and news.
//
// Referential integrity is checked: a record naming a part, category,
// template, company or BOM line that the export does not hold is an error
// naming the record's model, pk and field, located at the line of the
// field in the file; so are a pk repeated within a model, a part that is
// its own variant (directly or through others), a part in its own BOM, a
// cycle of categories and a BOM quantity that is not a positive number. A truncated or malformed file is an error, never a
// partial batch.
package inventree
