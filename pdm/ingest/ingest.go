// Package ingest imports files and folders into the store: it walks the
// paths, detects each input's format, reads every input into a batch,
// stamps owner, scope and lifecycle, normalizes part descriptions into typed
// attributes, splits large batches and applies them one transaction each.
//
// An import reads everything before it writes anything: when an input that
// must be read cannot be, the import fails and the store is untouched.
// Writing is resumable: every batch is idempotent, so an import cut short
// (a crash, a kill) is finished by running it again.
package ingest

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/cbb-alliance/cbb/layers/model"
	"github.com/cbb-alliance/cbb/pdm"
	"github.com/cbb-alliance/cbb/pdm/normalize"
)

// Store is what an import writes to.
type Store interface {
	Apply(ctx context.Context, b *model.Batch) (model.BatchResult, error)
}

// DefaultMaxBatch is the default largest number of items and edges in one
// transaction: far below badger's limit, large enough to amortize the sync.
const DefaultMaxBatch = 20000

// Importer imports paths into a store.
type Importer struct {
	Store   Store
	Formats []pdm.Format // in detection order: the first that detects wins
	// Force names the format every file is read as, skipping detection.
	Force   string
	Options pdm.Options
	// Actor is the member on whose behalf the import writes: the owner of
	// the records (Options.Owner), or the administrator.
	Actor model.MemberID
	// KeepGoing reports inputs that cannot be read and goes on, instead of
	// failing the import.
	KeepGoing bool
	// MaxBatch caps items plus edges per transaction; 0 means DefaultMaxBatch.
	MaxBatch int
	// Progress, when set, is called as inputs are read and batches applied.
	Progress func(Progress)
	Log      *slog.Logger
}

// Progress reports how far an import is.
type Progress struct {
	Phase string // "read" or "write"
	Done  int    // inputs read, or items and edges written
	Total int    // inputs to read, or items and edges to write
}

// Input is what an import did with one input.
type Input struct {
	Path     string `json:"path"`
	Format   string `json:"format"`
	Products int    `json:"products"`
	Items    int    `json:"items"`
	Lines    int    `json:"lines"` // BOM lines: edges
	Error    string `json:"error,omitempty"`
}

// Report says what an import did.
type Report struct {
	Inputs   []Input           `json:"inputs"`
	Rejected []Input           `json:"rejected,omitempty"` // unreadable inputs, with KeepGoing
	Skipped  []string          `json:"skipped,omitempty"`  // files of no known format, symbolic links not followed, files that are not regular
	Result   model.BatchResult `json:"result"`             // summed over batches
	Batches  int               `json:"batches"`            // transactions that changed something
	Elapsed  time.Duration     `json:"elapsed"`
}

// Lines is the number of BOM lines read.
func (r Report) Lines() int {
	n := 0
	for _, in := range r.Inputs {
		n += in.Lines
	}
	return n
}

// job is one input found by the walk, with the format that will read it.
type job struct {
	in     pdm.Input
	format pdm.Format
}

// Import imports the files and folders at paths. Folders are walked; a
// folder that a format detects as a whole (a NopSCADlib or Mendel90 bom/
// folder) is one input. Files no format detects are skipped and listed,
// unless named on the command line. An input named on the command line or
// detected as a known format that cannot be read fails the whole import
// before anything is written, unless KeepGoing is set.
func (im *Importer) Import(ctx context.Context, paths []string) (Report, error) {
	start := time.Now()
	var rep Report
	var jobs []job
	for _, p := range paths {
		js, skipped, err := im.find(p)
		if err != nil {
			return rep, err
		}
		jobs = append(jobs, js...)
		rep.Skipped = append(rep.Skipped, skipped...)
	}
	batches, err := im.readAll(ctx, jobs, &rep)
	if err != nil {
		return rep, err
	}
	if err := im.writeAll(ctx, batches, &rep); err != nil {
		return rep, err
	}
	rep.Elapsed = time.Since(start)
	return rep, nil
}

func (im *Importer) format(name string) (pdm.Format, error) {
	for _, f := range im.Formats {
		if f.Name() == name {
			return f, nil
		}
	}
	var names []string
	for _, f := range im.Formats {
		names = append(names, f.Name())
	}
	return nil, model.Errorf(model.Invalid, "unknown format %q (known: %s)", name, strings.Join(names, ", "))
}

// readAll reads every job into a batch, stamped and normalized, with the
// owner's records keyed within the owner.
func (im *Importer) readAll(ctx context.Context, jobs []job, rep *Report) ([]*model.Batch, error) {
	type read struct {
		j job
		b *model.Batch
	}
	var ok []read
	remap := map[model.ItemID]model.ItemID{}
	reject := func(j job, err error) error {
		if !im.KeepGoing {
			return err
		}
		rep.Rejected = append(rep.Rejected, Input{Path: j.in.Display, Format: j.format.Name(), Error: err.Error()})
		return nil
	}
	for i, j := range jobs {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		b, err := im.read(ctx, j)
		if err != nil {
			if err := reject(j, err); err != nil {
				return nil, err
			}
			continue
		}
		for from, to := range im.own(j.format, b) {
			remap[from] = to
		}
		ok = append(ok, read{j, b})
		if im.Progress != nil {
			im.Progress(Progress{Phase: "read", Done: i + 1, Total: len(jobs)})
		}
	}
	all := make([]*model.Batch, len(ok))
	for i, r := range ok {
		all[i] = r.b
	}
	if err := im.rekey(ctx, all, remap); err != nil {
		return nil, err
	}
	var out []*model.Batch
	seen := map[model.ItemID]record{}
	for _, r := range ok {
		b := r.b
		b.Compact()
		if err := conflicts(seen, b); err != nil {
			if err := reject(r.j, err); err != nil {
				return nil, err
			}
			continue
		}
		in := Input{Path: r.j.in.Display, Format: r.j.format.Name(), Items: len(b.Items) + len(b.Refs), Lines: len(b.Edges)}
		for _, it := range b.Items {
			if it.Level == model.LevelProduct {
				in.Products++
			}
		}
		rep.Inputs = append(rep.Inputs, in)
		out = append(out, b)
	}
	return out, nil
}

// record is where a record was first read in an import, and its content.
type record struct {
	origin string
	hash   [16]byte
}

// conflicts fails when b holds a record that an earlier input of the same
// import holds with other content (two files naming the same product, or
// two exports of one design): applied in turn they would replace each
// other, and every re-import would flip the item between them. Records
// read identically from several inputs (a family every variant names) are
// fine. The records of b are added to seen only when there is no conflict.
func conflicts(seen map[model.ItemID]record, b *model.Batch) error {
	edges := b.EdgesByParent()
	hashes := make(map[model.ItemID][16]byte, len(b.Items))
	for _, it := range b.Items {
		h, err := model.ContentHash(it, edges[it.ID])
		if err != nil {
			return err
		}
		if r, ok := seen[it.ID]; ok && r.hash != h {
			return &model.Error{Code: model.Conflict, File: b.Origin, Msg: fmt.Sprintf(
				"%s %q (%s) is also in %s, with other content; import them separately, or name each product with --product",
				it.Level, it.Name, it.Source, r.origin)}
		}
		hashes[it.ID] = h
	}
	for id, h := range hashes {
		if _, ok := seen[id]; !ok {
			seen[id] = record{origin: b.Origin, hash: h}
		}
	}
	return nil
}

// read reads one job, turning a reader's panic into an error so that one
// bad file cannot take the process down.
func (im *Importer) read(ctx context.Context, j job) (b *model.Batch, err error) {
	defer func() {
		if r := recover(); r != nil {
			b, err = nil, &model.Error{Code: model.Internal, File: j.in.Display, Msg: fmt.Sprintf("%s reader failed: %v", j.format.Name(), r)}
		}
	}()
	b, err = j.format.Read(ctx, j.in, im.Options)
	if err != nil {
		var me *model.Error
		if errors.As(err, &me) {
			return nil, err
		}
		return nil, &model.Error{Code: model.Invalid, File: j.in.Display, Msg: "read as " + j.format.Name(), Err: err}
	}
	if b.Origin == "" {
		b.Origin = j.in.Display
	}
	// Compacting drops the index a reader's merging built, which would
	// otherwise stay in memory with every batch until the import writes.
	b.Compact()
	b.Actor = im.Actor
	im.stamp(b)
	if err := pdm.Check(b); err != nil {
		return nil, &model.Error{Code: model.Internal, File: j.in.Display, Msg: j.format.Name() + " reader made an invalid batch", Err: err}
	}
	return b, nil
}

// stamp gives every item the import's scope and default lifecycle where
// the reader left them empty, and normalizes part descriptions; owners are
// given by own, once the format has said what is catalogue.
func (im *Importer) stamp(b *model.Batch) {
	o := im.Options
	for _, list := range [][]model.Item{b.Items, b.Refs} {
		for i := range list {
			it := &list[i]
			if it.Scope.Kind == "" {
				it.Scope = o.Scope
			}
			if it.Lifecycle == "" {
				it.Lifecycle = o.Lifecycle
			}
			if it.Level == model.LevelPart {
				normalize.Enrich(it)
			}
		}
	}
}

// writeAll applies the batches: small ones grouped, large ones split, so
// that each transaction holds up to max items and edges.
func (im *Importer) writeAll(ctx context.Context, batches []*model.Batch, rep *Report) error {
	max := im.MaxBatch
	if max <= 0 {
		max = DefaultMaxBatch
	}
	total := 0
	for _, b := range batches {
		total += b.Len()
	}
	done := 0
	for _, group := range Group(batches, max) {
		for _, part := range Split(group, max) {
			res, err := im.Store.Apply(ctx, part)
			if err != nil {
				return fmt.Errorf("import %s: %w", part.Origin, err)
			}
			add(&rep.Result, res)
			if res.BatchID != "" {
				rep.Batches++
				if im.Log != nil {
					im.Log.Debug("batch applied", "batch", res.BatchID, "origin", part.Origin, "created", res.Created, "revised", res.Revised)
				}
			}
			done += part.Len()
			if im.Progress != nil {
				im.Progress(Progress{Phase: "write", Done: done, Total: total})
			}
		}
	}
	return nil
}

func add(sum *model.BatchResult, r model.BatchResult) {
	sum.Created += r.Created
	sum.Revised += r.Revised
	sum.Unchanged += r.Unchanged
	sum.Edges += r.Edges
}
