package mendel90

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"path"
	"path/filepath"
	"slices"
	"strings"

	"github.com/cbb-alliance/cbb/layers/model"
	"github.com/cbb-alliance/cbb/pdm"
)

// System is the source system name of the items this package makes, the
// first half of their source key.
const System = "mendel90"

// BOMFile is the machine-level BOM of a variant's bom/ folder.
const BOMFile = "bom.txt"

// maxFile bounds the size of one BOM file read from a folder.
const maxFile = 16 << 20

// Format reads Mendel90 bom/ folders. It is stateless and safe for
// concurrent use.
type Format struct{}

var _ pdm.Format = Format{}

// Name returns "mendel90".
func (Format) Name() string { return "mendel90" }

// Detect reports whether the input is a folder holding bom.txt, no
// bom.json (that is a NopSCADlib folder) and at least one *_assembly.txt
// whose text starts in Mendel90's layout: "<name>:" then "Vitamins:". It
// lists the folder and reads the head of one assembly file.
func (Format) Detect(in pdm.Input) bool {
	if !in.Dir || in.FS == nil {
		return false
	}
	entries, err := in.ReadDir("")
	if err != nil {
		return false
	}
	hasBOM, first := false, ""
	for _, e := range entries {
		switch name := e.Name(); {
		case e.IsDir():
		case name == "bom.json": // a NopSCADlib folder, even when bom.json is a link
			return false
		case !e.Type().IsRegular(): // links are not followed, pipes not opened
		case name == BOMFile:
			hasBOM = true
		case first == "" && strings.HasSuffix(name, "_assembly.txt"):
			first = name
		}
	}
	if !hasBOM || first == "" {
		return false
	}
	f, err := in.Open(first)
	if err != nil {
		return false
	}
	defer f.Close()
	head := make([]byte, 512)
	n, _ := io.ReadFull(f, head)
	ls := lines(head[:n])
	if len(ls) < 2 {
		return false
	}
	name, ok := strings.CutSuffix(ls[0], ":")
	return ok && validName(name) && ls[1] == "Vitamins:"
}

// Read reads the variant folder in.Path (a variant's bom/ folder) into one
// batch: the Mendel90 family, the variant's product with its assemblies,
// vitamins and printed parts, and the variant edges from the family to
// this and the sibling variants (see the package documentation). A delta
// variant's missing assembly files are read from its base variant's
// folder beside it. Errors are *model.Error values naming the file, the
// line and the section. Symbolic links are not followed: a link among the
// folder's files, its accessories/ folder, or the base variant's folder or
// its bom/ folder, is read as absent (package ingest lists the links it
// passes over).
func (Format) Read(ctx context.Context, in pdm.Input, opt pdm.Options) (*model.Batch, error) {
	if !in.Dir {
		return nil, model.ParseError(in.Display, 0, "", "the mendel90 format reads a variant's bom/ folder, not a file")
	}
	own, err := readFolder(in.FS, in.Path, "", in.Display)
	if err != nil {
		return nil, err
	}
	loc := locate(in)
	var base *folder
	if bn, ok := baseName(loc.variant); ok && loc.fsys != nil {
		f, err := readFolder(loc.fsys, loc.root, path.Join(bn, loc.sub), loc.display(bn))
		switch {
		case err == nil:
			base = f
		case errors.Is(err, pdm.ErrSymlink):
			base = &folder{display: filepath.ToSlash(loc.display(bn)), refused: "reached through a symbolic link, not followed"}
		}
	}
	return parse(ctx, own, base, loc.variant, loc.siblings(), opt)
}

// Parse reads a variant held in memory. files maps names relative to the
// variant's bom/ folder ("bom.txt", "x_axis_assembly.txt",
// "accessories/light_strip_assembly.txt") to their contents; base holds
// the base variant's files for a delta variant (nil otherwise). variant
// names the product (opt.Product overrides it). The batch's variant edges
// name only this variant.
func Parse(variant string, files, base map[string][]byte, opt pdm.Options) (*model.Batch, error) {
	own := &folder{display: variant + "/bom", files: files}
	var bf *folder
	if base != nil {
		bn, _ := baseName(variant)
		bf = &folder{display: bn + "/bom", files: base}
	}
	return parse(context.Background(), own, bf, variant, nil, opt)
}

func parse(ctx context.Context, own, base *folder, variant string, siblings []string, opt pdm.Options) (*model.Batch, error) {
	product, name := variant, ProductName(variant)
	if opt.Product != "" {
		product, name = opt.Product, opt.Product
	}
	if product == "" {
		return nil, model.ParseError(own.display, 0, "", "cannot name the variant from the path; name it with the product option")
	}
	data, ok := own.files[BOMFile]
	if !ok {
		return nil, model.ParseError(own.display, 0, "", "no %s in the folder", BOMFile)
	}
	totals, err := parseBOM(own.path(BOMFile), data)
	if err != nil {
		return nil, err
	}
	m := &machine{variant: variant, product: product, own: own, base: base, siblings: siblings,
		totals: totals, asms: map[string]*assemblyFile{}}
	if err := m.loadAll(ctx); err != nil {
		return nil, err
	}
	n, err := m.instances()
	if err != nil {
		return nil, err
	}
	if err := m.checkTotals(); err != nil {
		return nil, err
	}
	b, err := m.batch(ctx, n, name)
	if err != nil {
		return nil, fmt.Errorf("mendel90: %w", err)
	}
	return b, nil
}

// loadAll reads the machine's assemblies from machine_assembly.txt down, then
// the accessories, and rejects assembly files of the variant's folder that
// are not part of the machine.
func (m *machine) loadAll(ctx context.Context) error {
	state := map[string]int{}
	if err := m.walk(ctx, "", Root, state); err != nil {
		return err
	}
	for _, acc := range m.accessories() {
		if state[accessoryDir+acc] == 0 {
			if err := m.walk(ctx, accessoryDir, acc, state); err != nil {
				return err
			}
		}
	}
	for _, name := range slices.Sorted(maps.Keys(m.own.files)) {
		if strings.HasSuffix(name, "_assembly.txt") && state[strings.TrimSuffix(name, ".txt")] == 0 {
			return model.ParseError(m.own.path(name), 1, "",
				"%s is not part of the machine: no assembly from %s.txt down uses it", name, Root)
		}
	}
	return nil
}

// readFolder reads the BOM files of the bom/ folder rel below dir (rel
// may be empty): its .txt files and those of its accessories/ folder. No
// symbolic link below dir is followed: rel through a link is an error
// wrapping pdm.ErrSymlink; links (and pipes, sockets, devices) among the
// files and an accessories/ link are left out.
func readFolder(fsys fs.FS, dir, rel, display string) (*folder, error) {
	f := &folder{display: filepath.ToSlash(display), files: map[string][]byte{}}
	for _, sub := range []string{"", accessoryDir} {
		entries, err := pdm.ReadDirIn(fsys, dir, path.Join(rel, sub))
		if err != nil {
			if sub != "" {
				break // no accessories
			}
			return nil, &model.Error{Code: model.Invalid, File: display, Msg: "read Mendel90 BOM folder", Err: err}
		}
		for _, e := range entries {
			if !e.Type().IsRegular() || !strings.HasSuffix(e.Name(), ".txt") || (sub != "" && !strings.HasSuffix(e.Name(), "_assembly.txt")) {
				continue
			}
			data, err := readFile(fsys, dir, path.Join(rel, sub, e.Name()))
			if err != nil {
				return nil, &model.Error{Code: model.Invalid, File: f.path(sub + e.Name()), Msg: "read", Err: err}
			}
			f.files[sub+e.Name()] = data
		}
	}
	return f, nil
}

func readFile(fsys fs.FS, dir, name string) ([]byte, error) {
	r, err := pdm.OpenIn(fsys, dir, name)
	if err != nil {
		return nil, err
	}
	defer r.Close()
	data, err := io.ReadAll(io.LimitReader(r, maxFile+1))
	if err == nil && len(data) > maxFile {
		err = fmt.Errorf("larger than %d bytes", maxFile)
	}
	return data, err
}

// location is where a variant folder sits among its siblings: variants
// live in <root>/<variant>/bom (or <root>/<variant> when the folder is not
// named "bom").
type location struct {
	variant string
	fsys    fs.FS  // holds root; nil when the root cannot be reached
	root    string // slash path of the folder of variants in fsys
	sub     string // "bom" or ""
	disp    string // root as people know it
}

func (l location) folder(variant string) string { return path.Join(l.root, variant, l.sub) }

func (l location) display(variant string) string {
	return filepath.Join(l.disp, variant, l.sub)
}

// siblings lists the other variants beside this one: folders of the root
// whose bom folder this format detects.
func (l location) siblings() []string {
	if l.fsys == nil {
		return nil
	}
	entries, err := fs.ReadDir(l.fsys, l.root)
	if err != nil {
		return nil
	}
	var out []string
	for _, e := range entries {
		// A sibling reached through a link (the variant's folder or its
		// bom/ folder) is not followed: Detect does not check its own path.
		if e.IsDir() && e.Name() != l.variant && !strings.HasPrefix(e.Name(), ".") &&
			!linked(l.fsys, l.root, path.Join(e.Name(), l.sub)) &&
			(Format{}).Detect(pdm.Input{FS: l.fsys, Path: l.folder(e.Name()), Dir: true}) {
			out = append(out, e.Name())
		}
	}
	return out
}

// linked reports whether rel below dir cannot be reached without following
// a symbolic link (or cannot be reached at all).
func linked(fsys fs.FS, dir, rel string) bool {
	f, err := pdm.OpenIn(fsys, dir, rel)
	if err != nil {
		return true
	}
	f.Close()
	return false
}

// locate finds the variant's name and the folder of variants in in.FS.
// Package ingest roots in.FS at the file system's root, so the folder of
// variants is always reachable from an imported variant; an input rooted at
// the variant itself (as in tests) names its variant by in.Display and has
// no siblings to read.
func locate(in pdm.Input) location {
	p := path.Clean(in.Path)
	parts := strings.Split(p, "/")
	switch {
	case len(parts) >= 2 && parts[len(parts)-1] == "bom":
		return location{variant: parts[len(parts)-2], fsys: in.FS, root: path.Dir(path.Dir(p)), sub: "bom",
			disp: filepath.Dir(filepath.Dir(filepath.Clean(in.Display)))}
	case p != "." && p != "bom" && p != "/":
		return location{variant: path.Base(p), fsys: in.FS, root: path.Dir(p),
			disp: filepath.Dir(filepath.Clean(in.Display))}
	}
	disp := filepath.Clean(in.Display)
	l := location{variant: filepath.Base(disp), root: ".", disp: filepath.Dir(disp)}
	if l.variant == "bom" {
		l.variant, l.sub, l.disp = filepath.Base(filepath.Dir(disp)), "bom", filepath.Dir(filepath.Dir(disp))
	}
	if l.variant == "." || l.variant == string(filepath.Separator) {
		l.variant = ""
	}
	return l
}

// Shared reports the vitamins (bought parts) as catalogue items; the
// family, its variants, assemblies and printed parts are the designer's
// own.
func (Format) Shared(it *model.Item) bool { return pdm.Bought(it) }
