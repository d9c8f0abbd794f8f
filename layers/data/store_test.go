package data

import (
	"bytes"
	"context"
	"errors"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/dgraph-io/badger/v4"

	"github.com/cbb-alliance/cbb/layers/model"
)

const owner model.MemberID = "acme"

func openTest(t *testing.T, dir string) *Store {
	t.Helper()
	s, err := Open(context.Background(), dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	if err := s.PutMember(context.Background(), model.Administrator, model.Member{ID: owner, Name: "Acme", Kind: model.Enterprise, Status: model.Active}); err != nil {
		t.Fatal(err)
	}
	return s
}

func item(level model.Level, ext, name string) model.Item {
	return model.Item{
		ID: tid(ext), Level: level, Name: name,
		Lifecycle: model.Released, Owner: owner, Scope: model.Scope{Kind: model.ScopeAlliance},
		Source: model.SourceRef{Namespace: owner, System: "test", ExternalID: ext},
	}
}

// tid is the id of owner's test record ext.
func tid(ext string) model.ItemID { return model.OwnedID(owner, model.NewID("test", ext)) }

// product builds a batch: a product using the named parts (as refs) once each.
func product(name string, parts ...string) *model.Batch {
	b := &model.Batch{Origin: name, Actor: owner}
	p := item(model.LevelProduct, name, name)
	b.Add(p)
	for _, n := range parts {
		it := item(model.LevelPart, n, n)
		b.Ref(it)
		b.Use(model.Edge{Parent: p.ID, Child: it.ID, Quantity: 1, RefDes: []string{"X1"}})
	}
	return b
}

func TestApplySharedPartsAndWhereUsed(t *testing.T) {
	ctx := context.Background()
	s := openTest(t, t.TempDir())
	for _, b := range []*model.Batch{product("p1", "screw", "nut"), product("p2", "screw", "washer")} {
		if _, err := s.Apply(ctx, b); err != nil {
			t.Fatal(err)
		}
	}
	st, _ := s.Stats(ctx)
	if st.Products != 2 || st.Parts != 3 || st.Edges != 4 || st.Members != 1 || st.Batches != 2 {
		t.Fatalf("stats = %+v", st)
	}
	used, err := s.WhereUsed(ctx, tid("screw"))
	if err != nil {
		t.Fatal(err)
	}
	var parents []model.ItemID
	for _, e := range used {
		parents = append(parents, e.Parent)
	}
	slices.Sort(parents)
	want := []model.ItemID{tid("p1"), tid("p2")}
	slices.Sort(want)
	if !slices.Equal(parents, want) {
		t.Fatalf("where-used screw = %v, want %v", parents, want)
	}
	kids, err := s.Children(ctx, tid("p1"))
	if err != nil || len(kids) != 2 {
		t.Fatalf("children = %v, %v", kids, err)
	}
}

func TestApplyIdempotent(t *testing.T) {
	ctx := context.Background()
	s := openTest(t, t.TempDir())
	if _, err := s.Apply(ctx, product("p1", "a", "b")); err != nil {
		t.Fatal(err)
	}
	before := dump(t, s)
	res, err := s.Apply(ctx, product("p1", "a", "b"))
	if err != nil {
		t.Fatal(err)
	}
	if res.BatchID != "" || res.Created+res.Revised != 0 || res.Unchanged != 3 {
		t.Fatalf("re-import result = %+v", res)
	}
	if !bytes.Equal(before, dump(t, s)) {
		t.Fatal("re-import changed the store")
	}
}

func TestApplyRevisions(t *testing.T) {
	ctx := context.Background()
	s := openTest(t, t.TempDir())
	if _, err := s.Apply(ctx, product("p1", "a", "b")); err != nil {
		t.Fatal(err)
	}
	// The BOM changes: b is replaced by c; a new revision of p1, b keeps
	// existing but is no longer used by p1.
	res, err := s.Apply(ctx, product("p1", "a", "c"))
	if err != nil {
		t.Fatal(err)
	}
	if res.Created != 1 || res.Revised != 1 || res.Unchanged != 1 {
		t.Fatalf("result = %+v", res)
	}
	p1 := tid("p1")
	revs, err := s.Revisions(ctx, p1)
	if err != nil || len(revs) != 2 || revs[1].No != 2 {
		t.Fatalf("revisions = %v, %v", revs, err)
	}
	if used, _ := s.WhereUsed(ctx, tid("b")); len(used) != 0 {
		t.Fatalf("b still used by %v", used)
	}
	st, _ := s.Stats(ctx)
	if st.Edges != 2 || st.Parts != 3 || st.Revisions != 5 {
		t.Fatalf("stats = %+v", st)
	}
}

func TestApplyMergesRefs(t *testing.T) {
	ctx := context.Background()
	s := openTest(t, t.TempDir())
	b1 := product("p1", "r")
	b1.Refs[0].Description = "4k7 0603"
	b2 := product("p2", "r")
	b2.Refs[0].Description = "4.7K resistor"
	b2.Refs[0].SetAttr(model.TextAttr(model.AttrFootprint, "R_0603"))
	for _, b := range []*model.Batch{b1, b2, b1, b2} {
		if _, err := s.Apply(ctx, b); err != nil {
			t.Fatal(err)
		}
	}
	r, err := s.Current(ctx, tid("r"))
	if err != nil {
		t.Fatal(err)
	}
	if r.Item.Description != "4k7 0603" || r.No != 2 {
		t.Fatalf("merged item = %+v (rev %d)", r.Item, r.No)
	}
	if _, ok := r.Item.Attr(model.AttrFootprint); !ok {
		t.Fatal("footprint from the second BOM was not merged")
	}
}

func TestApplyRejectsAndChangesNothing(t *testing.T) {
	ctx := context.Background()
	s := openTest(t, t.TempDir())
	if _, err := s.Apply(ctx, product("p1", "a")); err != nil {
		t.Fatal(err)
	}
	before := dump(t, s)
	tests := []struct {
		name string
		mod  func(*model.Batch)
		code model.ErrorCode // invalid when empty
	}{
		{"bad level", func(b *model.Batch) { b.Refs[0].Level = "widget" }, ""},
		{"no name", func(b *model.Batch) { b.Items[0].Name = "" }, ""},
		{"another owner", func(b *model.Batch) {
			r := &b.Refs[0]
			r.Owner, r.Source.Namespace = "nobody", "nobody"
			r.ID = model.KeyedID(r)
		}, model.Forbidden},
		{"id not from the source key", func(b *model.Batch) { b.Refs[0].ID = tid("elsewhere") }, ""},
		{"another owner's namespace", func(b *model.Batch) { b.Refs[0].Source.Namespace = "nobody" }, ""},
		{"no source key", func(b *model.Batch) { b.Refs[0].Source = model.SourceRef{} }, ""},
		{"no actor", func(b *model.Batch) { b.Actor = "" }, model.Forbidden},
		{"unknown actor", func(b *model.Batch) { b.Actor = "nobody" }, model.NotFound},
		{"private catalogue item", func(b *model.Batch) { b.Refs[0].Owner = model.Catalogue }, model.Invalid},
		{"zero quantity", func(b *model.Batch) { b.Edges[0].Quantity = 0 }, ""},
		{"dangling child", func(b *model.Batch) { b.Edges[0].Child = "zzzz" }, ""},
		{"parent not a record", func(b *model.Batch) { b.Edges[0].Parent = b.Refs[0].ID; b.Edges[0].Child = b.Items[0].ID }, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := product("p2", "a", "new")
			tt.mod(b)
			_, err := s.Apply(ctx, b)
			want := tt.code
			if want == "" {
				want = model.Invalid
			}
			if model.Code(err) != want {
				t.Fatalf("err = %v (code %q), want %s", err, model.Code(err), want)
			}
			if !bytes.Equal(before, dump(t, s)) {
				t.Fatal("a rejected batch changed the store")
			}
		})
	}
}

func TestSourceAlias(t *testing.T) {
	ctx := context.Background()
	s := openTest(t, t.TempDir())
	if _, err := s.Apply(ctx, product("p1", "a")); err != nil {
		t.Fatal(err)
	}
	// Point the source key of "b" at item "a", as a merge of duplicates
	// would; importing "b" then lands on "a".
	a := tid("a")
	err := s.db.Update(func(txn *badger.Txn) error {
		return txn.Set(sourceKey(model.SourceRef{Namespace: owner, System: "test", ExternalID: "b"}), []byte(a))
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Apply(ctx, product("p2", "b")); err != nil {
		t.Fatal(err)
	}
	used, _ := s.WhereUsed(ctx, a)
	if len(used) != 2 {
		t.Fatalf("a used by %d parents, want 2", len(used))
	}
	if id, _ := s.Lookup(ctx, model.SourceRef{Namespace: owner, System: "test", ExternalID: "b"}); id != a {
		t.Fatalf("lookup b = %s", id)
	}
}

func TestBackupRestoreRoundTrip(t *testing.T) {
	ctx := context.Background()
	s := openTest(t, t.TempDir())
	for _, b := range []*model.Batch{product("p1", "a", "b"), product("p2", "b", "c"), product("p1", "a")} {
		if _, err := s.Apply(ctx, b); err != nil {
			t.Fatal(err)
		}
	}
	var buf bytes.Buffer
	if err := s.Backup(ctx, &buf); err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(t.TempDir(), "restored")
	if err := Restore(ctx, dir, bytes.NewReader(buf.Bytes())); err != nil {
		t.Fatal(err)
	}
	r, err := Open(ctx, dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	if !bytes.Equal(dump(t, s), dump(t, r)) {
		t.Fatal("restored store differs from the original")
	}
	d1, err1 := s.Digest(ctx)
	d2, err2 := r.Digest(ctx)
	if err1 != nil || err2 != nil || d1 != d2 {
		t.Fatalf("digests differ: %x %x %v %v", d1, d2, err1, err2)
	}
	id1, err1 := s.Identity(ctx)
	id2, err2 := r.Identity(ctx)
	if err1 != nil || err2 != nil || id1 == "" || id1 != id2 {
		t.Fatalf("identities differ: %q %q %v %v", id1, id2, err1, err2)
	}
	// A cut backup fails as bad input and leaves nothing behind. (The
	// thorough tests of bad input are in backup_test.go.)
	parent := t.TempDir()
	bad := filepath.Join(parent, "bad")
	if err := Restore(ctx, bad, bytes.NewReader(buf.Bytes()[:buf.Len()/2])); model.Code(err) != model.Invalid {
		t.Fatalf("restoring a cut backup: %v", err)
	}
	if left, _ := filepath.Glob(filepath.Join(parent, "*")); len(left) != 0 {
		t.Fatalf("a failed restore left %v", left) // "*" matches hidden names too
	}
	// Restoring over a non-empty store is refused.
	if err := Restore(ctx, dir, bytes.NewReader(buf.Bytes())); model.Code(err) != model.Conflict {
		t.Fatalf("restore over a store: %v", err)
	}
}

func TestOpenBusy(t *testing.T) {
	dir := t.TempDir()
	openTest(t, dir)
	_, err := Open(context.Background(), dir, Options{})
	if model.Code(err) != model.Busy {
		t.Fatalf("second open: %v", err)
	}
}

func TestNotFound(t *testing.T) {
	ctx := context.Background()
	s := openTest(t, t.TempDir())
	for _, err := range []error{
		func() error { _, err := s.Item(ctx, "nope"); return err }(),
		func() error { _, err := s.WhereUsed(ctx, "nope"); return err }(),
		func() error { _, err := s.Member(ctx, "nope"); return err }(),
		func() error { _, err := s.Lookup(ctx, model.SourceRef{System: "x", ExternalID: "y"}); return err }(),
	} {
		var me *model.Error
		if !errors.As(err, &me) || me.Code != model.NotFound {
			t.Errorf("err = %v, want not found", err)
		}
	}
}

// dump returns every key and value of the store, for exact comparisons.
func dump(t *testing.T, s *Store) []byte {
	t.Helper()
	var buf bytes.Buffer
	err := s.db.View(func(txn *badger.Txn) error {
		it := txn.NewIterator(badger.DefaultIteratorOptions)
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			v, err := it.Item().ValueCopy(nil)
			if err != nil {
				return err
			}
			buf.Write(it.Item().Key())
			buf.WriteByte(0)
			buf.Write(v)
			buf.WriteByte(0)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestApplyRejectsCycles(t *testing.T) {
	ctx := context.Background()
	s := openTest(t, t.TempDir())
	// A uses B in one batch; B using A in the next closes a cycle.
	a, bm := item(model.LevelModule, "A", "A"), item(model.LevelModule, "B", "B")
	b1 := &model.Batch{Origin: "1", Actor: owner}
	b1.Add(a)
	b1.Add(bm)
	b1.Use(model.Edge{Parent: a.ID, Child: bm.ID, Quantity: 1})
	if _, err := s.Apply(ctx, b1); err != nil {
		t.Fatal(err)
	}
	before := dump(t, s)
	b2 := &model.Batch{Origin: "2", Actor: owner}
	b2.Add(bm)
	b2.Use(model.Edge{Parent: bm.ID, Child: a.ID, Quantity: 1})
	if _, err := s.Apply(ctx, b2); model.Code(err) != model.Invalid || !strings.Contains(err.Error(), "cycle") {
		t.Fatalf("cycle across batches: %v", err)
	}
	// Within one batch too.
	b3 := &model.Batch{Origin: "3", Actor: owner}
	b3.Add(a)
	b3.Add(bm)
	b3.Use(model.Edge{Parent: bm.ID, Child: a.ID, Quantity: 1})
	b3.Use(model.Edge{Parent: a.ID, Child: bm.ID, Quantity: 1})
	if _, err := s.Apply(ctx, b3); model.Code(err) != model.Invalid {
		t.Fatalf("cycle in one batch: %v", err)
	}
	if !bytes.Equal(before, dump(t, s)) {
		t.Fatal("a rejected batch changed the store")
	}
	// Reversing the BOM in one batch, replacing A's edges, is no cycle.
	b4 := &model.Batch{Origin: "4", Actor: owner}
	b4.Add(a)
	b4.Add(bm)
	b4.Use(model.Edge{Parent: bm.ID, Child: a.ID, Quantity: 1})
	if _, err := s.Apply(ctx, b4); err != nil {
		t.Fatalf("reversed BOM: %v", err)
	}
}

// ItemsUse reads many items with their reuse counts at once, as WhereUsed
// counts them, leaving out ids the store does not have.
func TestItemsUse(t *testing.T) {
	ctx := context.Background()
	s := openTest(t, t.TempDir())
	for _, b := range []*model.Batch{product("p1", "screw", "nut"), product("p2", "screw", "washer")} {
		if _, err := s.Apply(ctx, b); err != nil {
			t.Fatal(err)
		}
	}
	id := func(ext string) model.ItemID { return tid(ext) }
	got, err := s.ItemsUse(ctx, []model.ItemID{id("screw"), id("nut"), id("p1"), "missing"})
	if err != nil {
		t.Fatal(err)
	}
	want := map[model.ItemID]int{id("screw"): 2, id("nut"): 1, id("p1"): 0}
	if len(got) != len(want) {
		t.Fatalf("%d items, want %d: %v", len(got), len(want), got)
	}
	for k, n := range want {
		if got[k].UsedIn != n || got[k].Item.ID != k {
			t.Errorf("%s: used in %d (item %s), want %d", k, got[k].UsedIn, got[k].Item.ID, n)
		}
	}
}

// LastBatch follows the batch counter: none on a new store, then the
// record of the latest batch.
func TestLastBatch(t *testing.T) {
	ctx := context.Background()
	s := openTest(t, t.TempDir())
	if _, ok, err := s.LastBatch(ctx); ok || err != nil {
		t.Fatalf("new store: ok %v, %v", ok, err)
	}
	var ids []string
	for _, b := range []*model.Batch{product("p1", "screw"), product("p2", "nut")} {
		res, err := s.Apply(ctx, b)
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, res.BatchID)
	}
	r, ok, err := s.LastBatch(ctx)
	if err != nil || !ok || r.ID != ids[1] || r.Origin != "p2" {
		t.Errorf("last batch %+v, %v, %v; want %s", r, ok, err, ids[1])
	}
}
