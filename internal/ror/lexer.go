package ror

import (
	"bytes"
	"errors"
	"fmt"
	"strconv"
	"unicode/utf16"
	"unicode/utf8"
)

// lexer reads JSON values from one line of input. It is a strict, single
// pass reader for the compact form, whose schema is fixed: callers ask for
// the value they expect and get a typeError when the input holds another
// kind. It is several times faster than encoding/json's reflection for this
// job, which matters for the 4.6 MB shipped file.
type lexer struct {
	b       []byte
	i       int    // the next byte to read
	scratch []byte // for unescaping strings
}

var errEnd = errors.New("invalid JSON: unexpected end of input")

// typeError reports a value of the wrong kind. The caller names the field.
type typeError struct {
	got, want string
	index     int // the element of an array at fault, or -1
}

func (e *typeError) Error() string { return fmt.Sprintf("got JSON %s, want %s", e.got, e.want) }

// inField names the field of a typeError; other errors pass through.
func inField(err error, field string) error {
	te, ok := err.(*typeError)
	if !ok {
		return err
	}
	if te.index >= 0 {
		field += "[" + strconv.Itoa(te.index) + "]"
	}
	return &fieldError{field: field, err: &typeError{got: te.got, want: te.want, index: -1}}
}

// next skips white space and returns the next byte without consuming it, or
// 0 at the end of the line.
func (l *lexer) next() byte {
	for l.i < len(l.b) {
		switch c := l.b[l.i]; c {
		case ' ', '\t', '\n', '\r':
			l.i++
		default:
			return c
		}
	}
	return 0
}

// syntaxError reports the byte at l.i as unexpected; context says what was
// expected, as in "after object key".
func (l *lexer) syntaxError(context string) error {
	if l.i >= len(l.b) {
		return errEnd
	}
	r, _ := utf8.DecodeRune(l.b[l.i:])
	return fmt.Errorf("invalid JSON: invalid character %s %s", strconv.QuoteRune(r), context)
}

// mismatch returns a typeError for the value at l.i, or a syntax error if
// no value starts there.
func (l *lexer) mismatch(want string) error {
	got := ""
	switch c := l.next(); {
	case c == '"':
		got = "string"
	case c == '{':
		got = "object"
	case c == '[':
		got = "array"
	case c == '-' || '0' <= c && c <= '9':
		got = "number"
		if want == "an integer" {
			lit, err := l.number()
			if err != nil {
				return err
			}
			got += " " + string(lit)
		}
	case bytes.HasPrefix(l.b[l.i:], []byte("true")) || bytes.HasPrefix(l.b[l.i:], []byte("false")):
		got = "bool"
	default:
		return l.syntaxError("looking for beginning of value")
	}
	return &typeError{got: got, want: want, index: -1}
}

// null consumes a null literal if one is next and reports whether it did.
func (l *lexer) null() bool {
	if l.next() == 'n' && bytes.HasPrefix(l.b[l.i:], []byte("null")) {
		l.i += 4
		return true
	}
	return false
}

// object reads an object, calling field for each key with the lexer at the
// value, which field must consume. null is read as an empty object.
func (l *lexer) object(field func(key []byte) error) error {
	if l.null() {
		return nil
	}
	if l.next() != '{' {
		return l.mismatch("an object")
	}
	l.i++
	if l.next() == '}' {
		l.i++
		return nil
	}
	for {
		if l.next() != '"' {
			return l.syntaxError("looking for beginning of object key string")
		}
		key, err := l.stringBytes()
		if err != nil {
			return err
		}
		if l.next() != ':' {
			return l.syntaxError("after object key")
		}
		l.i++
		if err := field(key); err != nil {
			return err
		}
		switch l.next() {
		case ',':
			l.i++
		case '}':
			l.i++
			return nil
		default:
			return l.syntaxError("after object key:value pair")
		}
	}
}

// array reads an array, calling elem for each element with the lexer at it.
// null is read as an empty array.
func (l *lexer) array(elem func(i int) error) error {
	if l.null() {
		return nil
	}
	if l.next() != '[' {
		return l.mismatch("an array")
	}
	l.i++
	if l.next() == ']' {
		l.i++
		return nil
	}
	for i := 0; ; i++ {
		if err := elem(i); err != nil {
			return err
		}
		switch l.next() {
		case ',':
			l.i++
		case ']':
			l.i++
			return nil
		default:
			return l.syntaxError("after array element")
		}
	}
}

// string reads a string; null reads as "".
func (l *lexer) string() (string, error) {
	if l.null() {
		return "", nil
	}
	if l.next() != '"' {
		return "", l.mismatch("a string")
	}
	b, err := l.stringBytes()
	return string(b), err
}

// strings reads an array of strings; null reads as nil.
func (l *lexer) strings() ([]string, error) {
	var out []string
	err := l.array(func(i int) error {
		s, err := l.string()
		if te, ok := err.(*typeError); ok {
			te.index = i
		}
		out = append(out, s)
		return err
	})
	return out, err
}

// integer reads an integer; null reads as 0.
func (l *lexer) integer() (int, error) {
	if l.null() {
		return 0, nil
	}
	if c := l.next(); c != '-' && (c < '0' || c > '9') {
		return 0, l.mismatch("an integer")
	}
	start := l.i
	lit, err := l.number()
	if err != nil {
		return 0, err
	}
	n, err := strconv.Atoi(string(lit))
	if err != nil {
		l.i = start
		return 0, l.mismatch("an integer")
	}
	return n, nil
}

// number reads a number literal, checking its syntax.
func (l *lexer) number() ([]byte, error) {
	start := l.i
	b := l.b
	i := l.i
	digits := func() bool {
		j := i
		for i < len(b) && '0' <= b[i] && b[i] <= '9' {
			i++
		}
		return i > j
	}
	if i < len(b) && b[i] == '-' {
		i++
	}
	switch {
	case i < len(b) && b[i] == '0':
		i++
	case !digits():
		l.i = i
		return nil, l.syntaxError("in numeric literal")
	}
	if i < len(b) && b[i] == '.' {
		i++
		if !digits() {
			l.i = i
			return nil, l.syntaxError("after decimal point in numeric literal")
		}
	}
	if i < len(b) && (b[i] == 'e' || b[i] == 'E') {
		i++
		if i < len(b) && (b[i] == '+' || b[i] == '-') {
			i++
		}
		if !digits() {
			l.i = i
			return nil, l.syntaxError("in exponent of numeric literal")
		}
	}
	l.i = i
	return b[start:i], nil
}

// stringBytes reads a string literal at l.i and returns its value, valid
// until the next call. Invalid UTF-8 is an error.
func (l *lexer) stringBytes() ([]byte, error) {
	b := l.b
	start := l.i + 1
	ascii := true
	for j := start; j < len(b); j++ {
		switch c := b[j]; {
		case c == '"':
			l.i = j + 1
			if !ascii && !utf8.Valid(b[start:j]) {
				return nil, errors.New("invalid JSON: invalid UTF-8 in string")
			}
			return b[start:j], nil
		case c == '\\':
			return l.unescape(start, j)
		case c < 0x20:
			l.i = j
			return nil, l.syntaxError("in string literal")
		case c >= utf8.RuneSelf:
			ascii = false
		}
	}
	l.i = len(b)
	return nil, errEnd
}

// unescape reads the rest of a string that has an escape at b[j], having
// checked b[start:j].
func (l *lexer) unescape(start, j int) ([]byte, error) {
	b := l.b
	out := append(l.scratch[:0], b[start:j]...)
	for j < len(b) {
		c := b[j]
		switch {
		case c == '"':
			l.i = j + 1
			l.scratch = out
			if !utf8.Valid(out) {
				return nil, errors.New("invalid JSON: invalid UTF-8 in string")
			}
			return out, nil
		case c < 0x20:
			l.i = j
			return nil, l.syntaxError("in string literal")
		case c != '\\':
			out = append(out, c)
			j++
			continue
		}
		if j+1 >= len(b) {
			l.i = len(b)
			return nil, errEnd
		}
		j++
		switch e := b[j]; e {
		case '"', '\\', '/':
			out = append(out, e)
		case 'b':
			out = append(out, '\b')
		case 'f':
			out = append(out, '\f')
		case 'n':
			out = append(out, '\n')
		case 'r':
			out = append(out, '\r')
		case 't':
			out = append(out, '\t')
		case 'u':
			r, ok := hex4(b[j+1:])
			if !ok {
				l.i = min(j+1, len(b))
				return nil, l.syntaxError("in \\u hexadecimal character escape")
			}
			j += 4
			if utf16.IsSurrogate(r) {
				if len(b) > j+2 && b[j+1] == '\\' && b[j+2] == 'u' {
					if r2, ok := hex4(b[j+3:]); ok {
						if dec := utf16.DecodeRune(r, r2); dec != utf8.RuneError {
							r = dec
							j += 6
						}
					}
				}
				if utf16.IsSurrogate(r) {
					r = utf8.RuneError
				}
			}
			out = utf8.AppendRune(out, r)
		default:
			l.i = j
			return nil, l.syntaxError("in string escape code")
		}
		j++
	}
	l.i = len(b)
	return nil, errEnd
}

// hex4 decodes four hexadecimal digits at the start of b.
func hex4(b []byte) (rune, bool) {
	if len(b) < 4 {
		return 0, false
	}
	var r rune
	for _, c := range b[:4] {
		switch {
		case '0' <= c && c <= '9':
			c -= '0'
		case 'a' <= c && c <= 'f':
			c = c - 'a' + 10
		case 'A' <= c && c <= 'F':
			c = c - 'A' + 10
		default:
			return 0, false
		}
		r = r<<4 | rune(c)
	}
	return r, true
}
