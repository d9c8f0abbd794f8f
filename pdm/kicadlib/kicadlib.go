package kicadlib

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"strings"

	"github.com/cbb-alliance/cbb/layers/model"
	"github.com/cbb-alliance/cbb/pdm"
)

// System is the source system name of the items this package makes, the
// first half of their source key.
const System = "kicadlib"

// Format reads KiCad symbol libraries: legacy .lib files (with the .dcm
// beside them) and KiCad 6+ .kicad_sym files. It is stateless and safe for
// concurrent use.
type Format struct{}

var _ pdm.Format = Format{}

// Name returns "kicadlib".
func (Format) Name() string { return "kicadlib" }

// Detect reports whether the input is a .lib file starting with
// "EESchema-LIBRARY" or a .kicad_sym file starting with
// "(kicad_symbol_lib". It looks at the extension and in.Head only; .dcm
// files are read with their .lib and are not detected on their own.
func (Format) Detect(in pdm.Input) bool {
	if in.Dir {
		return false
	}
	switch in.Ext() {
	case "lib":
		return pdm.Sniff(in.Head, "EESchema-LIBRARY")
	case "kicad_sym":
		return pdm.Sniff(in.Head, "(kicad_symbol_lib")
	}
	return false
}

// Read reads the library file and, for a legacy library, the .dcm file of
// the same path and stem when in.FS has one (see ParseLegacy); errors in
// the .dcm file name it. It returns ctx's error if ctx is done.
func (Format) Read(ctx context.Context, in pdm.Input, opt pdm.Options) (*model.Batch, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	data, err := in.ReadAll("")
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", in.Display, err)
	}
	display := in.Display
	if display == "" {
		display = in.Path
	}
	lib := libraryName(in.Path)
	if isSexpr(in.Path, data) {
		return parse(display, lib, data, "", nil)
	}
	docExt := ".dcm"
	if ext := path.Ext(in.Path); ext != "" && ext == strings.ToUpper(ext) {
		docExt = ".DCM"
	}
	docPath := strings.TrimSuffix(in.Path, path.Ext(in.Path)) + docExt
	// The documentation file beside the library is read only when it is
	// a regular file there, not through a symbolic link.
	var doc []byte
	f, err := pdm.OpenIn(in.FS, path.Dir(docPath), path.Base(docPath))
	if err == nil {
		doc, err = io.ReadAll(f)
		f.Close()
	}
	switch {
	case errors.Is(err, fs.ErrNotExist), errors.Is(err, pdm.ErrSymlink), errors.Is(err, pdm.ErrNotRegular):
		return parse(display, lib, data, "", nil)
	case err != nil:
		return nil, fmt.Errorf("read %s: %w", docPath, err)
	}
	docDisplay := strings.TrimSuffix(display, path.Ext(display)) + docExt
	return parse(display, lib, data, docDisplay, doc)
}

// Parse reads one symbol library named name, a legacy .lib or a .kicad_sym
// (told apart by the name's extension, else by the content's first
// characters), without its documentation file. The library's name, the
// first half of its parts' external ids, is the stem of name.
//
// Options are not used: a library states no owner or scope, and package
// ingest stamps them. Errors are *model.Error values naming name, the line
// and the field.
func Parse(name string, data []byte, opt pdm.Options) (*model.Batch, error) {
	return parse(name, libraryName(name), data, "", nil)
}

// ParseLegacy reads a legacy library named name with its documentation
// file (.dcm) named docName; doc may be nil when there is none. Entries of
// the documentation file that name no symbol of the library are ignored.
func ParseLegacy(name string, lib []byte, docName string, doc []byte, opt pdm.Options) (*model.Batch, error) {
	return parse(name, libraryName(name), lib, docName, doc)
}

func parse(file, lib string, data []byte, docFile string, doc []byte) (*model.Batch, error) {
	if isSexpr(file, data) {
		syms, err := parseKicadSym(file, data)
		if err != nil {
			return nil, err
		}
		return build(file, lib, syms), nil
	}
	syms, aliasOf, err := parseLegacy(file, data)
	if err != nil {
		return nil, err
	}
	var docs map[string]docEntry
	if doc != nil {
		if docs, err = parseDoc(docFile, doc); err != nil {
			return nil, err
		}
	}
	applyDocs(syms, aliasOf, docs)
	return build(file, lib, syms), nil
}

// isSexpr tells a .kicad_sym from a legacy library: by the extension, or
// for other names by the first character.
func isSexpr(name string, data []byte) bool {
	switch strings.ToLower(path.Ext(name)) {
	case ".kicad_sym":
		return true
	case ".lib":
		return false
	}
	return pdm.Sniff(data, "(")
}

// libraryName is the file stem: "dk_Memory" for "symbols/dk_Memory.lib".
func libraryName(p string) string {
	base := path.Base(strings.ReplaceAll(p, "\\", "/"))
	if stem := strings.TrimSuffix(base, path.Ext(base)); stem != "" {
		return stem
	}
	return base
}

// build makes one part record per symbol, leaving out power symbols.
func build(file, lib string, syms []*symbol) *model.Batch {
	b := &model.Batch{Origin: file}
	for _, s := range syms {
		if s.power {
			continue
		}
		b.Add(partItem(lib, s))
	}
	b.Compact()
	return b
}

// Shared reports every part of a KiCad symbol library as a catalogue
// item: the libraries this reader serves are public part catalogues.
func (Format) Shared(*model.Item) bool { return true }
