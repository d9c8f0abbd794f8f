package matrix

import (
	"context"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cbb-alliance/cbb/internal/testimport"
	"github.com/cbb-alliance/cbb/layers/data"
	"github.com/cbb-alliance/cbb/layers/model"
	"github.com/cbb-alliance/cbb/pdm"
	"github.com/cbb-alliance/cbb/pdm/mendel90"
)

// importTestdata imports the repository's Mendel90 sample (a family of
// six variants) into a new store.
func importTestdata(t *testing.T) *data.Store {
	t.Helper()
	s, err := testimport.Store(context.Background(), t.TempDir(), "m", "../../testdata/mendel90")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.Close() })
	return s
}

// readerLeaves reads a variant with the Mendel90 reader and explodes its
// batch: what the BOM files say, without the store. The leaves are keyed
// as the import keys them: vitamins are catalogue items, everything else
// member m's own.
func readerLeaves(t *testing.T, variant string, root model.Item) map[model.ItemID]float64 {
	t.Helper()
	dir, _ := filepath.Abs("../../testdata/mendel90")
	in := pdm.Input{FS: os.DirFS("/"), Path: strings.TrimPrefix(filepath.Join(dir, variant, "bom"), "/"), Dir: true}
	b, err := mendel90.Format{}.Read(context.Background(), in, pdm.Options{Owner: "m"})
	if err != nil {
		t.Fatal(err)
	}
	stored := map[model.ItemID]model.ItemID{}
	for _, list := range [][]model.Item{b.Items, b.Refs} {
		for _, it := range list {
			stored[it.ID] = it.ID
			if !(mendel90.Format{}).Shared(&it) {
				stored[it.ID] = model.OwnedID("m", it.ID)
			}
		}
	}
	leaves, _ := b.Explode(model.NewID(root.Source.System, root.Source.ExternalID), false)
	out := map[model.ItemID]float64{}
	for id, q := range leaves {
		out[stored[id]] += q
	}
	return out
}

// The incidence of the Mendel90 family, built from the store, holds for
// each variant exactly the leaf parts and quantities its own BOM gives
// when exploded by the reader's batch.
func TestBuildMatchesReaderBOMs(t *testing.T) {
	ctx := context.Background()
	s := importTestdata(t)
	fam, err := s.Lookup(ctx, model.SourceRef{Namespace: "m", System: "mendel90", ExternalID: "mendel90"})
	if err != nil {
		t.Fatal(err)
	}
	m, err := Build(ctx, s, Scope{Family: fam})
	if err != nil {
		t.Fatal(err)
	}
	if len(m.Rows) != 6 {
		t.Fatalf("%d rows, want the 6 variants", len(m.Rows))
	}
	for i, p := range m.Rows {
		variant := strings.TrimPrefix(p.Name, mendel90.FamilyName+" ")
		want := readerLeaves(t, variant, p)
		if len(m.Cells[i]) != len(want) || len(want) < 50 {
			t.Errorf("%s: %d parts in the row, %d in its BOM", p.Name, len(m.Cells[i]), len(want))
		}
		for _, e := range m.Cells[i] {
			if q := want[m.Cols[e.Col].ID]; math.Abs(q-e.Qty) > 1e-9 {
				t.Errorf("%s: %s quantity %v, BOM says %v", p.Name, m.Cols[e.Col].Name, e.Qty, q)
			}
		}
	}
	// The NEMA17 motors are shared by every variant: a column used by all
	// six rows exists.
	shared := 0
	for _, c := range m.ColCounts() {
		if c == 6 {
			shared++
		}
	}
	if shared == 0 {
		t.Error("no part is common to all six variants")
	}
	if co := m.Cooccurrence(); len(co) == 0 {
		t.Error("no co-occurrence")
	}
}
