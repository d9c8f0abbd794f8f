package tabular

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"cbb/pdm"
)

func TestScratchDetect(t *testing.T) {
	root := "/work/shared/data"
	filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || strings.Contains(p, "bom_cache") {
			return nil
		}
		data, _ := os.ReadFile(p)
		in := pdm.Input{Path: p, Head: data[:min(len(data), pdm.HeadSize)]}
		if (Format{}).Detect(in) {
			_, rep, err := parse(p, p, data, pdm.Options{})
			fmt.Printf("DETECT %s -> %v %s\n", p, err, rep.layout.describe())
		}
		return nil
	})
}
