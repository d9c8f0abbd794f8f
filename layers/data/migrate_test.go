package data_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/cbb-alliance/cbb/layers/data"
	"github.com/cbb-alliance/cbb/layers/model"
	"github.com/cbb-alliance/cbb/pdm/formats"
)

// copyDir copies the files of a flat folder.
func copyDir(t *testing.T, from, to string) {
	t.Helper()
	if err := os.MkdirAll(to, 0o755); err != nil {
		t.Fatal(err)
	}
	entries, err := os.ReadDir(from)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		b, err := os.ReadFile(filepath.Join(from, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(to, e.Name()), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// A store of schema 1 (testdata/schema1-store: the Mendel90 sample of
// local, and acme's owner-only parts) is refused until migrated; the
// migration keys every member's record within its owner, makes the
// vitamins and manufacturer parts catalogue items, keeps every count and
// edge, keeps the old store, and records itself in the audit log.
func TestMigrateSchema1(t *testing.T) {
	ctx := context.Background()
	dir := filepath.Join(t.TempDir(), "store")
	copyDir(t, "testdata/schema1-store", dir)
	if _, err := data.Open(ctx, dir, data.Options{MustExist: true}); model.Code(err) != model.Conflict {
		t.Fatalf("open a schema-1 store: %v, want a conflict naming cbb migrate", err)
	}
	rep, err := data.Migrate(ctx, dir, formats.Shared)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Items != 702 || rep.Catalogue == 0 || rep.Owned == 0 || rep.Catalogue+rep.Owned != rep.Items {
		t.Errorf("report %+v", rep)
	}
	if !data.Exists(rep.Kept) {
		t.Errorf("old store not kept at %s", rep.Kept)
	}
	s, err := data.Open(ctx, dir, data.Options{MustExist: true})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	st, err := s.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if st.Items != 702 || st.Products != 7 || st.Edges != 1809 || st.Variants != 6 || st.Members != 3 {
		t.Errorf("stats after migration %+v", st)
	}
	seen := map[string]int{}
	err = s.Items(ctx, "", func(it model.Item) error {
		switch {
		case it.Owner == model.Catalogue:
			seen["catalogue"]++
			if it.Scope.Kind != model.ScopePublic || it.Source.Namespace != "" {
				t.Errorf("catalogue item %s: scope %s, namespace %q", it.Name, it.Scope.Kind, it.Source.Namespace)
			}
		default:
			seen[string(it.Owner)]++
			if it.Source.Namespace != it.Owner || it.ID == model.NewID(it.Source.System, it.Source.ExternalID) {
				t.Errorf("%s's item %s is not keyed within its owner: %+v", it.Owner, it.Name, it.Source)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if seen["acme"] != 2 || seen["local"] == 0 {
		t.Errorf("owners after migration: %v", seen)
	}
	// Every edge leads to an item under its new id, both ways.
	fam, err := s.Lookup(ctx, model.SourceRef{Namespace: "local", System: "mendel90", ExternalID: "mendel90"})
	if err != nil {
		t.Fatal(err)
	}
	variants, err := s.Children(ctx, fam)
	if err != nil || len(variants) != 6 {
		t.Fatalf("family variants after migration: %d, %v", len(variants), err)
	}
	for _, v := range variants {
		if _, err := s.Item(ctx, v.Child); err != nil {
			t.Errorf("variant %s: %v", v.Child, err)
		}
		used, err := s.WhereUsed(ctx, v.Child)
		if err != nil || len(used) != 1 || used[0].Parent != fam {
			t.Errorf("where-used of variant %s: %v %v", v.Child, used, err)
		}
	}
	// acme's owner-only part is hidden from rival, its catalogue part not.
	rival, err := s.Viewer(ctx, "rival")
	if err != nil {
		t.Fatal(err)
	}
	hidden, visible := 0, 0
	s.Items(ctx, "", func(it model.Item) error {
		if it.Owner == "acme" && rival.CanSee(&it) {
			t.Errorf("rival sees acme's %s", it.Name)
		}
		if it.Owner == "acme" {
			hidden++
		} else {
			visible++
		}
		return nil
	})
	if n := 0; true {
		if err := s.As(rival).Items(ctx, "", func(model.Item) error { n++; return nil }); err != nil || n != visible {
			t.Errorf("rival's view holds %d items, want %d (%v)", n, visible, err)
		}
	}
	ar, err := s.VerifyAudit(ctx)
	if err != nil || !ar.OK() || ar.Entries != 1 {
		t.Errorf("audit after migration: %+v %v", ar, err)
	}
	if _, err := data.Migrate(ctx, dir, formats.Shared); model.Code(err) != model.Busy && model.Code(err) != model.Conflict {
		t.Errorf("migrating again: %v", err)
	}
}
