package orgfile

import (
	"errors"
	"fmt"
	"strings"
)

// Lists in a CSV cell. A cell holds items separated by "; "; an item holds
// fields separated by "|". A backslash makes the next character literal, so
// a value may hold "\", ";", "|" or a leading space as "\\", "\;", "\|",
// "\ ". One space after a ";" is part of the separator. An empty cell is an
// empty list.
//
//	layers        model; semiconductor
//	other_names   東京大学|label|ja; UTokyo|acronym
//	capabilities  offer|model|healthcare|Clinical NLP for Japanese\; on-premise

// joinItems encodes items, each a list of fields.
func joinItems(items [][]string) string {
	var b strings.Builder
	for i, fields := range items {
		if i > 0 {
			b.WriteString("; ")
		}
		for j, f := range fields {
			if j > 0 {
				b.WriteByte('|')
			}
			for k := 0; k < len(f); k++ {
				c := f[k]
				if c == '\\' || c == ';' || c == '|' || (c == ' ' && k == 0) {
					b.WriteByte('\\')
				}
				b.WriteByte(c)
			}
		}
	}
	return b.String()
}

// splitItems decodes a cell that joinItems wrote.
func splitItems(s string) ([][]string, error) {
	if s == "" {
		return nil, nil
	}
	var (
		items  [][]string
		fields []string
		b      strings.Builder
	)
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '\\':
			if i+1 == len(s) {
				return nil, errors.New(`ends with a lone "\"; write "\\" for a backslash`)
			}
			i++
			b.WriteByte(s[i])
		case '|':
			fields = append(fields, b.String())
			b.Reset()
		case ';':
			items = append(items, append(fields, b.String()))
			fields = nil
			b.Reset()
			if i+1 < len(s) && s[i+1] == ' ' {
				i++
			}
		default:
			b.WriteByte(c)
		}
	}
	return append(items, append(fields, b.String())), nil
}

// joinList encodes a list of single values.
func joinList(l []string) string {
	items := make([][]string, len(l))
	for i, v := range l {
		items[i] = []string{v}
	}
	return joinItems(items)
}

// splitList decodes a list of single values.
func splitList(s string) ([]string, error) {
	items, err := splitFields(s, 1, 1)
	if err != nil {
		return nil, err
	}
	l := make([]string, len(items))
	for i, it := range items {
		l[i] = it[0]
	}
	return l, nil
}

// splitFields decodes items of min to max fields each.
func splitFields(s string, min, max int) ([][]string, error) {
	items, err := splitItems(s)
	if err != nil {
		return nil, err
	}
	for i, it := range items {
		if len(it) < min || len(it) > max {
			want := fmt.Sprint(min)
			if max > min {
				want = fmt.Sprintf("%d to %d", min, max)
			}
			return nil, fmt.Errorf("item %d has %d fields separated by \"|\", want %s (escape a literal | ; or \\ with \\)", i+1, len(it), want)
		}
	}
	return items, nil
}
