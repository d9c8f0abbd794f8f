package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"text/tabwriter"
	"time"

	"github.com/schollz/progressbar/v3"
	"github.com/spf13/cobra"
	"golang.org/x/term"

	"github.com/cbb-alliance/cbb/api"
	"github.com/cbb-alliance/cbb/layers/data"
	"github.com/cbb-alliance/cbb/layers/model"
	"github.com/cbb-alliance/cbb/pdm"
	"github.com/cbb-alliance/cbb/pdm/formats"
	"github.com/cbb-alliance/cbb/pdm/ingest"
	"github.com/cbb-alliance/cbb/pdm/tabular"
	"github.com/cbb-alliance/cbb/retrieval"
)

// localMember is the acting member when none is named; an import by it
// creates it on first use.
var localMember = model.Member{ID: "local", Name: "Local user", Kind: model.OtherKind, Status: model.Active}

type importFlags struct {
	format    string
	owner     string
	scope     string
	lifecycle string
	product   string
	mapping   string
	keepGoing bool
	asJSON    bool
	progress  string
	batchSize int
}

func (a *app) importCommand() *cobra.Command {
	var f importFlags
	cmd := &cobra.Command{
		Use:   "import PATH...",
		Short: "Import PDM exports and BOM files (files and folders)",
		Long: `Import files and folders into the store. A folder is walked and each file
imported by its detected format; a NopSCADlib or Mendel90 bom/ folder is one
product. Files of no known format (README, LICENSE...), symbolic links inside
folders (never followed) and files that are not regular files are skipped and
listed.
A file named here, or one that looks like a known format, that cannot be read
fails the whole import and nothing is written (unless --keep-going).
Importing the same files again changes nothing.

Formats: ` + formatNames(),
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.runImport(cmd.Context(), args, f)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&f.format, "format", "", "read every file as this format, skipping detection")
	fl.StringVar(&f.owner, "owner", "", "member that owns the imported records (default: the acting member; only the administrator imports for another)")
	fl.StringVar(&f.scope, "scope", "alliance", "sharing scope: owner, partners:ID,ID, alliance or public")
	fl.StringVar(&f.lifecycle, "lifecycle", string(model.Released), "lifecycle of items whose source states none")
	fl.StringVar(&f.product, "product", "", "product name for a single BOM file (default: the file's name)")
	fl.StringVar(&f.mapping, "mapping", "", "header mapping file (YAML or JSON) for tabular BOMs")
	fl.BoolVar(&f.keepGoing, "keep-going", false, "report unreadable inputs and import the rest")
	fl.BoolVar(&f.asJSON, "json", false, "print the report as JSON")
	fl.StringVar(&f.progress, "progress", "auto", "progress bar: auto (on a terminal), always or never")
	fl.IntVar(&f.batchSize, "batch-size", ingest.DefaultMaxBatch, "largest number of items and edges per transaction")
	return cmd
}

func formatNames() string {
	s := ""
	for i, f := range formats.All() {
		if i > 0 {
			s += ", "
		}
		s += f.Name()
	}
	return s
}

func (a *app) runImport(ctx context.Context, paths []string, f importFlags) (err error) {
	actor := model.MemberID(a.member)
	// Over HTTP the key says whose records they are; the owner named (if
	// any) is the administrator's choice for a member.
	explicitOwner := model.MemberID(f.owner)
	if f.owner == "" {
		f.owner = a.member
	}
	opt, err := importOptions(f)
	if err != nil {
		return err
	}
	iopt := api.ImportOptions{Owner: explicitOwner, Scope: opt.Scope, Lifecycle: opt.Lifecycle, Product: opt.Product,
		Format: f.format, KeepGoing: f.keepGoing, Mapping: opt.Mapping, MaxBatch: f.batchSize}
	if a.server != "" {
		return a.importRemote(ctx, a.server, paths, iopt, f)
	}
	if explicitOwner == "" && actor == model.Administrator {
		return usageError{fmt.Errorf("the administrator owns nothing: name the owner of the records with --owner")}
	}
	// A failed first import leaves no store behind: the folder is
	// removed if the import made it, emptied if it was empty.
	if !data.Exists(a.storeDir) {
		entries, statErr := os.ReadDir(a.storeDir)
		made := errors.Is(statErr, fs.ErrNotExist)
		if made || (statErr == nil && len(entries) == 0) {
			defer func() {
				if err == nil || a.store == nil {
					return
				}
				a.close()
				if made {
					os.RemoveAll(a.storeDir)
					return
				}
				left, _ := os.ReadDir(a.storeDir)
				for _, e := range left {
					os.RemoveAll(filepath.Join(a.storeDir, e.Name()))
				}
			}()
		}
	}
	s, err := a.openStore(ctx, true)
	if model.Code(err) == model.Busy {
		if info, ok := a.runningServer(); ok {
			fmt.Fprintf(a.stderr, "cbb: the store is held by a running server; importing through it at %s\n", info.URL)
			return a.importRemote(ctx, info.URL, paths, iopt, f)
		}
	}
	if err != nil {
		return err
	}
	if err := ensureActor(ctx, s, actor); err != nil {
		return err
	}
	ses, err := a.core.AsMember(ctx, actor)
	if err != nil {
		return err
	}
	bar := a.progressBar(f.progress)
	if bar != nil {
		iopt.Progress = func(p ingest.Progress) {
			phase := "reading inputs"
			if p.Phase == "write" {
				phase = "writing items and edges"
			}
			bar.set(phase, p.Done, p.Total)
		}
		defer bar.finish()
	}
	rep, err := ses.ImportPaths(ctx, paths, iopt)
	if bar != nil {
		bar.finish()
	}
	if err != nil {
		return err
	}
	// What the store acknowledged is kept even if indexing fails: the
	// index catches up on its next open.
	_, sync, err := a.openIndex(ctx, s)
	if err != nil {
		return fmt.Errorf("imported, but the search index could not follow (it will catch up on the next command that opens it): %w", err)
	}
	if f.asJSON {
		return writeJSON(a.stdout, importView{Report: rep, Index: sync})
	}
	printImportReport(a.stdout, rep)
	fmt.Fprintf(a.stdout, "search index: %d items indexed\n", sync.Indexed)
	return nil
}

// importView is what `import --json` prints.
type importView struct {
	ingest.Report
	Index retrieval.SyncReport `json:"index"`
}

func importOptions(f importFlags) (pdm.Options, error) {
	scope, err := model.ParseScope(f.scope)
	if err != nil {
		return pdm.Options{}, usageError{fmt.Errorf("--scope: %w", err)}
	}
	lc := model.Lifecycle(f.lifecycle)
	if !lc.Valid() {
		return pdm.Options{}, usageError{fmt.Errorf("--lifecycle %q: want one of %v", f.lifecycle, model.Lifecycles)}
	}
	opt := pdm.Options{Owner: model.MemberID(f.owner), Scope: scope, Lifecycle: lc, Product: f.product}
	if f.mapping != "" {
		m, err := tabular.LoadMapping(f.mapping)
		if err != nil {
			return pdm.Options{}, err
		}
		opt.Mapping = m.Options()
	}
	return opt, nil
}

// ensureActor creates the local member on the first import into a store
// of no members, on the administrator's authority (whoever starts a store
// of their own is its administrator); any other member must have been
// added with `cbb member add` by the administrator.
func ensureActor(ctx context.Context, s *data.Store, id model.MemberID) error {
	if id == model.Administrator {
		return nil
	}
	if _, err := s.Member(ctx, id); err == nil {
		return nil
	} else if model.Code(err) != model.NotFound {
		return err
	}
	ms, err := s.Members(ctx)
	if err != nil {
		return err
	}
	// local is made only in a store of no members, the one-person store a
	// first `cbb import` starts; in an alliance's store it is a member like
	// any other, added by the administrator.
	if id != localMember.ID || len(ms) > 0 {
		return model.Errorf(model.NotFound, "no member %s: the administrator adds it with `cbb --member %s member add %s --name ... --kind ...`", id, model.Administrator, id)
	}
	m := localMember
	m.Joined = time.Now().UTC()
	return s.PutMember(ctx, model.Administrator, m)
}

func printImportReport(w io.Writer, rep ingest.Report) {
	type total struct{ inputs, products, items, lines int }
	byFormat := map[string]*total{}
	for _, in := range rep.Inputs {
		t := byFormat[in.Format]
		if t == nil {
			t = &total{}
			byFormat[in.Format] = t
		}
		t.inputs++
		t.products += in.Products
		t.items += in.Items
		t.lines += in.Lines
	}
	names := make([]string, 0, len(byFormat))
	for n := range byFormat {
		names = append(names, n)
	}
	sort.Strings(names)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "format\tinputs\tproducts\titems\tBOM lines\t")
	for _, n := range names {
		t := byFormat[n]
		fmt.Fprintf(tw, "%s\t%d\t%d\t%d\t%d\t\n", n, t.inputs, t.products, t.items, t.lines)
	}
	tw.Flush()
	r := rep.Result
	fmt.Fprintf(w, "\nitems: %d created, %d revised, %d unchanged; %d transactions written\n", r.Created, r.Revised, r.Unchanged, rep.Batches)
	if secs := rep.Elapsed.Seconds(); secs > 0 {
		fmt.Fprintf(w, "%d BOM lines in %.2fs (%.0f lines/s)\n", rep.Lines(), secs, float64(rep.Lines())/secs)
	}
	if len(rep.Skipped) > 0 {
		fmt.Fprintf(w, "\nskipped %d files (no known format, symbolic links, not regular files):\n", len(rep.Skipped))
		for _, p := range rep.Skipped {
			fmt.Fprintf(w, "  %s\n", p)
		}
	}
	if len(rep.Rejected) > 0 {
		fmt.Fprintf(w, "\nrejected %d inputs that could not be read:\n", len(rep.Rejected))
		for _, in := range rep.Rejected {
			fmt.Fprintf(w, "  %s\n", in.Error)
		}
	}
}

// phaseBar draws a command's progress on standard error, one bar per
// phase.
type phaseBar struct {
	w     io.Writer
	bar   *progressbar.ProgressBar
	phase string
}

// progressBar returns a bar for mode auto (on a terminal), always or
// never; nil when there is to be none.
func (a *app) progressBar(mode string) *phaseBar {
	on := mode == "always"
	if mode == "auto" {
		if f, ok := a.stderr.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
			on = true
		}
	}
	if !on {
		return nil
	}
	return &phaseBar{w: a.stderr}
}

// set shows done of total in the named phase, starting a new bar when
// the phase changes.
func (b *phaseBar) set(phase string, done, total int) {
	if b.bar == nil || b.phase != phase {
		b.finish()
		b.phase = phase
		b.bar = progressbar.NewOptions(total,
			progressbar.OptionSetWriter(b.w),
			progressbar.OptionSetDescription(phase),
			progressbar.OptionShowCount(),
			progressbar.OptionThrottle(100*time.Millisecond),
			progressbar.OptionClearOnFinish(),
		)
	}
	b.bar.Set(done)
}

func (b *phaseBar) finish() {
	if b.bar != nil {
		b.bar.Finish()
		b.bar = nil
	}
}

// importRemote sends the files under paths to the server at url, as an
// import of the key's member: each file named by its path below the
// folder named (folders keep their name), read as it is sent.
func (a *app) importRemote(ctx context.Context, url string, paths []string, opt api.ImportOptions, f importFlags) error {
	svc, err := a.remote(url)
	if err != nil {
		return err
	}
	var files []api.File
	for _, p := range paths {
		abs, err := filepath.Abs(p)
		if err != nil {
			return err
		}
		// Named from the folder holding what was named, as spelled
		// absolutely: x/boms and x/boms/../boms send the same names.
		root := filepath.Dir(abs)
		err = filepath.WalkDir(abs, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return &model.Error{Code: model.Invalid, File: path, Msg: "cannot read", Err: err}
			}
			if d.IsDir() || !d.Type().IsRegular() {
				return nil // links and special files are not sent, as an import does not follow them
			}
			rel, err := filepath.Rel(root, path)
			if err != nil {
				return err
			}
			files = append(files, api.File{Name: filepath.ToSlash(rel), Body: api.FileAt(path)})
			return nil
		})
		if err != nil {
			return err
		}
	}
	opt.Progress = nil
	rep, err := svc.Import(ctx, files, opt)
	if err != nil {
		return err
	}
	if f.asJSON {
		return writeJSON(a.stdout, rep)
	}
	printImportReport(a.stdout, rep)
	return nil
}

// runningServer reads the address a running server left in the store.
func (a *app) runningServer() (serveInfo, bool) {
	var info serveInfo
	b, err := os.ReadFile(filepath.Join(a.storeDir, serveInfoFile))
	if err != nil || json.Unmarshal(b, &info) != nil || info.URL == "" {
		return info, false
	}
	return info, true
}
