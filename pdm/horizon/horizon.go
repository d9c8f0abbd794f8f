package horizon

import (
	"bytes"
	"context"
	"encoding/json"
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
const System = "horizon"

// PartsDir is the name of the pool folder that holds the parts, the folder
// this format reads as one input.
const PartsDir = "parts"

// Format reads the parts of Horizon EDA pools. It is stateless and safe for
// concurrent use.
type Format struct{}

var _ pdm.Format = Format{}

// Name returns "horizon".
func (Format) Name() string { return "horizon" }

// detectDirs bounds the folders Detect lists looking for a part file, and
// detectSize the bytes it reads of that file.
const (
	detectDirs = 64
	detectSize = 1 << 20
)

// Detect reports whether the input is a folder named "parts" whose first
// .json file (breadth first, in name order) is a Horizon part: a JSON
// object with "type": "part" and a "uuid". Single files are not detected:
// a pool is read as a whole (see the package documentation), though Read
// accepts a part file when the format is forced.
func (Format) Detect(in pdm.Input) bool {
	if !in.Dir || in.FS == nil || path.Base(in.Path) != PartsDir {
		return false
	}
	file, ok := firstJSON(in.FS, in.Path)
	if !ok {
		return false
	}
	f, err := in.FS.Open(file)
	if err != nil {
		return false
	}
	defer f.Close()
	head, err := io.ReadAll(io.LimitReader(f, detectSize))
	return err == nil && isPartHead(head)
}

// firstJSON returns the first .json file under dir, breadth first, in name
// order, skipping hidden entries and listing at most detectDirs folders.
func firstJSON(fsys fs.FS, dir string) (string, bool) {
	queue := []string{dir}
	for n := 0; len(queue) > 0 && n < detectDirs; n++ {
		d := queue[0]
		queue = queue[1:]
		entries, err := fs.ReadDir(fsys, d)
		if err != nil {
			continue
		}
		for _, e := range entries {
			name := e.Name()
			switch {
			case strings.HasPrefix(name, "."):
			case e.IsDir():
				queue = append(queue, path.Join(d, name))
			case e.Type().IsRegular() && strings.EqualFold(path.Ext(name), ".json"):
				return path.Join(d, name), true
			}
		}
	}
	return "", false
}

// isPartHead reports whether head, the start of a file, is a JSON object
// whose top-level keys hold "type": "part" and a string "uuid". A head that
// ends inside the object is judged on the keys it holds.
func isPartHead(head []byte) bool {
	head = bytes.TrimPrefix(head, []byte("\uFEFF"))
	if !pdm.Sniff(head, "{") {
		return false
	}
	dec := json.NewDecoder(bytes.NewReader(head))
	if _, err := dec.Token(); err != nil {
		return false
	}
	isPart, hasUUID := false, false
	for dec.More() && !(isPart && hasUUID) {
		tok, err := dec.Token()
		if err != nil {
			break
		}
		var v json.RawMessage
		if dec.Decode(&v) != nil {
			break
		}
		var s string
		switch tok {
		case "type":
			isPart = json.Unmarshal(v, &s) == nil && s == "part"
		case "uuid":
			hasUUID = json.Unmarshal(v, &s) == nil && s != ""
		}
	}
	return isPart && hasUUID
}

// Read reads a pool's parts folder (in.Dir) into one batch: every part a
// record, base parts families with variant edges to the parts made from
// them. Forced on a single part file, it reads the pool around the file
// (the outermost enclosing folder named "parts", or the one beside a
// pool.json) to resolve bases, and returns that part alone as the record;
// when it is a base part, the parts made from it come as refs with the
// variant edges. Errors are *model.Error values naming file, line and
// field.
func (Format) Read(ctx context.Context, in pdm.Input, opt pdm.Options) (*model.Batch, error) {
	if in.FS == nil {
		return nil, &model.Error{Code: model.Invalid, File: in.Display, Msg: "horizon: no file system to read"}
	}
	if in.Dir {
		return ReadPool(ctx, in.FS, in.Path, in.Display)
	}
	b, err := readFile(ctx, in)
	if err != nil {
		return nil, fmt.Errorf("horizon: %w", err)
	}
	return b, nil
}

// ReadPool reads the parts folder root of fsys (every .json file below
// it, hidden files and folders skipped) into one batch; display names root
// in messages and is the batch's origin. See Format.Read.
func ReadPool(ctx context.Context, fsys fs.FS, root, display string) (*model.Batch, error) {
	pl, err := readPool(ctx, fsys, root, display)
	if err != nil {
		return nil, fmt.Errorf("horizon: %w", err)
	}
	b, err := pl.batch(display)
	if err != nil {
		return nil, fmt.Errorf("horizon: %w", err)
	}
	return b, nil
}

// Parse reads one part file held in memory as a pool of one part: a part
// made from a base fails, its base not being in the pool. name is the
// file's path (its folders below "parts/" give the class when the part has
// no parametric table) and names it in messages. The options are not used:
// package ingest stamps owner, scope and lifecycle.
func Parse(name string, data []byte, opt pdm.Options) (*model.Batch, error) {
	p, err := decodePart(name, relName(name), data)
	if err != nil {
		return nil, fmt.Errorf("horizon: %w", err)
	}
	pl := &pool{byUUID: map[string]*part{}}
	if err := pl.add(p); err != nil {
		return nil, fmt.Errorf("horizon: %w", err)
	}
	if err := pl.link(); err != nil {
		return nil, fmt.Errorf("horizon: %w", err)
	}
	b, err := pl.batch(name)
	if err != nil {
		return nil, fmt.Errorf("horizon: %w", err)
	}
	return b, nil
}

// relName returns a file's path from the first folder named "parts" in
// name, or name itself.
func relName(name string) string {
	segs := strings.Split(path.Clean(strings.ReplaceAll(name, "\\", "/")), "/")
	for i, s := range segs[:len(segs)-1] {
		if s == PartsDir {
			return strings.Join(segs[i+1:], "/")
		}
	}
	return path.Base(name)
}

// readFile reads the part file in within its pool; see Format.Read.
func readFile(ctx context.Context, in pdm.Input) (*model.Batch, error) {
	data, err := in.ReadAll("")
	if err != nil {
		return nil, &model.Error{Code: model.Invalid, File: in.Display, Msg: "cannot read the part", Err: err}
	}
	root := poolRoot(in.FS, in.Path)
	rel := path.Base(in.Path)
	if root != "" {
		rel = strings.TrimPrefix(in.Path, root+"/")
	}
	own, err := decodePart(in.Display, rel, data)
	if err != nil {
		return nil, err
	}
	pl := &pool{byUUID: map[string]*part{}}
	if root != "" {
		display := strings.TrimSuffix(in.Display, "/"+rel)
		if display == in.Display {
			display = root
		}
		if pl, err = readPool(ctx, in.FS, root, display); err != nil {
			return nil, err
		}
	}
	p := pl.byUUID[own.uuid]
	switch {
	case p == nil: // the walk skipped the file: a hidden one, or not .json
		if err := pl.add(own); err != nil {
			return nil, err
		}
		if err := pl.link(); err != nil {
			return nil, err
		}
		p = own
	case p.rel != rel:
		return nil, own.errorf("uuid", "uuid", "the uuid %s is also the part of %s", own.uuid, p.file)
	}
	return pl.batchOf(p, in.Display)
}

// poolRoot returns the parts folder of the pool holding the file p: the
// enclosing folder named "parts" beside a pool.json, else the outermost
// enclosing folder named "parts", else "".
func poolRoot(fsys fs.FS, p string) string {
	outer := ""
	for d := path.Dir(p); d != "." && d != "/" && d != ""; d = path.Dir(d) {
		if path.Base(d) != PartsDir {
			continue
		}
		if _, err := fs.Stat(fsys, path.Join(path.Dir(d), "pool.json")); err == nil {
			return d
		}
		outer = d
	}
	return outer
}

// Shared reports every part of a Horizon EDA pool as a catalogue item:
// pools are public part catalogues.
func (Format) Shared(*model.Item) bool { return true }
