package iati

import (
	"bytes"
	"strconv"
	"strings"
	"time"
)

// parseDate parses an xsd:date, "YYYY-MM-DD" with an optional time zone,
// which it ignores, to midnight UTC. A malformed date that starts with a
// valid one (e.g. a date and time) gives that date and false.
func parseDate(s string) (time.Time, bool) {
	if len(s) < 10 {
		return time.Time{}, false
	}
	t, err := time.Parse(time.DateOnly, s[:10])
	if err != nil || t.Year() < 1 {
		return time.Time{}, false
	}
	switch rest := s[10:]; {
	case rest == "", rest == "Z":
		return t, true
	case len(rest) == 6 && (rest[0] == '+' || rest[0] == '-'):
		_, err := time.Parse("-07:00", rest)
		return t, err == nil
	}
	return t, false
}

// parseDateTime parses an xsd:dateTime; one without a time zone is taken as
// UTC. It returns the time in UTC.
func parseDateTime(s string) (time.Time, bool) {
	t, err := time.Parse(time.RFC3339, s) // accepts fractional seconds
	if err != nil {
		t, err = time.Parse("2006-01-02T15:04:05", s)
	}
	if err != nil {
		return time.Time{}, false
	}
	return t.UTC(), true
}

// indexed returns "name[i+1]", the XPath of the i-th element of a list.
func indexed(name string, i int) string {
	return name + "[" + strconv.Itoa(i+1) + "]"
}

// trim removes surrounding XML white space.
func trim(s string) string {
	return strings.Trim(s, " \t\r\n")
}

// trimBytes removes surrounding XML white space.
func trimBytes(b []byte) []byte {
	return bytes.Trim(b, " \t\r\n")
}
