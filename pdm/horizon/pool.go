package horizon

import (
	"context"
	"io/fs"
	"path"
	"slices"
	"strings"

	"github.com/cbb-alliance/cbb/layers/model"
)

// pool is the decoded parts of a pool, linked to their bases.
type pool struct {
	parts   []*part // in the order of their paths
	byUUID  map[string]*part
	derived map[string][]*part // by base uuid: the parts made from it, in path order
}

// readPool decodes every .json file under root in fsys (hidden files and
// folders skipped) and links the parts to their bases. display names root
// in messages: a file's name is display joined with its path from root.
func readPool(ctx context.Context, fsys fs.FS, root, display string) (*pool, error) {
	pl := &pool{byUUID: map[string]*part{}, derived: map[string][]*part{}}
	err := fs.WalkDir(fsys, root, func(p string, d fs.DirEntry, err error) error {
		rel := strings.TrimPrefix(strings.TrimPrefix(p, root), "/")
		name := path.Join(display, rel)
		if err != nil {
			return &model.Error{Code: model.Invalid, File: name, Msg: "cannot read the pool", Err: err}
		}
		if p != root && strings.HasPrefix(d.Name(), ".") {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if d.IsDir() || !d.Type().IsRegular() || !strings.EqualFold(path.Ext(p), ".json") {
			return nil
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		data, err := fs.ReadFile(fsys, p)
		if err != nil {
			return &model.Error{Code: model.Invalid, File: name, Msg: "cannot read the part", Err: err}
		}
		pt, err := decodePart(name, rel, data)
		if err != nil {
			return err
		}
		return pl.add(pt)
	})
	if err != nil {
		return nil, err
	}
	if err := pl.link(); err != nil {
		return nil, err
	}
	return pl, nil
}

// add adds a decoded part, refusing a uuid another file holds.
func (pl *pool) add(p *part) error {
	if o, dup := pl.byUUID[p.uuid]; dup {
		return p.errorf("uuid", "uuid", "the uuid %s is also the part of %s", p.uuid, o.file)
	}
	pl.byUUID[p.uuid] = p
	pl.parts = append(pl.parts, p)
	return nil
}

// link checks that every base exists and that no part is its own base
// through others, and indexes the parts made from each base.
func (pl *pool) link() error {
	pl.derived = map[string][]*part{}
	for _, p := range pl.parts {
		if p.base == "" {
			continue
		}
		if _, ok := pl.byUUID[p.base]; !ok {
			return p.errorf("base", "base", "the base part %s is not in the pool", p.base)
		}
		pl.derived[p.base] = append(pl.derived[p.base], p)
	}
	for _, p := range pl.parts {
		seen := map[string]bool{p.uuid: true}
		for q := p; q.base != ""; q = pl.byUUID[q.base] {
			if seen[q.base] {
				return p.errorf("base", "base", "the part %s is its own base through %s", p.uuid, q.uuid)
			}
			seen[q.base] = true
		}
	}
	return nil
}

// attr returns the attribute i of p as Horizon resolves it: the part's own
// text unless it inherits and has a base, then the base's attribute.
func (pl *pool) attr(p *part, i int) string {
	for p.attrs[i].inherit && p.base != "" {
		p = pl.byUUID[p.base]
	}
	return p.attrs[i].text
}

// tags returns the part's tags with, when it inherits tags, its base's
// (which may inherit in turn), without repeats, in first-seen order.
func (pl *pool) tags(p *part) []string {
	var out []string
	for {
		for _, t := range p.tags {
			if t != "" && !slices.Contains(out, t) {
				out = append(out, t)
			}
		}
		if !p.inheritTags || p.base == "" {
			return out
		}
		p = pl.byUUID[p.base]
	}
}

// isBase reports whether the part is a base part: other parts are made
// from it, or its flags say it is one.
func (pl *pool) isBase(p *part) bool {
	return len(pl.derived[p.uuid]) > 0 || p.baseFlag
}

// batch returns every part of the pool as a record, with the variant
// edges from each base part to the parts made from it.
func (pl *pool) batch(origin string) (*model.Batch, error) {
	b := &model.Batch{Origin: origin}
	for _, p := range pl.parts {
		it, err := pl.item(p)
		if err != nil {
			return nil, err
		}
		b.Add(it)
	}
	for _, p := range pl.parts {
		for _, d := range pl.derived[p.uuid] {
			b.Use(model.Edge{Parent: itemID(p.uuid), Child: itemID(d.uuid), Kind: model.Variant})
		}
	}
	b.Compact()
	return b, nil
}

// batchOf returns the part p as the one record of a batch; when it is a
// base part, the parts made from it come as refs with the variant edges.
func (pl *pool) batchOf(p *part, origin string) (*model.Batch, error) {
	b := &model.Batch{Origin: origin}
	it, err := pl.item(p)
	if err != nil {
		return nil, err
	}
	b.Add(it)
	for _, d := range pl.derived[p.uuid] {
		ref, err := pl.item(d)
		if err != nil {
			return nil, err
		}
		b.Ref(ref)
		b.Use(model.Edge{Parent: it.ID, Child: ref.ID, Kind: model.Variant})
	}
	b.Compact()
	return b, nil
}

// itemID is the id of the item of the part with the given uuid.
func itemID(uuid string) model.ItemID { return model.NewID(System, uuid) }
