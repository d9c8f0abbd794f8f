package horizon

import (
	"context"
	"errors"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/cbb-alliance/cbb/pdm"
)

const (
	uuidA = "aaaaaaaa-0000-4000-8000-000000000001"
	uuidB = "bbbbbbbb-0000-4000-8000-000000000002"
	uuidC = "cccccccc-0000-4000-8000-000000000003"
)

// partJSON returns a part file, one field a line, with extra fields
// inserted after the uuid (line 3 onwards).
func partJSON(uuid string, extra ...string) string {
	lines := []string{`{`, `"type": "part",`, `"uuid": "` + uuid + `",`}
	for _, e := range extra {
		lines = append(lines, e+",")
	}
	lines = append(lines, `"MPN": [false, "M"],`, `"value": [false, ""],`, `"manufacturer": [false, ""]`, `}`)
	return strings.Join(lines, "\n")
}

// TestErrors checks that bad pools fail with errors naming file, line and
// field, and never with a partial batch.
func TestErrors(t *testing.T) {
	good := partJSON(uuidA)
	real := string(mustRead(t, "testdata/pool/parts/"+d6R40Rel))
	cases := []struct {
		name  string
		files map[string]string
		file  string // the file the error names, below "pool/parts/"
		line  int
		field string
		words []string
	}{
		{"truncated", map[string]string{"a.json": good, "b/t.json": real[:len(real)/2]},
			"b/t.json", strings.Count(real[:len(real)/2], "\n") + 1, "", []string{"truncated"}},
		{"bad JSON", map[string]string{"a.json": "{\n\"type\": \"part\",\n\"uuid\" \"x\"\n}"},
			"a.json", 3, "", []string{"bad JSON"}},
		{"empty file", map[string]string{"a.json": ""}, "a.json", 1, "", []string{"truncated"}},
		{"trailing data", map[string]string{"a.json": good + "\n{}"}, "a.json", 8, "", []string{"bad JSON"}},
		{"an array", map[string]string{"a.json": "\n[" + good + "]"}, "a.json", 2, "", []string{"JSON object"}},
		{"not a part", map[string]string{"a.json": strings.Replace(good, `"part"`, `"entity"`, 1)},
			"a.json", 2, "type", []string{`"entity"`}},
		{"no type", map[string]string{"a.json": strings.Replace(good, `"type"`, `"kind"`, 1)},
			"a.json", 1, "type", []string{"needs"}},
		{"bad uuid", map[string]string{"a.json": partJSON("not-a-uuid")}, "a.json", 3, "uuid", []string{"not a UUID"}},
		{"no MPN", map[string]string{"a.json": strings.Replace(good, `"MPN"`, `"mpn"`, 1)},
			"a.json", 1, "MPN", []string{"needs"}},
		{"MPN not a pair", map[string]string{"a.json": strings.Replace(good, `[false, "M"]`, `"M"`, 1)},
			"a.json", 4, "MPN", []string{"pair"}},
		{"datasheet not a pair", map[string]string{"a.json": partJSON(uuidA, `"datasheet": [1, "x"]`)},
			"a.json", 4, "datasheet", []string{"pair"}},
		{"tags not strings", map[string]string{"a.json": partJSON(uuidA, `"tags": ["a", 2]`)},
			"a.json", 4, "tags", []string{"array of strings"}},
		{"inherit_tags not bool", map[string]string{"a.json": partJSON(uuidA, `"inherit_tags": "yes"`)},
			"a.json", 4, "inherit_tags", []string{"true or false"}},
		{"parametric not strings", map[string]string{"a.json": partJSON(uuidA, `"parametric": {"table": "resistors", "value": 10}`)},
			"a.json", 4, "parametric.value", []string{"string"}},
		{"parametric not a number", map[string]string{"a.json": partJSON(uuidA, `"parametric": {"table": "capacitors", "value": "10 V"}`)},
			"a.json", 4, "parametric.value", []string{"10 V"}},
		{"missing base", map[string]string{"a.json": good, "b/c.json": partJSON(uuidB, `"base": "`+uuidC+`"`)},
			"b/c.json", 4, "base", []string{uuidC, "not in the pool"}},
		{"bad base", map[string]string{"a.json": partJSON(uuidB, `"base": 7`)}, "a.json", 4, "base", []string{"string"}},
		{"own base", map[string]string{"a.json": partJSON(uuidA, `"base": "`+uuidA+`"`)}, "a.json", 4, "base", []string{"own base"}},
		{"base cycle", map[string]string{
			"a.json": partJSON(uuidA, `"base": "`+uuidB+`"`),
			"b.json": partJSON(uuidB, `"base": "`+uuidC+`"`),
			"c.json": partJSON(uuidC, `"base": "`+uuidA+`"`),
		}, "a.json", 4, "base", []string{"own base"}},
		{"duplicate uuid", map[string]string{"a.json": good, "b/a.json": good}, "b/a.json", 3, "uuid", []string{"pool/parts/a.json"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			fsys := fstest.MapFS{}
			for name, data := range c.files {
				fsys["parts/"+name] = &fstest.MapFile{Data: []byte(data)}
			}
			b, err := ReadPool(context.Background(), fsys, "parts", "pool/parts")
			if b != nil {
				t.Errorf("a batch with the error: %d items", len(b.Items))
			}
			wantError(t, err, "pool/parts/"+c.file, c.line, c.field, c.words...)
		})
	}
}

func TestCanceled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := ReadPool(ctx, testPool, "parts", "parts")
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("got %v, want context.Canceled", err)
	}
}

// TestReadFileErrors: a forced single file reports its own errors first,
// and a uuid its pool holds in another file.
func TestReadFileErrors(t *testing.T) {
	fsys := fstest.MapFS{
		"parts/a.json":   {Data: []byte(partJSON(uuidA))},
		"parts/b.json":   {Data: []byte("{\n\"type\": \"part\"")},
		"parts/c.txt":    {Data: []byte(partJSON(uuidA))},
		"parts/d/e.json": {Data: []byte(partJSON(uuidB, `"base": "`+uuidA+`"`))},
	}
	read := func(p string) error {
		_, err := Format{}.Read(context.Background(), pdm.Input{FS: fsys, Path: p, Display: p}, pdm.Options{})
		return err
	}
	wantError(t, read("parts/b.json"), "parts/b.json", 2, "", "truncated")
	if err := read("parts/d/e.json"); err == nil || !strings.Contains(err.Error(), "b.json") {
		t.Errorf("a pool with a bad file: %v, want the bad file's error", err)
	}
	delete(fsys, "parts/b.json")
	wantError(t, read("parts/c.txt"), "parts/c.txt", 3, "uuid", "parts/a.json")
	if err := read("parts/d/e.json"); err != nil {
		t.Errorf("a sound pool: %v", err)
	}
}
