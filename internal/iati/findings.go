package iati

import (
	"fmt"
	"strconv"
	"strings"
)

// Severity says how much a finding matters.
type Severity int

// The severities, from least to most serious.
const (
	// Warning: the activity is usable but departs from IATI's rules or
	// recommendations, e.g. a code that is not in an optional codelist.
	Warning Severity = iota + 1
	// Error: part of the activity is wrong or missing, e.g. an unknown
	// currency or a date that is not a date; the file would not validate or
	// the value cannot be trusted.
	Error
	// Critical: the activity cannot be used at all, e.g. it has no
	// iati-identifier or repeats one.
	Critical
)

// String returns "warning", "error" or "critical".
func (s Severity) String() string {
	switch s {
	case Warning:
		return "warning"
	case Error:
		return "error"
	case Critical:
		return "critical"
	}
	return "severity(" + strconv.Itoa(int(s)) + ")"
}

// Finding is a problem found in an activity: where it is, how serious, and
// what is wrong.
type Finding struct {
	Name     string   // the input's name, as given to NewReader; "" from Check
	Line     int      // 1-based line of the element's start tag; 0 if unknown
	Element  string   // the element below iati-activity, e.g. "transaction[2]/value"
	Severity Severity //
	Message  string   // what is wrong, naming the attribute if one is at fault
}

// String returns "NAME:LINE: element <ELEMENT>: SEVERITY: MESSAGE", leaving
// out the name and line when they are unknown.
func (f Finding) String() string {
	var b strings.Builder
	if f.Name != "" {
		b.WriteString(f.Name)
		b.WriteByte(':')
	}
	if f.Line > 0 {
		b.WriteString(strconv.Itoa(f.Line))
		b.WriteByte(':')
	}
	if b.Len() > 0 {
		b.WriteByte(' ')
	}
	b.WriteString("element <")
	b.WriteString(f.Element)
	b.WriteString(">: ")
	b.WriteString(f.Severity.String())
	b.WriteString(": ")
	b.WriteString(f.Message)
	return b.String()
}

// Worst returns the highest severity among findings, or 0 if there are none.
func Worst(findings []Finding) Severity {
	var worst Severity
	for _, f := range findings {
		worst = max(worst, f.Severity)
	}
	return worst
}

// findingList collects findings about one activity.
type findingList struct {
	name string
	list []Finding
	// malformed names the element/@attribute values that convert reported
	// as malformed, so that the checks do not report them again as missing.
	malformed map[string]bool
}

func (f *findingList) add(sev Severity, line int, element, format string, args ...any) {
	msg := format
	if len(args) > 0 {
		msg = fmt.Sprintf(format, args...)
	}
	f.list = append(f.list, Finding{Name: f.name, Line: line, Element: element, Severity: sev, Message: msg})
}

// bad records a malformed value of element/@attr.
func (f *findingList) bad(line int, element, attr, value, want string) {
	f.add(Error, line, element, "@%s %q is not %s", attr, value, want)
	if f.malformed == nil {
		f.malformed = make(map[string]bool)
	}
	f.malformed[element+"/@"+attr] = true
}

// isMalformed reports whether element/@attr was reported as malformed.
func (f *findingList) isMalformed(element, attr string) bool {
	return f.malformed[element+"/@"+attr]
}
