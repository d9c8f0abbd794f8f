package model

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// ErrorCode classifies an error; the API maps each code to one HTTP status.
type ErrorCode string

// The error codes.
const (
	Invalid   ErrorCode = "invalid"   // the input is malformed or breaks a rule
	NotFound  ErrorCode = "not_found" // the thing asked for does not exist
	Conflict  ErrorCode = "conflict"  // the request clashes with the current state
	Forbidden ErrorCode = "forbidden" // the caller may not see or do this
	Busy      ErrorCode = "busy"      // a resource is held by another process
	Stale     ErrorCode = "stale"     // the caller's version of the thing is not the current one
	Internal  ErrorCode = "internal"  // a fault of ours or of the machine
)

// Error is the one error type of the domain: a code, a message, and where
// in the input the problem is when the input was a file.
type Error struct {
	Code  ErrorCode
	Msg   string
	File  string // input file, if any
	Line  int    // 1-based line (or row) in File, if known
	Field string // field, column or JSON path, if known
	Err   error  // underlying cause, if any
}

func (e *Error) Error() string {
	s := ""
	if e.File != "" {
		s = e.File
		if e.Line > 0 {
			s += fmt.Sprintf(":%d", e.Line)
		}
		s += ": "
	}
	if e.Field != "" {
		s += "field " + e.Field + ": "
	}
	s += e.Msg
	if e.Err != nil {
		if s != "" && e.Msg != "" {
			s += ": "
		}
		s += e.Err.Error()
	}
	return s
}

func (e *Error) Unwrap() error { return e.Err }

// Errorf returns an *Error with the given code and message.
func Errorf(code ErrorCode, format string, args ...any) *Error {
	return &Error{Code: code, Msg: fmt.Sprintf(format, args...)}
}

// ParseError returns an Invalid error located in a file.
func ParseError(file string, line int, field, format string, args ...any) *Error {
	return &Error{Code: Invalid, File: file, Line: line, Field: field, Msg: fmt.Sprintf(format, args...)}
}

// YAMLError turns an error of a YAML decoder ("yaml: line 7: ...",
// "yaml: unmarshal errors:\n  line 7: ...") into a located parse error of
// the named file.
func YAMLError(file string, err error) *Error {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	line := 0
	if rest, ok := strings.CutPrefix(msg, "unmarshal errors:\n  "); ok {
		msg = rest
	}
	if rest, ok := strings.CutPrefix(msg, "line "); ok {
		if n, tail, ok := strings.Cut(rest, ":"); ok {
			if l, err := strconv.Atoi(n); err == nil {
				line, msg = l, strings.TrimSpace(tail)
			}
		}
	}
	return ParseError(file, line, "", "%s", msg)
}

// Code returns the code of the first *Error in err's chain, Internal for any
// other non-nil error, and "" for nil.
func Code(err error) ErrorCode {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return Internal
}
