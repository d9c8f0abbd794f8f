// Package shareddata finds the public datasets that tests and benchmarks
// read from ../shared/data beside the source tree, and skips the test,
// saying so, when they are absent.
package shareddata

import (
	"os"
	"path/filepath"
	"testing"
)

// Dir returns the folder elem... of ../shared/data, found from the test's
// working directory (its package folder) upwards, or skips the test.
func Dir(t testing.TB, elem ...string) string {
	t.Helper()
	wd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for d := wd; ; d = filepath.Dir(d) {
		if _, err := os.Stat(filepath.Join(d, "go.mod")); err == nil {
			dir := filepath.Join(append([]string{d, "..", "shared", "data"}, elem...)...)
			if _, err := os.Stat(dir); err != nil {
				t.Skipf("shared data not found at %s: %v", dir, err)
			}
			return dir
		}
		if filepath.Dir(d) == d {
			t.Skipf("no go.mod above %s, so no ../shared/data", wd)
			return ""
		}
	}
}
