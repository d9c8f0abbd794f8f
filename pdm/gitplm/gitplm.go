package gitplm

import (
	"context"
	"fmt"
	"slices"

	"github.com/cbb-alliance/cbb/layers/model"
	"github.com/cbb-alliance/cbb/pdm"
)

// System is the source system name of the items this package makes, the
// first half of their source key.
const System = "gitplm"

// Format reads the category tables of a gitplm parts database. It is
// stateless and safe for concurrent use.
type Format struct{}

var _ pdm.Format = Format{}

// Name returns "gitplm".
func (Format) Name() string { return "gitplm" }

// Detect reports whether the input is a .csv file whose header row, the
// first line of in.Head, starts with an "IPN" column (comma, semicolon or
// tab separated, quoted or not), has an MPN or a Description column, and
// has no quantity or designator column (which would make it a gitplm BOM).
func (Format) Detect(in pdm.Input) bool {
	if in.Dir || in.Ext() != "csv" {
		return false
	}
	cells, ok := headerCells(in.Head)
	return ok && isPartsHeader(cells)
}

// Read reads the whole input and parses it (see Parse).
func (Format) Read(ctx context.Context, in pdm.Input, opt pdm.Options) (*model.Batch, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	data, err := in.ReadAll("")
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", in.Display, err)
	}
	name := in.Display
	if name == "" {
		name = in.Path
	}
	return Parse(name, data, opt)
}

// Parse reads one category table of a gitplm parts database, named name
// (the name locates errors and gives the category of IPNs outside the
// CCC-NNN-VVVV scheme). Every IPN becomes a record of the batch's items,
// and every group of two or more variations of one CCC-NNN a family with
// variant edges to them; see the package documentation. A malformed table
// fails with a *model.Error naming the file, line and column, and no batch.
// The options are not used: ingest applies owner, scope and lifecycle.
func Parse(name string, data []byte, _ pdm.Options) (*model.Batch, error) {
	t, err := readTable(name, data)
	if err != nil {
		return nil, err
	}
	parts, err := t.parts()
	if err != nil {
		return nil, err
	}
	b := &model.Batch{Origin: name}
	items := make(map[string]model.Item, len(parts))
	for _, p := range parts {
		it := t.item(p)
		b.Add(it)
		items[p.ipn] = it
	}
	fams, edges, err := t.families(parts, items)
	if err != nil {
		return nil, err
	}
	for _, f := range fams {
		b.Add(f)
	}
	b.Edges = append(b.Edges, edges...)
	b.Compact()
	return b, nil
}

// isPartsHeader reports whether header cells are those of a parts table:
// IPN first, an MPN (or "Manufacturer Part Number") or Description
// column, no BOM column.
func isPartsHeader(cells []string) bool {
	if len(cells) == 0 || columnKey(cells[0]) != "ipn" {
		return false
	}
	keys := make([]string, len(cells))
	for i, c := range cells {
		keys[i] = columnKey(c)
	}
	if slices.ContainsFunc(keys, func(k string) bool { return bomColumns[k] }) {
		return false
	}
	return slices.ContainsFunc(keys, func(k string) bool { return roles[k] == roleMPN || roles[k] == roleDescription })
}
