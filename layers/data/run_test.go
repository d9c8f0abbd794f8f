package data

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/cbb-alliance/cbb/layers/model"
)

// Runs get increasing ids, survive reopening the store and come back
// byte for byte, results included.
func TestRuns(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	s := openTest(t, dir)
	var ids []string
	for i, kind := range []string{"cells", "commonality"} {
		r, err := s.PutRun(ctx, owner, model.Run{Kind: kind, Input: "x", Params: json.RawMessage(`{"seed":1}`), Seed: int64(i), Result: json.RawMessage(`{"ge":0.8}`)})
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, r.ID)
	}
	if ids[0] >= ids[1] {
		t.Errorf("run ids %v are not increasing", ids)
	}
	if _, err := s.PutRun(ctx, owner, model.Run{}); model.Code(err) != model.Invalid {
		t.Errorf("a run without a kind: %v", err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	s = openTest(t, dir)
	r, err := s.Run(ctx, ids[1])
	if err != nil {
		t.Fatal(err)
	}
	if r.Kind != "commonality" || string(r.Result) != `{"ge":0.8}` || r.Seed != 1 || r.At.IsZero() {
		t.Errorf("run read back as %+v", r)
	}
	n := 0
	if err := s.Runs(ctx, func(model.Run) error { n++; return nil }); err != nil || n != 2 {
		t.Errorf("Runs: %d runs, %v", n, err)
	}
	if _, err := s.Run(ctx, "nope"); model.Code(err) != model.NotFound {
		t.Errorf("unknown run: %v", err)
	}
}
