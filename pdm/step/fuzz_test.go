package step

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cbb-alliance/cbb/layers/model"
	"github.com/cbb-alliance/cbb/pdm"
)

// head returns the first n lines of a real file: the header and the start
// of its DATA section.
func head(data []byte, n int) []byte {
	lines := bytes.SplitAfterN(data, []byte("\n"), n+1)
	if len(lines) > n {
		lines = lines[:n]
	}
	return bytes.Join(lines, nil)
}

// closed ends a cut file after its last complete record, so that the seed
// is a whole exchange structure.
func closed(data []byte) []byte {
	if i := bytes.LastIndex(data, []byte(";\r\n")); i > 0 {
		data = data[:i+1]
	} else if i := bytes.LastIndex(data, []byte(";\n")); i > 0 {
		data = data[:i+1]
	}
	return append(bytes.Clone(data), "\nENDSEC;\nEND-ISO-10303-21;\n"...)
}

func FuzzParse(f *testing.F) {
	for _, p := range []string{filepath.Join("testdata", as1), filepath.Join(shared, ap242)} {
		data, err := os.ReadFile(p)
		if err != nil {
			continue // the shared sample may be absent
		}
		for _, n := range []int{60, 300} {
			f.Add(head(data, n))
			f.Add(closed(head(data, n)))
		}
	}
	f.Add([]byte(p21(asm)))
	f.Add([]byte(p21(`#1=PRODUCT('p','M\X2\00FC\X0\ller \X\E9 \S\i \PB\\S\9 it''s \\ \X4\0001F600\X0\','',());`)))
	f.Add([]byte(p21(`#1=PRODUCT('p','p','',());#2=(A()B(1,'x')C((#1),.T.,"0F",-1.5E-3,$,*));#3=();`)))
	f.Add([]byte(p21("/* c */#1=product('a','b','c',())/**/;")))
	f.Fuzz(func(t *testing.T, data []byte) {
		b, err := Parse("fuzz.stp", data, pdm.Options{Product: "fuzzed"})
		if err != nil {
			var me *model.Error
			if !errors.As(err, &me) || me.File != "fuzz.stp" || me.Code != model.Invalid {
				t.Fatalf("error %v is not a located *model.Error", err)
			}
			if me.Line == 0 && !strings.Contains(me.Msg, "no product") {
				t.Fatalf("error %v has no line", err)
			}
			return
		}
		checkBatch(t, b)
		if len(b.Items) == 0 {
			t.Fatal("no error and no item")
		}
		// The streaming reader must agree.
		s, err := Decode(context.Background(), bytes.NewReader(data), "fuzz.stp", pdm.Options{Product: "fuzzed"})
		if err != nil || len(s.Items) != len(b.Items) || len(s.Edges) != len(b.Edges) {
			t.Fatalf("Decode disagrees with Parse: %v", err)
		}
	})
}
