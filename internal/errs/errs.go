// Package errs defines the kinds of error that Setu distinguishes, once, so
// that every layer can say what went wrong and the web layer can turn a kind
// into an HTTP status without guessing from message text.
package errs

import (
	"errors"
	"fmt"
	"strings"
)

// Kind classifies an error by what the caller can do about it.
type Kind int

// The kinds of error. Internal is the zero value's meaning for errors that
// carry no kind.
const (
	Internal     Kind = iota // something broke; not the caller's fault
	Invalid                  // the input is wrong; Fields says where
	NotFound                 // the thing asked for does not exist
	Conflict                 // the change clashes with what is stored
	Unauthorised             // the caller is not known
	Forbidden                // the caller may not do this
	TooLarge                 // the input is larger than allowed
)

// String returns the kind's name as used in problem documents.
func (k Kind) String() string {
	switch k {
	case Invalid:
		return "invalid"
	case NotFound:
		return "not found"
	case Conflict:
		return "conflict"
	case Unauthorised:
		return "unauthorised"
	case Forbidden:
		return "forbidden"
	case TooLarge:
		return "too large"
	default:
		return "internal"
	}
}

// FieldError names one field of the input and what is wrong with it.
type FieldError struct {
	Field   string `json:"field"`
	Problem string `json:"problem"`
}

// Error is an error with a kind, the operation that failed and, for invalid
// input, the problems field by field.
type Error struct {
	Op     string       // the operation, e.g. "create organisation"
	Kind   Kind         // what kind of failure
	Msg    string       // a message for the user; may be empty
	Fields []FieldError // field-level problems, for Invalid
	Err    error        // the underlying error, if any
}

// Error returns "op: msg: field: problem; ...: underlying".
func (e *Error) Error() string {
	var b strings.Builder
	write := func(s string) {
		if s == "" {
			return
		}
		if b.Len() > 0 {
			b.WriteString(": ")
		}
		b.WriteString(s)
	}
	write(e.Op)
	write(e.Msg)
	if len(e.Fields) > 0 {
		parts := make([]string, len(e.Fields))
		for i, f := range e.Fields {
			parts[i] = f.Problem
			if f.Field != "" {
				parts[i] = f.Field + ": " + f.Problem
			}
		}
		write(strings.Join(parts, "; "))
	}
	if e.Err != nil {
		write(e.Err.Error())
	}
	return b.String()
}

// Unwrap returns the underlying error.
func (e *Error) Unwrap() error { return e.Err }

// E builds an error of the given kind for an operation, with a message.
func E(op string, k Kind, format string, args ...any) *Error {
	return &Error{Op: op, Kind: k, Msg: fmt.Sprintf(format, args...)}
}

// Wrap wraps err with an operation, keeping its kind. A nil err gives nil.
func Wrap(op string, err error) error {
	if err == nil {
		return nil
	}
	if e, ok := err.(*Error); ok && e.Op == op {
		return err // named already: "op: op: ..." says nothing more
	}
	return &Error{Op: op, Kind: KindOf(err), Err: err}
}

// KindOf returns the kind of the first *Error in err's chain that has one
// other than Internal, or Internal.
func KindOf(err error) Kind {
	for err != nil {
		var e *Error
		if !errors.As(err, &e) {
			return Internal
		}
		if e.Kind != Internal {
			return e.Kind
		}
		err = e.Err
	}
	return Internal
}

// FieldsOf returns the field-level problems found in err's chain.
func FieldsOf(err error) []FieldError {
	for err != nil {
		var e *Error
		if !errors.As(err, &e) {
			return nil
		}
		if len(e.Fields) > 0 {
			return e.Fields
		}
		err = e.Err
	}
	return nil
}

// MessageOf returns the first user-facing message in err's chain, or "".
func MessageOf(err error) string {
	for err != nil {
		var e *Error
		if !errors.As(err, &e) {
			return ""
		}
		if e.Msg != "" {
			return e.Msg
		}
		err = e.Err
	}
	return ""
}

// Is reports whether err has kind k.
func Is(err error, k Kind) bool { return err != nil && KindOf(err) == k }

// Problems collects field errors while validating.
type Problems []FieldError

// Add records a problem with a field.
func (p *Problems) Add(field, format string, args ...any) {
	*p = append(*p, FieldError{Field: field, Problem: fmt.Sprintf(format, args...)})
}

// Err returns an Invalid error listing the problems, or nil if there are none.
func (p Problems) Err(op string) error {
	if len(p) == 0 {
		return nil
	}
	return &Error{Op: op, Kind: Invalid, Msg: "invalid input", Fields: p}
}
