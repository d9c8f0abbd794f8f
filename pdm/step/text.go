package step

import (
	"errors"
	"fmt"
	"unicode/utf16"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
)

// pages are the ISO 8859 parts that the page directives \PA\ to \PI\ select
// for \S\ escapes; a string starts in part 1 (Latin-1).
var pages = [...]*charmap.Charmap{
	charmap.ISO8859_1, charmap.ISO8859_2, charmap.ISO8859_3, charmap.ISO8859_4,
	charmap.ISO8859_5, charmap.ISO8859_6, charmap.ISO8859_7, charmap.ISO8859_8,
	charmap.ISO8859_9,
}

// plain reports whether raw string content needs no decoding: no escape
// and nothing outside ASCII.
func plain(raw []byte) bool {
	for _, c := range raw {
		if c == '\\' || c >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// decodeText appends to dst the UTF-8 text of raw, the content of a string
// literal with its doubled apostrophes already undone and its line breaks
// removed. It decodes the Part 21 escapes:
//
//	\\              a backslash
//	\S\c            the character c+128 of the current ISO 8859 page
//	\Px\            select ISO 8859 part x (A = 1 ... I = 9) for \S\
//	\X\hh           the ISO 8859-1 character hh
//	\X2\hhhh...\X0\ UCS-2 (UTF-16) code units
//	\X4\hhhhhhhh...\X0\ UCS-4 code points
//
// A backslash that starts none of these stands for itself, as many writers
// put unescaped Windows paths in strings; a malformed \X escape is an error.
// Bytes outside ASCII, which the standard does not allow but writers emit,
// are taken as UTF-8 when they are valid UTF-8 and as Latin-1 otherwise.
func decodeText(dst, raw []byte) ([]byte, error) {
	page := pages[0]
	for i := 0; i < len(raw); {
		c := raw[i]
		switch {
		case c >= utf8.RuneSelf:
			r, n := utf8.DecodeRune(raw[i:])
			if r == utf8.RuneError && n <= 1 {
				dst = utf8.AppendRune(dst, rune(c))
				i++
				continue
			}
			dst = append(dst, raw[i:i+n]...)
			i += n
		case c != '\\':
			dst = append(dst, c)
			i++
		default:
			var n int
			var err error
			dst, page, n, err = escape(dst, raw[i:], page)
			if err != nil {
				return dst, err
			}
			i += n
		}
	}
	return dst, nil
}

// escape decodes the escape at the start of s (s[0] is a backslash) and
// returns how many bytes it took.
func escape(dst, s []byte, page *charmap.Charmap) ([]byte, *charmap.Charmap, int, error) {
	at := func(i int) byte {
		if i < len(s) {
			return s[i]
		}
		return 0
	}
	switch {
	case at(1) == '\\':
		return append(dst, '\\'), page, 2, nil
	case at(1) == 'S' && at(2) == '\\' && at(3) >= 0x20 && at(3) < 0x7f:
		return utf8.AppendRune(dst, page.DecodeByte(at(3)+0x80)), page, 4, nil
	case at(1) == 'P' && at(2) >= 'A' && at(2) <= 'I' && at(3) == '\\':
		return dst, pages[at(2)-'A'], 4, nil
	case at(1) == 'X' && at(2) == '\\':
		hi, ok1 := unhex(at(3))
		lo, ok2 := unhex(at(4))
		if !ok1 || !ok2 {
			return dst, page, 0, errors.New(`\X\ escape needs two hex digits`)
		}
		return utf8.AppendRune(dst, rune(hi<<4|lo)), page, 5, nil
	case at(1) == 'X' && (at(2) == '2' || at(2) == '4') && at(3) == '\\':
		width := 4
		if at(2) == '4' {
			width = 8
		}
		dst, n, err := wide(dst, s[4:], width)
		return dst, page, 4 + n, err
	}
	return append(dst, '\\'), page, 1, nil
}

// wide decodes the hex groups of a \X2\ or \X4\ escape up to and including
// its closing \X0\ and returns how many bytes it took.
func wide(dst, s []byte, width int) ([]byte, int, error) {
	var units []uint16
	i := 0
	for {
		if i+4 <= len(s) && string(s[i:i+4]) == `\X0\` {
			if width == 4 {
				for _, r := range utf16.Decode(units) {
					dst = utf8.AppendRune(dst, r)
				}
			}
			return dst, i + 4, nil
		}
		if i+width > len(s) {
			return dst, 0, fmt.Errorf(`\X%d\ escape without its closing \X0\`, width/2)
		}
		var v uint32
		for _, c := range s[i : i+width] {
			d, ok := unhex(c)
			if !ok {
				return dst, 0, fmt.Errorf(`\X%d\ escape: %q is not a hex digit`, width/2, c)
			}
			v = v<<4 | uint32(d)
		}
		i += width
		if width == 4 {
			units = append(units, uint16(v))
			continue
		}
		if v > utf8.MaxRune {
			return dst, 0, fmt.Errorf(`\X4\ escape: %08X is not a character`, v)
		}
		dst = utf8.AppendRune(dst, rune(v))
	}
}

// unhex returns the value of a hex digit; the standard wants upper case,
// lower case is accepted.
func unhex(c byte) (byte, bool) {
	switch {
	case c >= '0' && c <= '9':
		return c - '0', true
	case c >= 'A' && c <= 'F':
		return c - 'A' + 10, true
	case c >= 'a' && c <= 'f':
		return c - 'a' + 10, true
	}
	return 0, false
}
