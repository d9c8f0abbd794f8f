// Package pdm connects members' PDM systems and BOM files to the store. This
// package holds what every format reader shares: the Format interface a
// reader implements, the Input it reads and the Options that stamp what it
// makes. The readers live in sub-packages, one per format, and are listed in
// one place, package pdm/formats; package pdm/ingest walks paths, detects
// formats, normalizes descriptions and writes batches to the store.
package pdm

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"strings"

	"github.com/cbb-alliance/cbb/layers/model"
)

// Format is a reader of one input format: a file format (KiCad XML, STEP,
// spreadsheets...) or a folder layout (a NopSCADlib or Mendel90 bom/ folder).
//
// Lifecycle: a Format is stateless and safe for concurrent use; Detect is
// called for every file and folder met while walking an import, so it must
// be cheap and must not read beyond Input.Head for files; Read is called once
// per input that the format detected or was forced on.
type Format interface {
	// Name is the format's short name, as given to --format.
	Name() string
	// Detect reports whether the input is in this format.
	Detect(in Input) bool
	// Read turns the input into one batch. It fails with a *model.Error
	// naming file, line and field when the input is not valid in this
	// format, and never panics on any input.
	Read(ctx context.Context, in Input, opt Options) (*model.Batch, error)
}

// HeadSize is how many leading bytes of a file Input.Head holds.
const HeadSize = 8192

// Input is a file or folder to read.
type Input struct {
	// FS holds the input; Path is its slash-separated path in FS.
	FS   fs.FS
	Path string
	// Dir tells a folder from a file.
	Dir bool
	// Head is the first HeadSize bytes of a file (fewer if it is shorter);
	// nil for folders.
	Head []byte
	// Display is the input's name for people, in messages.
	Display string
	// Name is the input's slash-separated path from its project root:
	// the nearest folder above it under version control (.git, .hg, .svn,
	// .bzr) or holding a .cbbroot file ("hardware/bom.csv"), else the
	// file system's root. Readers that can only identify a product by its
	// file use it, so that an identity depends neither on how the path was
	// typed nor on where the project sits on disk.
	Name string
}

// Ext returns the file's extension, lower case, without the dot.
func (in Input) Ext() string {
	return strings.TrimPrefix(strings.ToLower(path.Ext(in.Path)), ".")
}

// Base returns the last element of the path.
func (in Input) Base() string { return path.Base(in.Path) }

// ReadAll reads the whole file, or a file in the folder when name is not
// empty, without following a symbolic link inside the folder (see Open).
// Files larger than MaxFile are refused with an error wrapping ErrTooLarge.
func (in Input) ReadAll(name string) ([]byte, error) {
	return in.ReadAllMax(name, MaxFile)
}

// ReadAllMax is ReadAll with a cap of max bytes (max > 0): a larger file is
// refused, before it is read when its size is known, with an error wrapping
// ErrTooLarge that names the cap. The buffer is sized from the file's size,
// so reading costs the file's bytes, not twice as many.
func (in Input) ReadAllMax(name string, max int64) ([]byte, error) {
	f, err := in.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return readAll(f, max)
}

// Open opens the file, or a file in the folder when name (a
// slash-separated path) is not empty, without following symbolic links
// inside the folder: when any element of name is a symbolic link the error
// wraps ErrSymlink. The input's own path is not checked: package ingest
// never makes an input of a symbolic link met in a walk, and follows one
// named on the command line.
func (in Input) Open(name string) (fs.File, error) {
	if name == "" {
		return in.FS.Open(in.Path)
	}
	return OpenIn(in.FS, in.Path, name)
}

// ReadDir lists the folder, or a folder in it when name is not empty,
// without following symbolic links inside the folder (see Open). The
// entries themselves may be symbolic links; see IsSymlink.
func (in Input) ReadDir(name string) ([]fs.DirEntry, error) {
	return ReadDirIn(in.FS, in.Path, name)
}

// MaxFile is the largest file Input.ReadAll reads: generous, to bound what
// one hostile file can cost. Readers with tighter needs use ReadAllMax.
const MaxFile = 1 << 30

// ErrSymlink is the error of reaching a file or folder through a symbolic
// link inside an input: symbolic links inside imported folders are never
// followed (docs/DECISIONS.md, "Walking folders" and "Symbolic links").
var ErrSymlink = errors.New("symbolic link, not followed")

// ErrNotRegular is the error of opening, inside an input, a named pipe, a
// socket or a device: opening a pipe would wait for a writer forever.
var ErrNotRegular = errors.New("not a regular file")

// ErrTooLarge is the error of a file over a reader's size cap.
var ErrTooLarge = errors.New("too large")

// IsSymlink reports whether a directory entry is a symbolic link.
func IsSymlink(e fs.DirEntry) bool { return e.Type()&fs.ModeSymlink != 0 }

// OpenIn opens name, a slash-separated path below the folder dir of fsys,
// refusing with an error wrapping ErrSymlink when any element of name is a
// symbolic link (dir itself is not checked), and with ErrNotRegular when
// name is neither a regular file nor a folder. name must be a valid fs path
// (no "..", no leading slash); empty names dir itself. On a file system
// that cannot tell links (no fs.ReadLinkFS) it is fsys.Open.
func OpenIn(fsys fs.FS, dir, name string) (fs.File, error) {
	p, lst, err := noLinks(fsys, dir, name)
	if err != nil {
		return nil, err
	}
	f, err := fsys.Open(p)
	if err != nil {
		return nil, err
	}
	// Close the window between Lstat and Open on the operating system's
	// file system: the file opened must be the one Lstat saw.
	if lst != nil && os.SameFile(lst, lst) {
		if st, err := f.Stat(); err != nil || !os.SameFile(lst, st) {
			f.Close()
			return nil, &fs.PathError{Op: "open", Path: p, Err: ErrSymlink}
		}
	}
	return f, nil
}

// ReadDirIn lists the folder name below dir in fsys without following
// symbolic links, as OpenIn opens files.
func ReadDirIn(fsys fs.FS, dir, name string) ([]fs.DirEntry, error) {
	p, _, err := noLinks(fsys, dir, name)
	if err != nil {
		return nil, err
	}
	return fs.ReadDir(fsys, p)
}

// noLinks checks that no element of name below dir is a symbolic link and
// returns the joined path and what Lstat said of it (nil when name is
// empty).
func noLinks(fsys fs.FS, dir, name string) (string, fs.FileInfo, error) {
	if name == "" || name == "." {
		return dir, nil, nil
	}
	if !fs.ValidPath(name) {
		return "", nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrInvalid}
	}
	cur := dir
	var fi fs.FileInfo
	for elem := range strings.SplitSeq(name, "/") {
		cur = path.Join(cur, elem)
		var err error
		if fi, err = fs.Lstat(fsys, cur); err != nil {
			return "", nil, err
		}
		if fi.Mode()&fs.ModeSymlink != 0 {
			return "", nil, &fs.PathError{Op: "open", Path: cur, Err: ErrSymlink}
		}
	}
	if !fi.Mode().IsRegular() && !fi.IsDir() {
		return "", nil, &fs.PathError{Op: "open", Path: cur, Err: ErrNotRegular}
	}
	return cur, fi, nil
}

// readAll reads f to its end, refusing more than max bytes (max > 0).
func readAll(f fs.File, max int64) ([]byte, error) {
	size := int64(0)
	if st, err := f.Stat(); err == nil && st.Mode().IsRegular() {
		size = st.Size()
	}
	if max > 0 && size > max {
		return nil, fmt.Errorf("%w: %d bytes, over the cap of %d bytes", ErrTooLarge, size, max)
	}
	var buf bytes.Buffer
	buf.Grow(int(min(size, MaxFile)) + bytes.MinRead)
	r := io.Reader(f)
	if max > 0 {
		r = io.LimitReader(f, max+1)
	}
	if _, err := buf.ReadFrom(r); err != nil {
		return nil, err
	}
	if max > 0 && int64(buf.Len()) > max {
		return nil, fmt.Errorf("%w: over the cap of %d bytes", ErrTooLarge, max)
	}
	return buf.Bytes(), nil
}

// Options stamp and steer what a reader makes.
type Options struct {
	// Owner is the member that owns the items made; Scope is who may see
	// them; Lifecycle is the state of items whose source gives none.
	// Package ingest applies these to every item after reading.
	Owner     model.MemberID
	Scope     model.Scope
	Lifecycle model.Lifecycle
	// Product names the product a single BOM file describes, where the
	// file does not name it itself; empty means the file's name.
	Product string
	// Mapping overrides the automatic header mapping of tabular BOMs:
	// field name (see package pdm/tabular) to the header that holds it.
	Mapping map[string]string
}

// Sniff reports whether head, after any byte-order mark and leading white
// space, starts with one of the prefixes (compared case-insensitively).
func Sniff(head []byte, prefixes ...string) bool {
	s := strings.TrimPrefix(string(head), "\uFEFF")
	s = strings.TrimLeft(s, " \t\r\n")
	for _, p := range prefixes {
		if len(s) >= len(p) && strings.EqualFold(s[:len(p)], p) {
			return true
		}
	}
	return false
}

// Check reports the first way a reader's batch breaks the reader contract:
// an item that does not validate once owner, scope and lifecycle are
// stamped where the reader left them empty (as package ingest stamps them),
// an invalid edge, or an edge whose parent is not a record of the batch or
// whose child or substitute is not in the batch. Readers' tests and fuzz
// tests call it on everything a reader returns.
func Check(b *model.Batch) error {
	records := map[model.ItemID]bool{}
	all := map[model.ItemID]bool{}
	for _, list := range [][]model.Item{b.Items, b.Refs} {
		for _, it := range list {
			if it.Owner == "" {
				it.Owner = "check"
			}
			if it.Scope.Kind == "" {
				it.Scope = model.Scope{Kind: model.ScopeAlliance}
			}
			if it.Lifecycle == "" {
				it.Lifecycle = model.Released
			}
			if err := it.Validate(); err != nil {
				return err
			}
			all[it.ID] = true
		}
	}
	for _, it := range b.Items {
		records[it.ID] = true
	}
	for _, e := range b.Edges {
		if err := e.Validate(); err != nil {
			return err
		}
		if !records[e.Parent] {
			return fmt.Errorf("edge %s -> %s: the parent is not a record of the batch", e.Parent, e.Child)
		}
		for _, c := range append([]model.ItemID{e.Child}, e.Substitutes...) {
			if !all[c] {
				return fmt.Errorf("edge %s -> %s: item %s is not in the batch", e.Parent, e.Child, c)
			}
		}
	}
	return nil
}
