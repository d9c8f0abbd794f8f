package mendel90

import (
	"context"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/cbb-alliance/cbb/layers/model"
	"github.com/cbb-alliance/cbb/pdm"
)

// sharedMendel is the folder of the six real Mendel90 variants.
var sharedMendel = filepath.Join("..", "..", "..", "shared", "data", "mendel90")

var variants = []string{"dibond", "dibond_E3D", "huxley", "mendel", "sturdy", "sturdy_E3D"}

func needShared(t *testing.T) {
	t.Helper()
	if _, err := os.Stat(filepath.Join(sharedMendel, "dibond", "bom", BOMFile)); err != nil {
		t.Skipf("shared data not found at %s (%v): the real-data tests need /work/shared/data", sharedMendel, err)
	}
}

// readVariant reads one real variant through Detect and Read, with the
// data folder as the file system, as ingest does when walking it.
func readVariant(t *testing.T, v string) *model.Batch {
	t.Helper()
	in := pdm.Input{FS: os.DirFS(sharedMendel), Path: v + "/bom", Dir: true, Display: filepath.Join(sharedMendel, v, "bom")}
	if !(Format{}).Detect(in) {
		t.Fatalf("%s: not detected", v)
	}
	b, err := Format{}.Read(context.Background(), in, pdm.Options{})
	if err != nil {
		t.Fatalf("%s: %v", v, err)
	}
	if err := checkBatch(b); err != nil {
		t.Fatalf("%s: invalid batch: %v", v, err)
	}
	return b
}

// fileCounts reads, independently of the reader, what a variant's files
// (with its base's for a delta variant) say: its assemblies, accessories,
// distinct vitamins and printed parts.
type fileCounts struct {
	assemblies, accessories []string
	vitamins, printed       map[string]bool
}

func countFiles(t *testing.T, v string) fileCounts {
	t.Helper()
	dirs := []string{filepath.Join(sharedMendel, v, "bom")}
	if base, ok := strings.CutSuffix(v, "_E3D"); ok {
		dirs = append(dirs, filepath.Join(sharedMendel, base, "bom"))
	}
	c := fileCounts{vitamins: map[string]bool{}, printed: map[string]bool{}}
	seen := map[string]bool{}
	for _, d := range dirs {
		for _, sub := range []string{"", "accessories"} {
			names, _ := filepath.Glob(filepath.Join(d, sub, "*_assembly.txt"))
			for _, n := range names {
				key := filepath.Join(sub, filepath.Base(n))
				if seen[key] {
					continue
				}
				seen[key] = true
				switch {
				case sub != "":
					c.accessories = append(c.accessories, key)
					data, err := os.ReadFile(n)
					if err != nil {
						t.Fatal(err)
					}
					sec := ""
					for _, l := range strings.Split(string(data), "\n") {
						if txtSection.MatchString(l) {
							sec = l
						} else if m := txtItem.FindStringSubmatch(l); m != nil {
							map[string]map[string]bool{"Vitamins:": c.vitamins, "Printed:": c.printed}[sec][m[2]] = true
						}
					}
				case filepath.Base(n) != Root+".txt":
					c.assemblies = append(c.assemblies, key)
				}
			}
		}
	}
	data, err := os.ReadFile(filepath.Join(dirs[0], BOMFile))
	if err != nil {
		t.Fatal(err)
	}
	txt := readTxt(data)
	for k := range txt["Vitamins"] {
		c.vitamins[k] = true
	}
	for k := range txt["Printed"] {
		c.printed[k] = true
	}
	return c
}

// TestRealVariants imports the six variants and checks that the vitamin
// and printed totals flattened down the assembly tree (per-instance
// quantities multiplied down) equal bom.txt's total column, that instance
// counts equal bom.txt's Sub-assemblies list, and that the numbers of
// modules, vitamins and printed parts are what the files hold.
func TestRealVariants(t *testing.T) {
	needShared(t)
	for _, v := range variants {
		t.Run(v, func(t *testing.T) {
			b := readVariant(t, v)
			data, err := os.ReadFile(filepath.Join(sharedMendel, v, "bom", BOMFile))
			if err != nil {
				t.Fatal(err)
			}
			txt := readTxt(data)
			pid := model.NewID(System, v)
			leaves, inner := b.Explode(pid, false)
			if d := sameTotals(byName(b, leaves, ""), txt["Vitamins"]); d != "" {
				t.Errorf("vitamins vs bom.txt: %s", d)
			}
			if d := sameTotals(byName(b, leaves, model.ClassPrinted), txt["Printed"]); d != "" {
				t.Errorf("printed vs bom.txt: %s", d)
			}
			gotInst := map[string]float64{Root: inner[pid]}
			for _, it := range b.Items {
				if it.Level == model.LevelModule && inner[it.ID] > 0 {
					gotInst[it.Name] = inner[it.ID]
				}
			}
			if d := sameTotals(gotInst, txt["Sub-assemblies"]); d != "" {
				t.Errorf("instances vs bom.txt: %s", d)
			}
			checkCounts(t, v, b)
		})
	}
}

func checkCounts(t *testing.T, v string, b *model.Batch) {
	t.Helper()
	want := countFiles(t, v)
	var modules, printed, vitamins, families, products int
	for _, it := range b.Items {
		switch {
		case it.Level == model.LevelModule:
			modules++
		case it.Level == model.LevelPart && it.Class == model.ClassPrinted:
			printed++
		case it.Level == model.LevelFamily:
			families++
		case it.Level == model.LevelProduct:
			products++
		}
	}
	for _, it := range b.Refs {
		if it.Level == model.LevelPart {
			vitamins++
		}
	}
	if modules != len(want.assemblies)+len(want.accessories) || printed != len(want.printed) ||
		vitamins != len(want.vitamins) || families != 1 || products != 1 {
		t.Errorf("%d modules, %d printed, %d vitamins, %d families, %d products; the files hold %d assemblies + %d accessories, %d printed, %d vitamins",
			modules, printed, vitamins, families, products, len(want.assemblies), len(want.accessories), len(want.printed), len(want.vitamins))
	}
	optional := 0
	for _, e := range b.Edges {
		if e.Optional {
			optional++
		}
	}
	if optional != len(want.accessories) {
		t.Errorf("%d optional edges, want one per accessory (%d)", optional, len(want.accessories))
	}
	t.Logf("%s: %d modules (%d accessories), %d vitamins, %d printed parts, %d edges",
		v, modules, optional, vitamins, printed, len(b.Edges))
}

// TestRealFamily imports all six variants: each batch holds the same
// family record with the same variant edges to all six products, so the
// imports are idempotent for the family; each product is a record of its
// own batch only.
func TestRealFamily(t *testing.T) {
	needShared(t)
	fam := model.NewID(System, Family)
	var first []model.Edge
	var firstItem model.Item
	for i, v := range variants {
		b := readVariant(t, v)
		var famEdges []model.Edge
		var children []model.ItemID
		for _, e := range b.Edges {
			if e.Parent == fam {
				famEdges = append(famEdges, e)
				children = append(children, e.Child)
			}
		}
		model.SortEdges(famEdges)
		var want []model.ItemID
		for _, w := range variants {
			want = append(want, model.NewID(System, w))
		}
		slices.Sort(children)
		slices.Sort(want)
		if !slices.Equal(children, want) {
			t.Errorf("%s: family edges to %v, want the six variants", v, children)
		}
		var item model.Item
		for _, it := range b.Items {
			if it.ID == fam {
				item = it
			}
		}
		if item.Level != model.LevelFamily || item.Name != FamilyName || item.Source.ExternalID != Family {
			t.Errorf("%s: family item %+v", v, item)
		}
		if i == 0 {
			first, firstItem = famEdges, item
			continue
		}
		if !reflect.DeepEqual(famEdges, first) || !reflect.DeepEqual(item, firstItem) {
			t.Errorf("%s: family record or edges differ from %s's", v, variants[0])
		}
	}
}

// TestRealE3DWithoutBase: a delta variant whose base folder is not there
// fails naming the first assembly it lacks.
func TestRealE3DWithoutBase(t *testing.T) {
	needShared(t)
	fsys := os.DirFS(filepath.Join(sharedMendel, "dibond_E3D"))
	in := pdm.Input{FS: fsys, Path: "bom", Dir: true, Display: "elsewhere/dibond_E3D/bom"}
	_, err := Format{}.Read(context.Background(), in, pdm.Options{})
	if err == nil || !strings.Contains(err.Error(), "assembly machine_assembly: no machine_assembly.txt") ||
		!strings.Contains(err.Error(), "no base variant folder dibond") {
		t.Fatalf("err = %v, want it to name machine_assembly and the missing base", err)
	}
}
