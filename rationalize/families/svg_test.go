package families

import (
	"bytes"
	"context"
	"encoding/xml"
	"errors"
	"flag"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cbb-alliance/cbb/layers/model"
)

var updatePictures = flag.Bool("update", false, "rewrite the pictures in testdata/")

func TestWriteDendrogramSVG(t *testing.T) {
	parts := realParts(t, "nopscadlib-boms")
	var screws []model.Item
	for _, it := range parts {
		if it.Class == model.ClassScrews {
			screws = append(screws, it)
		}
	}
	var res []model.Item
	for _, it := range realParts(t, "gitplm-parts") {
		if it.Class == model.ClassResistors {
			res = append(res, it)
		}
	}
	tests := []struct {
		name   string
		items  []model.Item
		leaves int
		file   string
	}{
		{"nopscadlib screws", screws, 60, "screws-dendrogram.svg"},
		{"gitplm resistors", res, 40, ""},
		{"three screws", screws[:3], 60, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			groups, err := Families(context.Background(), tt.items, FamilyOptions{})
			if err != nil {
				t.Fatal(err)
			}
			g := groups[0]
			var buf bytes.Buffer
			opts := SVGOptions{Title: string(g.Class), MaxLeaves: tt.leaves, CutHeight: DefaultHeight}
			if err := WriteDendrogramSVG(&buf, g.Dendrogram, g.Names, opts); err != nil {
				t.Fatal(err)
			}
			out := buf.Bytes()
			if !bytes.HasPrefix(out, []byte("<?xml")) && !bytes.HasPrefix(out, []byte("<svg")) {
				t.Fatalf("output starts %q", out[:min(40, len(out))])
			}
			texts := parseSVG(t, out)
			want := min(tt.leaves, len(tt.items))
			if texts < want {
				t.Errorf("%d text elements, want at least one per leaf (%d)", texts, want)
			}
			if len(tt.items) > tt.leaves && !strings.Contains(string(out), "(+") {
				t.Errorf("a truncated tree should label collapsed clusters with their size")
			}
			if tt.file != "" && *updatePictures {
				if err := os.WriteFile(filepath.Join("testdata", tt.file), out, 0o644); err != nil {
					t.Fatal(err)
				}
			}
		})
	}
}

// parseSVG checks the document is well-formed XML and counts its text
// elements.
func parseSVG(t *testing.T, doc []byte) int {
	t.Helper()
	dec := xml.NewDecoder(bytes.NewReader(doc))
	texts := 0
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			return texts
		}
		if err != nil {
			t.Fatalf("SVG does not parse: %v", err)
		}
		if se, ok := tok.(xml.StartElement); ok && se.Name.Local == "text" {
			texts++
		}
	}
}

func TestWriteDendrogramSVGErrors(t *testing.T) {
	dg, _ := Cluster(lineDistances(0, 1, 5), Average)
	var me *model.Error
	if err := WriteDendrogramSVG(io.Discard, dg, []string{"a"}, SVGOptions{}); !errors.As(err, &me) || me.Code != model.Invalid {
		t.Errorf("labels mismatch: %v", err)
	}
	if err := WriteDendrogramSVG(io.Discard, &Dendrogram{}, nil, SVGOptions{}); !errors.As(err, &me) {
		t.Errorf("empty dendrogram: %v", err)
	}
}
