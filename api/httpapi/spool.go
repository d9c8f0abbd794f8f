package httpapi

import (
	"fmt"
	"io"
	"os"

	"github.com/cbb-alliance/cbb/api"
)

// spooler streams the file parts of an upload to temporary files, so that
// a large import is never whole in memory, and removes them when closed.
type spooler struct {
	files []*os.File
}

// add writes r to a new temporary file and returns it as the import's
// file name, ready to be read from the start.
func (s *spooler) add(name string, r io.Reader) (api.File, error) {
	f, err := os.CreateTemp("", "cbb-upload-")
	if err != nil {
		return api.File{}, fmt.Errorf("spool %s: %w", name, err)
	}
	s.files = append(s.files, f)
	if _, err := io.Copy(f, r); err != nil {
		return api.File{}, fmt.Errorf("spool %s: %w", name, err)
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return api.File{}, fmt.Errorf("spool %s: %w", name, err)
	}
	return api.File{Name: name, Body: f}, nil
}

func (s *spooler) close() {
	for _, f := range s.files {
		f.Close()
		os.Remove(f.Name())
	}
}
