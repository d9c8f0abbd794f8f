package api

import (
	"io"
	"os"
)

// FileAt is a File body that opens the file at path on its first read and
// closes it at the end: an import of thousands of files holds one open at
// a time.
func FileAt(path string) io.Reader { return &lazyFile{path: path} }

type lazyFile struct {
	path string
	f    *os.File
	done bool
}

func (l *lazyFile) Read(p []byte) (int, error) {
	if l.done {
		return 0, io.EOF
	}
	if l.f == nil {
		f, err := os.Open(l.path)
		if err != nil {
			return 0, err
		}
		l.f = f
	}
	n, err := l.f.Read(p)
	if err == io.EOF {
		l.f.Close()
		l.done = true
	}
	return n, err
}
