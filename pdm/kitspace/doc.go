// Package kitspace reads scrapes of Kitspace (kitspace.org) projects: a JSON
// object {"timestamp", "total_projects", "scraped_data": [project...]}
// where each project has a url, project_name, repository_link, description
// and bill_of_materials, a list of lines {reference, quantity, description,
// manufacturer, mpn, retailers{Digikey, Mouser, RS, Newark, Farnell, LCSC,
// "JLC Assembly"}}.
//
// Each project with BOM lines becomes a product (model.LevelProduct) in the
// batch's items, with external id its project_name (a name repeated in the
// file is qualified by its page path), its description, and a text
// attribute "url" (AttrURL) with its Kitspace page or repository. Projects
// without BOM lines (scrape errors, empty BOMs) are skipped and counted.
//
// Each BOM line's part goes in the batch's refs, keyed by its manufacturer
// part number ("mpn:" + the number in upper case without white space), or,
// without one, by its description ("desc:" + the description in lower case,
// white space collapsed). Lines with neither are skipped and counted. A
// part is named by its part number, else its description; the description
// (Kitspace's value field, "4.7K 1206") is also its model.AttrValue
// attribute; the manufacturer and part number, and each retailer's
// non-empty SKU, are recorded.
//
// Each line becomes an edge from the project to the part with the line's
// reference designators (see SplitRefs) and its stated quantity, even
// where it disagrees with the number of designators; a missing or zero
// quantity is the number of designators, or 1. Lines of one project naming
// the same part are merged into one edge, their quantities added.
//
// ParseSummary reports the counts.
package kitspace
