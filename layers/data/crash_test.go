package data

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"testing"

	"github.com/cbb-alliance/cbb/layers/model"
)

// crashProduct is product n of the crash test's import: 400 parts, half
// shared with every other product, half its own.
func crashProduct(n int) *model.Batch {
	var parts []string
	for i := range 200 {
		parts = append(parts, fmt.Sprintf("shared-%d", i))
		parts = append(parts, fmt.Sprintf("own-%d-%d", n, i))
	}
	return product(fmt.Sprintf("crash-%d", n), parts...)
}

const crashProducts = 400

// TestCrashChild is the child of TestCrashSafety: it imports products one
// batch each, printing an acknowledgement once each batch is applied, until
// it is killed.
func TestCrashChild(t *testing.T) {
	dir := os.Getenv("CBB_CRASH_CHILD")
	if dir == "" {
		t.Skip("run by TestCrashSafety")
	}
	s := openTest(t, dir)
	for n := range crashProducts {
		res, err := s.Apply(context.Background(), crashProduct(n))
		if err != nil {
			t.Fatal(err)
		}
		fmt.Printf("ack %s %d\n", res.BatchID, n)
	}
}

// TestCrashSafety kills an importing process with SIGKILL mid-import,
// reopens the store and checks that every acknowledged batch is whole and
// that no batch is there in part.
func TestCrashSafety(t *testing.T) {
	if testing.Short() {
		t.Skip("slow: imports until killed")
	}
	dir := t.TempDir()
	cmd := exec.Command(os.Args[0], "-test.run=^TestCrashChild$", "-test.v")
	cmd.Env = append(os.Environ(), "CBB_CRASH_CHILD="+dir)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	acked := map[string]int{}
	sc := bufio.NewScanner(out)
	for sc.Scan() && len(acked) < 25 {
		var bid string
		var n int
		if _, err := fmt.Sscanf(sc.Text(), "ack %s %d", &bid, &n); err == nil {
			acked[bid] = n
		}
	}
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	// Acknowledgements the child wrote before it died may still sit in
	// the pipe: read them all, or a slow reader counts too few.
	for sc.Scan() {
		var bid string
		var n int
		if _, err := fmt.Sscanf(sc.Text(), "ack %s %d", &bid, &n); err == nil {
			acked[bid] = n
		}
	}
	err = cmd.Wait()
	if ws, ok := cmd.ProcessState.Sys().(syscall.WaitStatus); !ok || !ws.Signaled() {
		t.Fatalf("child was not killed (it finished first?): %v", err)
	}
	if len(acked) < 25 {
		t.Fatalf("only %d batches acknowledged before the child ended", len(acked))
	}

	ctx := context.Background()
	s, err := Open(ctx, dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	for bid, n := range acked {
		rec, err := s.Batch(ctx, bid)
		if err != nil {
			t.Fatalf("acknowledged batch %s (product %d) lost: %v", bid, n, err)
		}
		if rec.Origin != fmt.Sprintf("crash-%d", n) {
			t.Fatalf("batch %s holds %s, acknowledged as product %d", bid, rec.Origin, n)
		}
	}
	// Every stored batch, acknowledged or committed just before the kill,
	// is whole: its product has all its 400 edges, and every revision it
	// wrote is there.
	batches := 0
	err = s.Batches(ctx, func(rec BatchRecord) error {
		batches++
		for _, w := range rec.Written {
			revs, err := s.Revisions(ctx, w.ID)
			if err != nil || len(revs) < int(w.Rev) {
				return fmt.Errorf("batch %s: revision %d of %s missing: %v", rec.ID, w.Rev, w.ID, err)
			}
		}
		var n int
		fmt.Sscanf(strings.TrimPrefix(rec.Origin, "crash-"), "%d", &n)
		kids, err := s.Children(ctx, tid(rec.Origin))
		if err != nil || len(kids) != 400 {
			return fmt.Errorf("batch %s: product %s has %d edges, want 400: %v", rec.ID, rec.Origin, len(kids), err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if batches < len(acked) || batches > len(acked)+1 {
		t.Fatalf("%d batches stored, %d acknowledged", batches, len(acked))
	}
	// Nothing outside a stored batch: the counts match the batches.
	st, err := s.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if st.Products != batches || st.Edges != 400*batches || st.Parts != 200+200*batches {
		t.Fatalf("stats %+v do not match %d whole batches", st, batches)
	}
	products := 0
	if err := s.Items(ctx, model.LevelProduct, func(model.Item) error { products++; return nil }); err != nil {
		t.Fatal(err)
	}
	if products != batches {
		t.Fatalf("%d products stored by %d batches", products, batches)
	}
	t.Logf("killed after %d acknowledged batches; %d stored, all whole", len(acked), batches)
}
