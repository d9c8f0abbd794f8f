package ingest

import (
	"errors"
	"io"
	"io/fs"
	"maps"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"

	"github.com/cbb-alliance/cbb/layers/model"
	"github.com/cbb-alliance/cbb/pdm"
)

// find walks one command-line path into jobs, and lists the files it
// skips: files of no known format, every symbolic link met inside a
// folder (see symlinkSkipped), which is never followed, and every file
// that is not a regular file (a named pipe, a socket, a device). The path
// itself is followed when it is a symbolic link, and opened whatever it
// is: the user named it.
func (im *Importer) find(p string) ([]job, []string, error) {
	fi, err := os.Stat(p)
	if err != nil {
		return nil, nil, &model.Error{Code: model.Invalid, File: p, Msg: "cannot import", Err: unwrapPathError(err)}
	}
	// Root the file system at "/" so that a reader can look beside its
	// input (a Mendel90 delta variant reads its base variant's folder).
	abs, err := filepath.Abs(p)
	if err != nil {
		return nil, nil, &model.Error{Code: model.Invalid, File: p, Msg: "cannot import", Err: err}
	}
	fsys := os.DirFS("/")
	base := strings.TrimPrefix(filepath.ToSlash(abs), "/")
	if base == "" {
		base = "."
	}
	display := func(path string) string { return filepath.Join(p, strings.TrimPrefix(path, base)) }
	// An input's name is its path from its project root (see
	// projectRoot): the same file is the same input however its path was
	// typed (x/boms, x/boms/.., ./x/boms/bom.csv).
	roots := map[string]string{}
	name := func(p string) string {
		root := projectRoot(path.Dir(p), roots)
		if root == "" {
			return p
		}
		return strings.TrimPrefix(p, root+"/")
	}
	if !fi.IsDir() {
		in, err := newInput(fsys, base, false, p, name(base))
		if err != nil {
			return nil, nil, err
		}
		f, err := im.pick(in)
		if err != nil {
			return nil, nil, err
		}
		if f == nil {
			return nil, nil, &model.Error{Code: model.Invalid, File: p, Msg: "no known format recognizes this file; name one with --format"}
		}
		return []job{{in: in, format: f}}, nil, nil
	}
	var jobs []job
	var skipped []string
	err = fs.WalkDir(fsys, base, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return &model.Error{Code: model.Invalid, File: display(path), Msg: "cannot read", Err: unwrapPathError(err)}
		}
		if pdm.IsSymlink(d) {
			skipped = append(skipped, symlinkSkipped(display(path)))
			return nil
		}
		if !d.IsDir() && !d.Type().IsRegular() {
			// A named pipe, socket or device: opening a pipe would wait
			// for a writer forever.
			skipped = append(skipped, irregularSkipped(display(path)))
			return nil
		}
		if d.IsDir() && vcsDirs[d.Name()] {
			return fs.SkipDir
		}
		in, err := newInput(fsys, path, d.IsDir(), display(path), name(path))
		if err != nil {
			return err
		}
		f, err := im.pick(in)
		if err != nil {
			return err
		}
		switch {
		case f != nil:
			jobs = append(jobs, job{in: in, format: f})
			if d.IsDir() {
				skipped = append(skipped, symlinksUnder(fsys, path, display)...)
				return fs.SkipDir
			}
		case !d.IsDir():
			skipped = append(skipped, in.Display)
		}
		return nil
	})
	return jobs, skipped, err
}

// pick returns the format that reads in: the forced one for files, else
// the first that detects it, else nil. A forced format still lets folder
// formats claim folders.
func (im *Importer) pick(in pdm.Input) (pdm.Format, error) {
	if im.Force != "" {
		f, err := im.format(im.Force)
		if err != nil {
			return nil, err
		}
		if !in.Dir || f.Detect(in) {
			return f, nil
		}
		return nil, nil
	}
	for _, f := range im.Formats {
		if f.Detect(in) {
			return f, nil
		}
	}
	return nil, nil
}

// symlinkSkipped and irregularSkipped are how a symbolic link and a file
// that is not a regular file, passed over, are listed among the skipped
// files.
func symlinkSkipped(display string) string   { return display + " (symlink, not followed)" }
func irregularSkipped(display string) string { return display + " (not a regular file)" }

// symlinksUnder lists the symbolic links and the files that are not
// regular files inside a folder a folder format claimed (version-control
// folders aside). Readers do not open them inside their folder
// (pdm.Input.Open, pdm.OpenIn), so they are passed over like those the
// walk meets. A folder that cannot be listed is left to the reader to
// report.
func symlinksUnder(fsys fs.FS, dir string, display func(string) string) []string {
	var out []string
	fs.WalkDir(fsys, dir, func(p string, d fs.DirEntry, err error) error {
		switch {
		case err != nil || p == dir:
		case pdm.IsSymlink(d):
			out = append(out, symlinkSkipped(display(p)))
		case d.IsDir() && vcsDirs[d.Name()]:
			return fs.SkipDir
		case !d.IsDir() && !d.Type().IsRegular():
			out = append(out, irregularSkipped(display(p)))
		}
		return nil
	})
	return out
}

// projectRoot returns the project root of the slash-separated folder dir
// (relative to "/"): the nearest folder, dir or above, that holds a
// version-control folder or a rootMarker file, or "" (the file system's
// root) when none does. Inputs are named from their project root, so a
// project's files keep their identity wherever the project sits on disk
// and however a path into it was typed; outside any project the whole
// path names them. roots memoizes the answer per folder.
func projectRoot(dir string, roots map[string]string) string {
	if r, ok := roots[dir]; ok {
		return r
	}
	root := ""
	if dir != "." && dir != "" {
		found := false
		for _, m := range append(slices.Collect(maps.Keys(vcsDirs)), rootMarker) {
			if _, err := os.Lstat("/" + dir + "/" + m); err == nil {
				found = true
				break
			}
		}
		if found {
			root = dir
		} else {
			root = projectRoot(path.Dir(dir), roots)
		}
	}
	roots[dir] = root
	return root
}

// rootMarker is the file that makes its folder a project root, for trees
// (a PDM export, a BOM collection) that are under no version control.
const rootMarker = ".cbbroot"

// vcsDirs are version-control folders, never walked.
var vcsDirs = map[string]bool{".git": true, ".hg": true, ".svn": true, ".bzr": true}

func newInput(fsys fs.FS, path string, dir bool, display, name string) (pdm.Input, error) {
	in := pdm.Input{FS: fsys, Path: path, Dir: dir, Display: display, Name: name}
	if dir {
		return in, nil
	}
	f, err := fsys.Open(path)
	if err != nil {
		return in, &model.Error{Code: model.Invalid, File: display, Msg: "cannot open", Err: unwrapPathError(err)}
	}
	defer f.Close()
	head := make([]byte, pdm.HeadSize)
	n, err := io.ReadFull(f, head)
	if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) && !errors.Is(err, io.EOF) {
		return in, &model.Error{Code: model.Invalid, File: display, Msg: "cannot read", Err: unwrapPathError(err)}
	}
	in.Head = head[:n]
	return in, nil
}

func unwrapPathError(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
