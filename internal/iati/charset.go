package iati

import (
	"bufio"
	"fmt"
	"io"
	"strings"
)

// charsetReader lets the decoder read the encodings other than UTF-8 that
// IATI files declare in practice and the standard library can read without
// tables: ISO-8859-1 and US-ASCII.
func charsetReader(charset string, in io.Reader) (io.Reader, error) {
	switch strings.ToLower(charset) {
	case "iso-8859-1", "iso8859-1", "latin1", "latin-1", "l1":
		return &latin1Reader{r: bufio.NewReader(in)}, nil
	case "us-ascii", "ascii":
		return in, nil // a subset of UTF-8; other bytes fail as invalid UTF-8
	}
	return nil, fmt.Errorf("encoding %q is not supported: use UTF-8", charset)
}

// latin1Reader converts ISO-8859-1 to UTF-8.
type latin1Reader struct {
	r    *bufio.Reader
	next byte // the second byte of a two-byte rune, if not 0
}

func (l *latin1Reader) Read(p []byte) (int, error) {
	n := 0
	for n < len(p) {
		if l.next != 0 {
			p[n], l.next = l.next, 0
			n++
			continue
		}
		if n > 0 && l.r.Buffered() == 0 {
			break // return what we have rather than wait for more input
		}
		c, err := l.r.ReadByte()
		if err != nil {
			if n > 0 {
				return n, nil
			}
			return 0, err
		}
		if c < 0x80 {
			p[n] = c
		} else {
			p[n], l.next = 0xC0|c>>6, 0x80|c&0x3F
		}
		n++
	}
	return n, nil
}
