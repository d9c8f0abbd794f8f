package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/cbb-alliance/cbb/layers/data"
	"github.com/cbb-alliance/cbb/layers/model"
	"github.com/cbb-alliance/cbb/pdm"
	"github.com/cbb-alliance/cbb/pdm/formats"
	"github.com/cbb-alliance/cbb/pdm/ingest"
	"github.com/cbb-alliance/cbb/rationalize"
	"github.com/cbb-alliance/cbb/rationalize/matrix"
	"github.com/cbb-alliance/cbb/retrieval"
)

// demoVitamin is the part the demo traces: an M3 x 10 socket head cap
// screw, used across many NopSCADlib products.
const demoVitamin = "nopscadlib:screw(M3_cap_screw, 10)"

func (a *app) demoCommand() *cobra.Command {
	var dataDir, serveAddr string
	cmd := &cobra.Command{
		Use:   "demo",
		Short: "Import the sample data from testdata/ and show what the system does with it",
		Long: `Import the real sample data shipped in testdata/ (NopSCADlib and Mendel90
printer families, an InvenTree export, KiCad and Kitspace electronics BOMs,
spreadsheet BOMs, a STEP assembly) into the store, then show the store's
counts, trace a shared part, answer requirements, rationalize, design, and
play the alliance's rules: two members whose private items stay private, a
licence, and an expelled member whose licence survives. Running it again
changes nothing in the sample data. With --serve the store is then served over
HTTP at that address until interrupted, with keys printed to try it.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			ctx := cmd.Context()
			if dataDir == "" {
				d, err := findTestdata()
				if err != nil {
					return err
				}
				dataDir = d
			}
			if err := a.runDemo(ctx, dataDir); err != nil || serveAddr == "" {
				return err
			}
			return a.demoServeOn(ctx, serveAddr)
		},
	}
	cmd.Flags().StringVar(&serveAddr, "serve", "", "then serve the store over HTTP at this address (127.0.0.1:8080) until interrupted")
	cmd.Flags().StringVar(&dataDir, "data", "", "sample data folder (default: testdata/ of the cbb source tree)")
	return cmd
}

// findTestdata looks for the source tree's testdata folder from the working
// directory upwards.
func findTestdata() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		td := filepath.Join(dir, "testdata")
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			if fi, err := os.Stat(td); err == nil && fi.IsDir() {
				return td, nil
			}
		}
		up := filepath.Dir(dir)
		if up == dir {
			return "", model.Errorf(model.NotFound, "no testdata folder found above the working directory; run the demo from the cbb source tree or give --data")
		}
		dir = up
	}
}

func (a *app) runDemo(ctx context.Context, dir string) error {
	s, err := a.openStore(ctx, true)
	if err != nil {
		return err
	}
	// The demo acts as the local member, whom it creates.
	a.member = string(localMember.ID)
	if err := ensureActor(ctx, s, localMember.ID); err != nil {
		return err
	}
	fmt.Fprintf(a.stdout, "== importing the sample data in %s into the store %s\n\n", dir, a.storeDir)
	im := &ingest.Importer{
		Store: s, Formats: formats.All(), Log: a.log, Actor: localMember.ID,
		Options: pdm.Options{Owner: localMember.ID, Scope: model.Scope{Kind: model.ScopeAlliance}, Lifecycle: model.Released},
	}
	rep, err := im.Import(ctx, []string{dir})
	if err != nil {
		return err
	}
	printImportReport(a.stdout, rep)
	st, err := s.Stats(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(a.stdout, "\n== the store holds %d families, %d products, %d modules, %d parts and %d BOM usages\n",
		st.Families, st.Products, st.Modules, st.Parts, st.Edges)
	if err := a.demoTrace(ctx, s); err != nil {
		return err
	}
	if err := a.demoQueries(ctx, s); err != nil {
		return err
	}
	if err := a.demoRationalize(ctx, s); err != nil {
		return err
	}
	if err := a.demoDesign(ctx, s, dir); err != nil {
		return err
	}
	if err := a.demoAlliance(ctx, s, dir); err != nil {
		return err
	}
	return a.demoServe(ctx, s, dir)
}

// demoRationalize shows the Mendel90 family's commonality before and
// after merging its duplicates, and accepts the part families found in
// the sample data into the middle layer.
func (a *app) demoRationalize(ctx context.Context, s *data.Store) error {
	w, err := a.view(ctx, s)
	if err != nil {
		return err
	}
	fam, err := a.resolve(ctx, w, "Mendel90")
	if err != nil {
		return err
	}
	fmt.Fprintf(a.stdout, "\n== rationalization: the Mendel90 family before and after merging duplicates (cbb rationalize commonality --family Mendel90)\n\n")
	if _, _, err := a.execute(ctx, s, "commonality", rationalize.CommonalityParams{Scope: matrix.Scope{Family: fam}}, runFlags{progress: "never"}, printCommonality); err != nil {
		return err
	}
	fmt.Fprintf(a.stdout, "\n== part families by attributes, accepted into the middle layer (cbb rationalize families --accept)\n\n")
	run, _, err := a.execute(ctx, s, "families", rationalize.FamiliesParams{}, runFlags{progress: "never"}, func(io.Writer, model.Run) error { return nil })
	if err != nil {
		return err
	}
	return a.acceptFamilies(ctx, s, run)
}

// demoDesign accepts the sample design rules and answers the sample
// 3D-printer requirement with a design plan.
func (a *app) demoDesign(ctx context.Context, s *data.Store, dir string) error {
	rules := filepath.Join(dir, "design", "rules.yaml")
	req := filepath.Join(dir, "design", "printer.yaml")
	fmt.Fprintf(a.stdout, "\n== design rules (cbb rule add --accept %s)\n\n", rules)
	f, err := os.Open(rules)
	if err != nil {
		return err
	}
	rs, err := readRules(rules, f)
	f.Close()
	if err != nil {
		return err
	}
	lib, _, err := a.library(ctx, s)
	if err != nil {
		return err
	}
	for _, r := range rs {
		r.Status, r.Origin = model.RuleAccepted, "architect"
		got, err := lib.PutRule(ctx, r)
		if err != nil {
			return err
		}
		fmt.Fprintf(a.stdout, "  %s v%d %s\n", got.ID, got.Version, got.Name)
	}
	fmt.Fprintf(a.stdout, "\n== a customer requirement answered: configure, variant or new (cbb design %s)\n\n", req)
	ses, err := a.session(ctx)
	if err != nil {
		return err
	}
	return a.runDesign(ctx, ses, req, designFlags{limit: 8, noRecord: true})
}

// demoQueries are requirements as engineers type them, at the part and
// the family level.
var demoQueries = []struct {
	text  string
	level model.Level
}{
	{"10k 0603 1% resistor", model.LevelPart},
	{"M3 x 8 socket head cap screw", model.LevelPart},
	{"NEMA17 stepper motor", model.LevelFamily},
	{"M3螺钉 8mm", model.LevelPart}, // Chinese, finding items described in both languages
}

// demoQueries finds and ranks items for a few requirements.
func (a *app) demoQueries(ctx context.Context, s *data.Store) error {
	x, sync, err := a.openIndex(ctx, s)
	if err != nil {
		return err
	}
	fmt.Fprintf(a.stdout, "\n== the search index follows the store (%d items indexed); requirements as engineers type them\n", sync.Indexed)
	w, err := a.view(ctx, s)
	if err != nil {
		return err
	}
	e := &retrieval.Engine{Items: w, Index: x}
	for _, q := range demoQueries {
		fmt.Fprintf(a.stdout, "\n$ cbb query --text %q --level %s --limit 3\n", q.text, q.level)
		res, err := e.Query(ctx, retrieval.TextRequirement(q.text, q.level, w.Viewer().Member),
			retrieval.Options{Viewer: w.Viewer(), Limit: 3})
		if err != nil {
			return err
		}
		printQuery(a.stdout, res)
	}
	return nil
}

// demoTrace shows one shared part and the products that use it.
func (a *app) demoTrace(ctx context.Context, st *data.Store) error {
	s, err := a.view(ctx, st)
	if err != nil {
		return err
	}
	id, err := a.resolve(ctx, s, demoVitamin)
	if err != nil {
		return err
	}
	ses, err := a.session(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(a.stdout, "\n== one shared part, as normalized from its description (cbb show %q)\n\n", demoVitamin)
	v, err := ses.Item(ctx, string(id), false)
	if err != nil {
		return err
	}
	printItem(a.stdout, v)
	tree, err := ses.WhereUsed(ctx, string(id), true)
	if err != nil {
		return err
	}
	fmt.Fprintf(a.stdout, "\n== the products it is built into (cbb where-used --products)\n\n")
	if err := printProducts(a.stdout, tree, false); err != nil {
		return err
	}
	return a.demoTwins(ctx, s, id)
}

// demoTwins lists the items of other sources whose normalized class,
// standard, thread and length equal the traced part's: the same screw,
// worded differently by another family's BOM.
func (a *app) demoTwins(ctx context.Context, s *data.View, id model.ItemID) error {
	want, err := s.Item(ctx, id)
	if err != nil {
		return err
	}
	keys := []string{model.AttrStandard, model.AttrThread, model.AttrLength}
	same := func(it model.Item) bool {
		if it.ID == id || it.Class != want.Class {
			return false
		}
		for _, k := range keys {
			x, ok1 := it.Attr(k)
			y, ok2 := want.Attr(k)
			if !ok1 || !ok2 || x.String() != y.String() {
				return false
			}
		}
		return true
	}
	fmt.Fprintf(a.stdout, "\n== the same screw as other sources word it (equal class, standard, thread and length)\n\n")
	return s.Items(ctx, model.LevelPart, func(it model.Item) error {
		if same(it) {
			fmt.Fprintf(a.stdout, "  %s  %-32s %s\n", it.ID, it.Name, it.Source)
		}
		return nil
	})
}
