package step

import (
	"context"
	"fmt"
	"io"
	"path"
	"strings"

	"github.com/cbb-alliance/cbb/layers/model"
	"github.com/cbb-alliance/cbb/pdm"
)

// System is the source system of the items this reader makes, and its
// format name.
const System = "step"

// The text attributes this reader sets on root products.
const (
	// AttrSchema is the file's schema (FILE_SCHEMA), e.g.
	// "AUTOMOTIVE_DESIGN { 1 0 10303 214 1 1 1 1 }"; several are joined
	// with ", ".
	AttrSchema = "step_schema"
	// AttrOriginatingSystem is the CAD system that wrote the file
	// (FILE_NAME's originating_system).
	AttrOriginatingSystem = "step_originating_system"
)

// Format reads STEP (ISO 10303-21) files. It is stateless and safe for
// concurrent use.
type Format struct{}

var _ pdm.Format = Format{}

// Name returns "step".
func (Format) Name() string { return System }

// Detect reports whether the input is a file that starts with
// "ISO-10303-21;", after an optional byte-order mark and white space,
// whatever its extension (.stp, .step, .p21...).
func (Format) Detect(in pdm.Input) bool {
	return !in.Dir && pdm.Sniff(in.Head, "ISO-10303-21;")
}

// Read streams the file and returns its product structure. It fails with a
// *model.Error naming file, line and field on any syntax error, on a
// truncated file, on a broken product structure and on a file with no
// product ("no product").
func (Format) Read(ctx context.Context, in pdm.Input, opt pdm.Options) (*model.Batch, error) {
	if in.Dir {
		return nil, model.ParseError(in.Display, 0, "", "a STEP input is a file, not a folder")
	}
	f, err := in.FS.Open(in.Path)
	if err != nil {
		return nil, fmt.Errorf("read STEP file %s: %w", in.Display, err)
	}
	defer f.Close()
	display := in.Display
	if display == "" {
		display = in.Path
	}
	return read(ctx, newScanner(f), display, stem(in.Path), opt)
}

// Parse reads a STEP file held in memory; name is the file's name, for
// errors and for the products' external ids.
func Parse(name string, data []byte, opt pdm.Options) (*model.Batch, error) {
	return read(context.Background(), newBytesScanner(data), name, stem(name), opt)
}

// Decode reads a STEP file from r, streaming: memory stays bounded by the
// product structure, whatever the size of the geometry. name is the file's
// name, for errors and for the products' external ids.
func Decode(ctx context.Context, r io.Reader, name string, opt pdm.Options) (*model.Batch, error) {
	return read(ctx, newScanner(r), name, stem(name), opt)
}

func read(ctx context.Context, s *scanner, display, stem string, opt pdm.Options) (*model.Batch, error) {
	c := &collector{}
	p := &parser{ctx: ctx, s: s, file: display, c: c}
	if err := p.exchange(); err != nil {
		return nil, err
	}
	return c.batch(display, stem, opt)
}

// stem is the file's name without folder and extension.
func stem(name string) string {
	base := path.Base(strings.ReplaceAll(name, `\`, "/"))
	if s := strings.TrimSuffix(base, path.Ext(base)); s != "" {
		return s
	}
	return base
}
