package data

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/dgraph-io/badger/v4"

	"github.com/cbb-alliance/cbb/layers/model"
)

// BatchRecord is what the store keeps of each applied batch that changed
// something: where it came from, when, and which item revisions it wrote.
type BatchRecord struct {
	ID     string    `json:"id"`
	Origin string    `json:"origin"`
	At     time.Time `json:"at"`
	// Actor is the member on whose behalf the batch was written.
	Actor   model.MemberID    `json:"actor"`
	Result  model.BatchResult `json:"result"`
	Written []ItemRev         `json:"written"`
}

// ItemRev names one revision of one item.
type ItemRev struct {
	ID  model.ItemID `json:"id"`
	Rev uint32       `json:"rev"`
}

// Apply stores a batch in one transaction: all of it or nothing. Records
// (b.Items) replace the stored item and its edges when they differ; refs
// (b.Refs) are merged into the stored item (see model.Batch). Items whose
// source key is already mapped to another id (an item merged since) land on
// that id. The write is synced to disk before Apply returns.
//
// Every batch is written on behalf of its actor (b.Actor), who must be an
// active member or the administrator: a member writes its own records and
// the shared catalogue's, never another member's (model.Forbidden), and its
// edges may point only at items it may see. The batch record, every
// revision and the audit log entry written in the same transaction name
// the actor. Catalogue items must be public.
//
// Apply compacts b in place. It returns a model.Invalid error when the batch
// is malformed (an invalid item or edge, an edge whose parent is not a
// record of the batch or whose child exists neither in the batch nor in the
// store, an unknown owner or partner) or too large for one transaction, a
// model.Forbidden one when the actor may not write it, and then the store
// is unchanged. A batch that changes nothing writes nothing
// and returns a result with an empty BatchID.
func (s *Store) Apply(ctx context.Context, b *model.Batch) (model.BatchResult, error) {
	if err := ctx.Err(); err != nil {
		return model.BatchResult{}, err
	}
	b.Compact()
	s.mu.Lock()
	defer s.mu.Unlock()
	var res model.BatchResult
	err := s.db.Update(func(txn *badger.Txn) error {
		a := &applier{txn: txn, now: time.Now().UTC(), batch: b}
		r, err := a.apply()
		res = r
		return err
	})
	if errors.Is(err, badger.ErrTxnTooBig) {
		return model.BatchResult{}, model.Errorf(model.Invalid,
			"batch %s of %d items and %d edges is too large for one transaction; import it in smaller batches",
			b.Origin, len(b.Items)+len(b.Refs), len(b.Edges))
	}
	if err != nil {
		return model.BatchResult{}, fmt.Errorf("apply batch %s: %w", b.Origin, err)
	}
	return res, nil
}

type applier struct {
	txn   *badger.Txn
	now   time.Time
	batch *model.Batch
	ctr   counters
	rec   BatchRecord
	bid   string
	// records holds the ids of the batch's records.
	records map[model.ItemID]bool
	// actor is the rights of the batch's actor.
	actor model.Viewer
}

func (a *applier) apply() (model.BatchResult, error) {
	b := a.batch
	var err error
	if a.actor, err = viewerTxn(a.txn, b.Actor, a.now); err != nil {
		return model.BatchResult{}, fmt.Errorf("batch %s: %w", b.Origin, err)
	}
	// Identities are checked before aliases move an item onto the id a
	// merge of duplicates gave its source key.
	for _, list := range [][]model.Item{b.Items, b.Refs} {
		for i := range list {
			if err := model.CheckKeys(&list[i]); err != nil {
				return model.BatchResult{}, err
			}
		}
	}
	a.catalogueRecordsAsRefs()
	if err := a.resolveAliases(); err != nil {
		return model.BatchResult{}, err
	}
	edges, err := a.checkBatch()
	if err != nil {
		return model.BatchResult{}, err
	}
	if a.ctr, err = readCounters(a.txn); err != nil {
		return model.BatchResult{}, err
	}
	a.bid = batchID(a.ctr.NextBatch + 1)
	res := &a.rec.Result
	res.Edges = len(b.Edges)
	for _, it := range b.Items {
		if err := a.putRecord(it, edges[it.ID], res); err != nil {
			return model.BatchResult{}, err
		}
	}
	for _, it := range b.Refs {
		if err := a.mergeRef(it, res); err != nil {
			return model.BatchResult{}, err
		}
	}
	if res.Created+res.Revised == 0 {
		return model.BatchResult{Unchanged: res.Unchanged, Edges: res.Edges}, nil
	}
	a.ctr.NextBatch++
	a.ctr.Stats.Batches++
	res.BatchID = a.bid
	a.rec.ID, a.rec.Origin, a.rec.At, a.rec.Actor = a.bid, b.Origin, a.now, b.Actor
	if err := setJSON(a.txn, batchKey(a.bid), a.rec); err != nil {
		return model.BatchResult{}, err
	}
	entry := model.AuditEntry{Actor: b.Actor, Action: model.AuditImport, Target: a.bid, Detail: fmt.Sprintf(
		"%s: %d created, %d revised, %d unchanged, %d edges", b.Origin, res.Created, res.Revised, res.Unchanged, res.Edges)}
	if err := appendAudit(a.txn, &entry, a.now); err != nil {
		return model.BatchResult{}, err
	}
	if err := setJSON(a.txn, countersKey, a.ctr); err != nil {
		return model.BatchResult{}, err
	}
	return *res, nil
}

// catalogueRecordsAsRefs turns a member's catalogue records into refs:
// a public library part one member imported is merged into by another
// member's import (filling what it lacks), never replaced; only the
// administrator replaces catalogue records.
func (a *applier) catalogueRecordsAsRefs() {
	if a.actor.Admin {
		return
	}
	b := a.batch
	parents := map[model.ItemID]bool{}
	for _, e := range b.Edges {
		parents[e.Parent] = true
	}
	items := b.Items[:0]
	for _, it := range b.Items {
		if it.Owner == model.Catalogue && !parents[it.ID] {
			b.Refs = append(b.Refs, it)
			continue
		}
		items = append(items, it)
	}
	b.Items = items
}

// resolveAliases maps items whose source key points at another id onto
// that id, and rewrites the edges to match.
func (a *applier) resolveAliases() error {
	b := a.batch
	remap := map[model.ItemID]model.ItemID{}
	for _, list := range [][]model.Item{b.Items, b.Refs} {
		for i := range list {
			it := &list[i]
			if it.Source.System == "" {
				continue
			}
			v, err := getValue(a.txn, sourceKey(it.Source))
			if errors.Is(err, badger.ErrKeyNotFound) {
				continue
			}
			if err != nil {
				return fmt.Errorf("read source key %s: %w", it.Source, err)
			}
			id := model.ItemID(v)
			if id == it.ID {
				continue
			}
			// A source key points only at an item of the same owner (its
			// namespace says whose); anything else is not followed.
			if h, ok, err := readHeadTxn(a.txn, id); err != nil {
				return err
			} else if !ok || h.Owner != it.Owner {
				continue
			}
			remap[it.ID] = id
			it.ID = id
		}
	}
	if len(remap) == 0 {
		return nil
	}
	for i := range b.Edges {
		e := &b.Edges[i]
		e.Parent = mapID(remap, e.Parent)
		e.Child = mapID(remap, e.Child)
		for j, s := range e.Substitutes {
			e.Substitutes[j] = mapID(remap, s)
		}
	}
	b.Compact()
	return nil
}

func mapID(m map[model.ItemID]model.ItemID, id model.ItemID) model.ItemID {
	if to, ok := m[id]; ok {
		return to
	}
	return id
}

// checkBatch validates the batch against itself and the store and returns
// the edges grouped by parent, sorted.
func (a *applier) checkBatch() (map[model.ItemID][]model.Edge, error) {
	b := a.batch
	records := make(map[model.ItemID]bool, len(b.Items))
	a.records = records
	members := map[model.MemberID]bool{}
	for _, it := range b.Items {
		if err := a.mayWrite(&it); err != nil {
			return nil, err
		}
		records[it.ID] = true
		members[it.Owner] = true
		for _, p := range it.Scope.Partners {
			members[p] = true
		}
	}
	refs := b.Refs[:0]
	for _, it := range b.Refs {
		if err := a.mayWrite(&it); err != nil {
			return nil, err
		}
		if !records[it.ID] { // the record is authoritative
			refs = append(refs, it)
			members[it.Owner] = true
		}
	}
	b.Refs = refs
	delete(members, model.Catalogue)
	for m := range members {
		if _, err := getValue(a.txn, memberKey(m)); err != nil {
			if errors.Is(err, badger.ErrKeyNotFound) {
				return nil, model.Errorf(model.Invalid, "unknown member %q: add it first (cbb member add)", m)
			}
			return nil, err
		}
	}
	inBatch := make(map[model.ItemID]bool, len(b.Items)+len(b.Refs))
	for _, it := range b.Items {
		inBatch[it.ID] = true
	}
	for _, it := range b.Refs {
		inBatch[it.ID] = true
	}
	// An edge may point only at what the actor may see: a hidden item
	// reads as a missing one, so an import cannot probe for others' ids.
	exists := func(id model.ItemID) (bool, error) {
		if inBatch[id] {
			return true, nil
		}
		h, ok, err := readHeadTxn(a.txn, id)
		if err != nil || !ok {
			return false, err
		}
		stub := h.stub(id)
		return a.actor.CanSee(&stub), nil
	}
	for _, e := range b.Edges {
		if err := e.Validate(); err != nil {
			return nil, err
		}
		if !records[e.Parent] {
			return nil, model.Errorf(model.Invalid, "edge %s -> %s: the parent must be a record of the same batch", e.Parent, e.Child)
		}
		for _, id := range append([]model.ItemID{e.Child}, e.Substitutes...) {
			ok, err := exists(id)
			if err != nil {
				return nil, err
			}
			if !ok {
				return nil, model.Errorf(model.Invalid, "edge %s -> %s: item %s is neither in the batch nor in the store", e.Parent, e.Child, id)
			}
		}
	}
	byParent := b.EdgesByParent()
	if err := a.checkCycles(byParent); err != nil {
		return nil, err
	}
	return byParent, nil
}

// mayWrite checks an item of the batch: valid, owned by the actor (or the
// catalogue, which must be public), and not replacing or merging into an
// item of another owner.
func (a *applier) mayWrite(it *model.Item) error {
	if err := it.Validate(); err != nil {
		return err
	}
	if err := a.actor.MayWrite(it.Owner); err != nil {
		return model.Errorf(model.Forbidden, "%s %q: %v", it.Level, it.Name, err)
	}
	if it.Owner == model.Catalogue && it.Scope.Kind != model.ScopePublic {
		return model.Errorf(model.Invalid, "%s %q: catalogue items are public, not %s", it.Level, it.Name, it.Scope.Kind)
	}
	h, found, err := a.readHead(it.ID)
	if err != nil {
		return err
	}
	if found && h.Owner != it.Owner {
		stub := h.stub(it.ID)
		if !a.actor.CanSee(&stub) {
			return model.Errorf(model.Conflict, "%s %q (%s): its id %s is taken", it.Level, it.Name, it.Source, it.ID)
		}
		return model.Errorf(model.Forbidden, "%s %q (%s): item %s belongs to %s, not %s", it.Level, it.Name, it.Source, it.ID, h.Owner, it.Owner)
	}
	return nil
}

// checkCycles rejects a batch whose BOM edges would make an item contain
// itself, directly or through other assemblies, with the batch's edges
// taking the place of the stored ones of its records.
func (a *applier) checkCycles(byParent map[model.ItemID][]model.Edge) error {
	children := func(id model.ItemID) ([]model.ItemID, error) {
		var out []model.ItemID
		if es, ok := byParent[id]; ok || a.records[id] {
			for _, e := range es {
				if e.Kind == model.BOM {
					out = append(out, e.Child)
				}
			}
			return out, nil
		}
		prefix := []byte("c/" + string(id) + "/" + string(model.BOM) + "/")
		for _, k := range keysWithPrefix(a.txn, prefix) {
			out = append(out, model.ItemID(k[len(prefix):]))
		}
		return out, nil
	}
	done := map[model.ItemID]bool{} // fully explored, no cycle below
	onPath := map[model.ItemID]bool{}
	var visit func(id model.ItemID) error
	visit = func(id model.ItemID) error {
		if done[id] {
			return nil
		}
		if onPath[id] {
			return model.Errorf(model.Invalid, "BOM cycle: item %s would contain itself", id)
		}
		onPath[id] = true
		kids, err := children(id)
		if err != nil {
			return err
		}
		for _, c := range kids {
			if err := visit(c); err != nil {
				return err
			}
		}
		delete(onPath, id)
		done[id] = true
		return nil
	}
	for p := range byParent {
		if err := visit(p); err != nil {
			return err
		}
	}
	return nil
}

func (a *applier) readHead(id model.ItemID) (head, bool, error) { return readHeadTxn(a.txn, id) }

// putRecord stores a record item with its edges when they differ from the
// current revision.
func (a *applier) putRecord(it model.Item, edges []model.Edge, res *model.BatchResult) error {
	h, found, err := a.readHead(it.ID)
	if err != nil {
		return err
	}
	sum, err := model.ContentHash(it, edges)
	if err != nil {
		return err
	}
	if found && h.Hash == sum {
		res.Unchanged++
		return nil
	}
	if found {
		if err := a.dropEdges(it.ID); err != nil {
			return err
		}
	}
	if err := a.writeRevision(it, edges, h, found, sum, res); err != nil {
		return err
	}
	for _, e := range edges {
		if err := setJSON(a.txn, edgeKey(e), e); err != nil {
			return err
		}
		if err := a.txn.Set(usedKey(e), nil); err != nil {
			return err
		}
		a.countEdge(e, 1)
	}
	return nil
}

// mergeRef merges an observed item into the stored one, or creates it.
func (a *applier) mergeRef(it model.Item, res *model.BatchResult) error {
	h, found, err := a.readHead(it.ID)
	if err != nil {
		return err
	}
	var edges []model.Edge
	if found {
		var cur model.Revision
		if err := getJSON(a.txn, revKey(it.ID, h.Rev), &cur); err != nil {
			return fmt.Errorf("read item %s revision %d: %w", it.ID, h.Rev, err)
		}
		merged := cur.Item
		if !model.MergeInto(&merged, it) {
			res.Unchanged++
			return nil
		}
		it, edges = merged, cur.Edges
	}
	sum, err := model.ContentHash(it, edges)
	if err != nil {
		return err
	}
	return a.writeRevision(it, edges, h, found, sum, res)
}

// writeRevision writes the next revision of an item, its head, its level
// and source index entries, and counts it.
func (a *applier) writeRevision(it model.Item, edges []model.Edge, old head, found bool, sum [16]byte, res *model.BatchResult) error {
	rev := old.Rev + 1
	r := model.Revision{Item: it, Edges: edges, No: int(rev), At: a.now, Batch: a.bid, Actor: a.batch.Actor}
	if err := setJSON(a.txn, revKey(it.ID, rev), r); err != nil {
		return err
	}
	nh := headOf(rev, sum, &it)
	if err := a.txn.Set(headKey(it.ID), nh.encode()); err != nil {
		return err
	}
	if found && old.Level != it.Level {
		if err := a.txn.Delete(levelKey(old.Level, it.ID)); err != nil {
			return err
		}
		a.ctr.Stats.AddLevel(old.Level, -1)
	}
	if !found || old.Level != it.Level {
		if err := a.txn.Set(levelKey(it.Level, it.ID), nil); err != nil {
			return err
		}
		a.ctr.Stats.AddLevel(it.Level, 1)
	}
	if it.Source.System != "" {
		if err := a.txn.Set(sourceKey(it.Source), []byte(it.ID)); err != nil {
			return err
		}
	}
	if found {
		res.Revised++
	} else {
		res.Created++
	}
	a.ctr.Stats.Revisions++
	a.rec.Written = append(a.rec.Written, ItemRev{ID: it.ID, Rev: rev})
	return nil
}

// dropEdges deletes a parent's current edges in both directions.
func (a *applier) dropEdges(parent model.ItemID) error {
	for _, k := range keysWithPrefix(a.txn, childrenPrefix(parent)) {
		var e model.Edge
		if err := getJSON(a.txn, k, &e); err != nil {
			return err
		}
		if err := a.txn.Delete(k); err != nil {
			return err
		}
		if err := a.txn.Delete(usedKey(e)); err != nil {
			return err
		}
		a.countEdge(e, -1)
	}
	return nil
}

func (a *applier) countEdge(e model.Edge, n int) {
	switch e.Kind {
	case model.Variant:
		a.ctr.Stats.Variants += n
	case model.Embodiment:
		a.ctr.Stats.Embodiments += n
	default:
		a.ctr.Stats.Edges += n
	}
}
