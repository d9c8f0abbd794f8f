package nopscadlib

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"path"
	"path/filepath"
	"strings"

	"github.com/cbb-alliance/cbb/layers/model"
	"github.com/cbb-alliance/cbb/pdm"
)

// System is the source system name of the items this package makes, the
// first half of their source key.
const System = "nopscadlib"

// BOMFile is the file of a bom/ folder this package reads.
const BOMFile = "bom.json"

// Format reads NopSCADlib bom/ folders. It is stateless and safe for
// concurrent use.
type Format struct{}

var _ pdm.Format = Format{}

// Name returns "nopscadlib".
func (Format) Name() string { return "nopscadlib" }

// Detect reports whether the input is a folder holding a bom.json, or a
// bom.json file, whose head is a NopSCADlib assembly list: a JSON array
// whose first element is an object with "name" and "assemblies" and a map
// of parts ("vitamins", "printed" or "routed"). For a folder it reads the
// first pdm.HeadSize bytes of its bom.json; for a file, in.Head only.
func (Format) Detect(in pdm.Input) bool {
	if !in.Dir {
		return strings.EqualFold(in.Base(), BOMFile) && DetectHead(in.Head)
	}
	if in.FS == nil {
		return false
	}
	f, err := in.Open(BOMFile) // a bom.json that is a symbolic link is not followed
	if err != nil {
		return false
	}
	defer f.Close()
	head := make([]byte, pdm.HeadSize)
	n, _ := io.ReadFull(f, head)
	return DetectHead(head[:n])
}

// DetectHead reports whether head, the start of a file, looks like a
// NopSCADlib bom.json. A head that ends inside the first assembly is
// judged on the keys it holds.
func DetectHead(head []byte) bool {
	head = bytes.TrimPrefix(head, []byte("\uFEFF"))
	if !pdm.Sniff(head, "[") {
		return false
	}
	dec := json.NewDecoder(bytes.NewReader(head))
	for _, want := range []json.Delim{'[', '{'} {
		if tok, err := dec.Token(); err != nil || tok != want {
			return false
		}
	}
	keys := map[string]bool{}
	judge := func(complete bool) bool {
		parts := keys["vitamins"] || keys["printed"] || keys["routed"]
		if complete {
			parts = keys["vitamins"]
		}
		return keys["name"] && keys["assemblies"] && parts
	}
	for {
		tok, err := dec.Token()
		if err != nil {
			return judge(false)
		}
		key, ok := tok.(string)
		if !ok { // the closing '}'
			return judge(true)
		}
		keys[key] = true
		var v json.RawMessage
		if err := dec.Decode(&v); err != nil {
			return judge(false)
		}
		switch key {
		case "name":
			var s string
			if json.Unmarshal(v, &s) != nil {
				return false
			}
		case "assemblies", "vitamins", "printed", "routed":
			if t := bytes.TrimSpace(v); len(t) == 0 || t[0] != '{' {
				return false
			}
		}
	}
}

// Read reads the bom.json of the folder in.Path, or the file in.Path,
// into one batch: the product with its assemblies, vitamins and made
// parts (see the package documentation). Errors are *model.Error values
// naming the file, the line and the field. A folder's bom.json that is a
// symbolic link is not followed (an error wrapping pdm.ErrSymlink).
func (Format) Read(ctx context.Context, in pdm.Input, opt pdm.Options) (*model.Batch, error) {
	folder, display, name := path.Dir(in.Path), in.Display, ""
	if in.Dir {
		folder, display, name = in.Path, filepath.Join(in.Display, BOMFile), BOMFile
	}
	data, err := in.ReadAll(name)
	if err != nil {
		return nil, &model.Error{Code: model.Invalid, File: display, Msg: "read NopSCADlib BOM", Err: err}
	}
	product := opt.Product
	if product == "" {
		product = ProductName(folder)
	}
	if product == "" {
		product = ProductName(filepath.ToSlash(filepath.Dir(filepath.Clean(display))))
	}
	return parse(ctx, display, product, data)
}

// Parse reads a bom.json held in memory. name is the file's path, for
// messages, the batch's origin and the product's name (see ProductName;
// opt.Product overrides it).
func Parse(name string, data []byte, opt pdm.Options) (*model.Batch, error) {
	product := opt.Product
	if product == "" {
		product = ProductName(path.Dir(filepath.ToSlash(name)))
	}
	return parse(context.Background(), name, product, data)
}

// ProductName names the product of the bom/ folder at the slash-separated
// path folder: the folder's name, or its parent's when the folder is
// literally "bom" (as NopSCADlib projects keep it). It returns "" when the
// path names no folder (".", "/").
func ProductName(folder string) string {
	folder = path.Clean(folder)
	name := path.Base(folder)
	if name == "bom" {
		name = path.Base(path.Dir(folder))
	}
	switch name {
	case ".", "/", "..", "bom":
		return ""
	}
	return name
}

func parse(ctx context.Context, file, product string, data []byte) (*model.Batch, error) {
	if product == "" {
		return nil, model.ParseError(file, 0, "",
			"cannot name the product from the path; name it with the product option")
	}
	d := newDoc(file, data)
	asms, err := d.decode(ctx)
	if err != nil {
		return nil, err
	}
	b, err := build(ctx, file, product, asms)
	if err != nil {
		return nil, fmt.Errorf("nopscadlib: %w", err)
	}
	return b, nil
}

// Shared reports the vitamins (bought parts, keyed by their NopSCADlib
// constructor) as catalogue items; products, assemblies and printed or
// routed parts are the designer's own.
func (Format) Shared(it *model.Item) bool { return pdm.Bought(it) }
