package ingest

import (
	"errors"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"

	"cbb/layers/model"
	"cbb/pdm"
)

// find walks one command-line path into jobs.
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
	parent := path.Dir(base)
	name := func(p string) string {
		if parent == "." {
			return p
		}
		return strings.TrimPrefix(p, parent+"/")
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
		if d.Type()&fs.ModeSymlink != 0 || (d.IsDir() && vcsDirs[d.Name()]) {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
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
