package ingest

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/cbb-alliance/cbb/layers/model"
	"github.com/cbb-alliance/cbb/pdm"
	"github.com/cbb-alliance/cbb/pdm/formats"
)

// copyDir copies the folder src to dst (created with its parents).
func copyDir(t *testing.T, dst, src string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.CopyFS(dst, os.DirFS(src)); err != nil {
		t.Fatal(err)
	}
}

func symlink(t *testing.T, target, link string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(link), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(target, link); err != nil {
		t.Skipf("cannot make symbolic links here: %v", err)
	}
}

func writeFile(t *testing.T, p, text string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

const (
	nopTestdata = "../nopscadlib/testdata/hotwolf__WBPainter"
	m90Testdata = "../mendel90/testdata/mendel90"
	csvBOM      = "Reference,Value,Footprint\nR1,10k,0603\n"
)

func jobPaths(jobs []job) []string {
	var out []string
	for _, j := range jobs {
		out = append(out, j.in.Display+" "+j.format.Name())
	}
	return out
}

// TestWalkSymlinks: symbolic links inside an imported folder are never
// followed, neither by the walk nor by a folder format's detection, and
// every one is listed among the skipped files, those inside a folder a
// format claims included.
func TestWalkSymlinks(t *testing.T) {
	root := t.TempDir()
	out, tree := filepath.Join(root, "outside"), filepath.Join(root, "tree")
	copyDir(t, filepath.Join(out, "nop", "bom"), nopTestdata)
	writeFile(t, filepath.Join(out, "secret.csv"), csvBOM)
	// A NopSCADlib bom/ folder whose bom.json points outside the tree.
	symlink(t, filepath.Join(out, "nop", "bom", "bom.json"), filepath.Join(tree, "proj", "bom", "bom.json"))
	// A file and a folder at the top of the tree.
	symlink(t, filepath.Join(out, "secret.csv"), filepath.Join(tree, "link.csv"))
	symlink(t, out, filepath.Join(tree, "linkdir"))
	// A real bom/ folder with a link inside it.
	copyDir(t, filepath.Join(tree, "real", "bom"), nopTestdata)
	symlink(t, "../../../outside/secret.csv", filepath.Join(tree, "real", "bom", "extra.csv"))

	im := &Importer{Formats: formats.All()}
	jobs, skipped, err := im.find(tree)
	if err != nil {
		t.Fatal(err)
	}
	wantJobs := []string{filepath.Join(tree, "real", "bom") + " nopscadlib"}
	if got := jobPaths(jobs); !slices.Equal(got, wantJobs) {
		t.Errorf("jobs = %q, want %q", got, wantJobs)
	}
	for _, p := range []string{
		filepath.Join(tree, "proj", "bom", "bom.json"),
		filepath.Join(tree, "link.csv"),
		filepath.Join(tree, "linkdir"),
		filepath.Join(tree, "real", "bom", "extra.csv"),
	} {
		if want := p + " (symlink, not followed)"; !slices.Contains(skipped, want) {
			t.Errorf("skipped = %q, want it to hold %q", skipped, want)
		}
	}
	for _, p := range skipped {
		if strings.Contains(p, "outside") || strings.Contains(p, "secret") {
			t.Errorf("skipped %q: a link was followed", p)
		}
	}

	// The reader refuses the link itself when made to read the folder.
	in := pdm.Input{FS: os.DirFS("/"), Path: strings.TrimPrefix(filepath.ToSlash(filepath.Join(tree, "proj", "bom")), "/"),
		Dir: true, Display: "proj/bom"}
	nop, _ := im.format("nopscadlib")
	if _, err := nop.Read(context.Background(), in, pdm.Options{}); !errors.Is(err, pdm.ErrSymlink) {
		t.Errorf("reading proj/bom: err = %v, want pdm.ErrSymlink", err)
	}
}

// TestWalkSymlinkOnCommandLine: a symbolic link named on the command line
// is followed (docs/DECISIONS.md, "Symbolic links"), a folder or a file.
func TestWalkSymlinkOnCommandLine(t *testing.T) {
	root := t.TempDir()
	out := filepath.Join(root, "outside")
	copyDir(t, filepath.Join(out, "nop", "bom"), nopTestdata)
	writeFile(t, filepath.Join(out, "secret.csv"), csvBOM)
	symlink(t, filepath.Join(out, "nop"), filepath.Join(root, "named"))
	symlink(t, filepath.Join(out, "secret.csv"), filepath.Join(root, "named.csv"))
	im := &Importer{Formats: formats.All()}
	for p, want := range map[string]string{
		filepath.Join(root, "named"):     filepath.Join(root, "named", "bom") + " nopscadlib",
		filepath.Join(root, "named.csv"): filepath.Join(root, "named.csv") + " bom",
	} {
		jobs, skipped, err := im.find(p)
		if err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		if got := jobPaths(jobs); !slices.Equal(got, []string{want}) || len(skipped) != 0 {
			t.Errorf("%s: jobs %q, skipped %q; want %q and nothing skipped", p, got, skipped, want)
		}
	}
}

// TestWalkMendel90BaseSymlink: a delta variant's base variant folder (or
// its bom/ folder) that is a symbolic link is not read: the delta variant
// fails naming the link, and the walk lists the link.
func TestWalkMendel90BaseSymlink(t *testing.T) {
	for _, linked := range []string{"dibond", "dibond/bom"} {
		t.Run(linked, func(t *testing.T) {
			root := t.TempDir()
			out, tree := filepath.Join(root, "outside"), filepath.Join(root, "tree")
			copyDir(t, filepath.Join(out, "dibond"), filepath.Join(m90Testdata, "dibond"))
			copyDir(t, filepath.Join(tree, "dibond_E3D"), filepath.Join(m90Testdata, "dibond_E3D"))
			if linked == "dibond/bom" {
				if err := os.MkdirAll(filepath.Join(tree, "dibond"), 0o755); err != nil {
					t.Fatal(err)
				}
			}
			symlink(t, filepath.Join(out, linked), filepath.Join(tree, linked))

			im := &Importer{Formats: formats.All()}
			jobs, skipped, err := im.find(tree)
			if err != nil {
				t.Fatal(err)
			}
			want := []string{filepath.Join(tree, "dibond_E3D", "bom") + " mendel90"}
			if got := jobPaths(jobs); !slices.Equal(got, want) {
				t.Fatalf("jobs = %q, want %q", got, want)
			}
			if link := filepath.Join(tree, linked) + " (symlink, not followed)"; !slices.Contains(skipped, link) {
				t.Errorf("skipped = %q, want it to hold %q", skipped, link)
			}
			_, err = jobs[0].format.Read(context.Background(), jobs[0].in, pdm.Options{})
			var me *model.Error
			if !errors.As(err, &me) || !strings.Contains(err.Error(), "symbolic link, not followed") ||
				!strings.Contains(err.Error(), "no machine_assembly.txt") {
				t.Fatalf("err = %v, want the missing assembly and the link to the base folder", err)
			}
		})
	}
}

// TestWalkNamedPipes: a named pipe in an imported folder, or inside a
// folder a format claims, is listed as skipped and never opened (opening
// it would wait for a writer forever).
func TestWalkNamedPipes(t *testing.T) {
	tree := t.TempDir()
	copyDir(t, filepath.Join(tree, "real", "bom"), nopTestdata)
	for _, p := range []string{filepath.Join(tree, "pipe.csv"), filepath.Join(tree, "real", "bom", "pipe.json")} {
		if err := syscall.Mkfifo(p, 0o644); err != nil {
			t.Skipf("cannot make named pipes here: %v", err)
		}
	}
	done := make(chan struct{})
	var jobs []job
	var skipped []string
	var err error
	go func() {
		defer close(done)
		jobs, skipped, err = (&Importer{Formats: formats.All()}).find(tree)
	}()
	select {
	case <-done:
	case <-time.After(time.Minute):
		t.Fatal("the walk is stuck opening a named pipe")
	}
	if err != nil {
		t.Fatal(err)
	}
	if got, want := jobPaths(jobs), []string{filepath.Join(tree, "real", "bom") + " nopscadlib"}; !slices.Equal(got, want) {
		t.Errorf("jobs = %q, want %q", got, want)
	}
	for _, p := range []string{filepath.Join(tree, "pipe.csv"), filepath.Join(tree, "real", "bom", "pipe.json")} {
		if want := p + " (not a regular file)"; !slices.Contains(skipped, want) {
			t.Errorf("skipped = %q, want it to hold %q", skipped, want)
		}
	}
	// Readers refuse to open one inside their folder.
	in := pdm.Input{FS: os.DirFS(tree), Path: "real/bom", Dir: true}
	if _, err := in.Open("pipe.json"); !errors.Is(err, pdm.ErrNotRegular) {
		t.Errorf("Open(pipe.json) = %v, want pdm.ErrNotRegular", err)
	}
}
