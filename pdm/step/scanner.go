package step

import "io"

// bufSize is the read buffer of a streaming scanner: large enough that
// reads are few, small enough that a 100 MB file costs no more memory than
// a small one.
const bufSize = 64 << 10

// scanner hands out the bytes of an exchange structure one at a time, with a
// few bytes of look-ahead, counting lines. It reads from an io.Reader through
// a fixed buffer, or straight from a byte slice.
type scanner struct {
	r        io.Reader
	buf      []byte
	pos, end int
	line     int   // 1-based line of buf[pos]
	done     bool  // no more input will come
	err      error // the read error that ended the input, other than io.EOF
}

func newScanner(r io.Reader) *scanner {
	return &scanner{r: r, buf: make([]byte, bufSize), line: 1}
}

func newBytesScanner(data []byte) *scanner {
	return &scanner{buf: data, end: len(data), done: true, line: 1}
}

// more reads input into the buffer, keeping the unread bytes, and reports
// whether it added any.
func (s *scanner) more() bool {
	if s.done {
		return false
	}
	if s.pos > 0 {
		n := copy(s.buf, s.buf[s.pos:s.end])
		s.pos, s.end = 0, n
	}
	for range 100 {
		n, err := s.r.Read(s.buf[s.end:])
		s.end += n
		if err != nil {
			s.done = true
			if err != io.EOF {
				s.err = err
			}
			return n > 0
		}
		if n > 0 {
			return true
		}
	}
	s.done, s.err = true, io.ErrNoProgress
	return false
}

// peek returns the next byte without consuming it; ok is false at the end
// of the input.
func (s *scanner) peek() (c byte, ok bool) {
	if s.pos < s.end || s.more() {
		return s.buf[s.pos], true
	}
	return 0, false
}

// peekN returns up to n (at most a few dozen) unread bytes without
// consuming them; fewer only at the end of the input.
func (s *scanner) peekN(n int) []byte {
	for s.end-s.pos < n && s.more() {
	}
	return s.buf[s.pos:min(s.end, s.pos+n)]
}

// skip consumes the byte peek returned.
func (s *scanner) skip() {
	if s.buf[s.pos] == '\n' {
		s.line++
	}
	s.pos++
}

// skipN consumes n bytes that peekN returned; they hold no line break.
func (s *scanner) skipN(n int) { s.pos += n }
