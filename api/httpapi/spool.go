package httpapi

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"

	"github.com/cbb-alliance/cbb/api"
)

// maxParts caps the files of one upload: each is a temporary file.
const maxParts = 10000

// spooler streams the file parts of an upload to temporary files, so that
// a large import is never whole in memory, keeping none of them open
// between parts, and removes them when closed.
type spooler struct {
	paths []string
}

// add writes r to a new temporary file and returns it as the import's
// file name, read from the start when the import reads it.
func (s *spooler) add(name string, r io.Reader) (api.File, error) {
	if len(s.paths) >= maxParts {
		return api.File{}, &problem{Status: http.StatusRequestEntityTooLarge, Type: typeBase + "too-large", Title: "Too many files",
			Detail: fmt.Sprintf("an upload holds at most %d files", maxParts)}
	}
	f, err := os.CreateTemp("", "cbb-upload-")
	if err != nil {
		return api.File{}, fmt.Errorf("spool %s: %w", name, err)
	}
	s.paths = append(s.paths, f.Name())
	_, err = io.Copy(f, r)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	var tooLarge *http.MaxBytesError
	if errors.As(err, &tooLarge) {
		return api.File{}, &problem{Status: http.StatusRequestEntityTooLarge, Type: typeBase + "too-large", Title: "Request body too large",
			Detail: fmt.Sprintf("the upload is over the %d-byte cap", tooLarge.Limit)}
	}
	if err != nil {
		return api.File{}, fmt.Errorf("spool %s: %w", name, err)
	}
	return api.File{Name: name, Body: api.FileAt(f.Name())}, nil
}

func (s *spooler) close() {
	for _, p := range s.paths {
		os.Remove(p)
	}
}
