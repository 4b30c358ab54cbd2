package placement

import (
	"bufio"
	"io"
	"strconv"
	"time"
	"unicode/utf8"
)

// Timings are the durations RESULT.json reports, in milliseconds.
type Timings struct {
	Read, Compile, Match, Verify time.Duration
}

// WriteResult writes RESULT.json for the instance and its result:
// assignments (applicant id to position id, in applicant order), every
// unassigned applicant, the seed, how ties were broken, the SHA-256 of the
// input, the verdict, counts, the explanations for applicants and hosts,
// and the timings, the last of which, "write", covers the writing up to
// it.
func WriteResult(w io.Writer, in *Instance, res *Result, inputSHA256 string, t Timings) error {
	start := time.Now()
	rw := &resultWriter{w: bufio.NewWriterSize(w, 1<<16)}
	rw.qa = quoteIDs(len(in.Applicants), func(i int) string { return in.Applicants[i].ID })
	rw.qp = quoteIDs(len(in.Positions), func(i int) string { return in.Positions[i].ID })
	rw.raw("{\n\"assignments\": {")
	first := true
	for a, p := range res.Assignment {
		if p < 0 {
			continue
		}
		rw.sep(&first, "\n  ")
		rw.id(rw.qa, int32(a)).raw(": ").id(rw.qp, p)
	}
	rw.end(first, "}")
	rw.raw(",\n\"unassigned\": [")
	first = true
	for a, p := range res.Assignment {
		if p < 0 {
			rw.sep(&first, "\n  ")
			rw.id(rw.qa, int32(a))
		}
	}
	rw.end(first, "]")
	rw.raw(",\n\"seed\": ")
	if res.Lottery {
		rw.raw(strconv.FormatUint(res.Seed, 10))
	} else {
		rw.raw("null")
	}
	rw.raw(",\n\"ties\": {\"applicants\": ").str(string(res.ApplicantTies))
	rw.raw(", \"positions\": ").str(string(res.PositionTies)).raw("}")
	rw.raw(",\n\"input_sha256\": ").str(inputSHA256)
	rw.verdict(in, res.Verdict)
	assigned := 0
	for _, p := range res.Assignment {
		if p >= 0 {
			assigned++
		}
	}
	rw.raw(",\n\"stats\": {\"applicants\": ").int(len(in.Applicants))
	rw.raw(", \"positions\": ").int(len(in.Positions))
	rw.raw(", \"regions\": ").int(len(in.Regions))
	rw.raw(", \"assigned\": ").int(assigned)
	rw.raw(", \"proposals\": ").int(int(res.Proposals)).raw("}")
	rw.explanations(in, res)
	rw.raw(",\n\"timings_ms\": {\"read\": ").ms(t.Read)
	rw.raw(", \"compile\": ").ms(t.Compile)
	rw.raw(", \"match\": ").ms(t.Match)
	rw.raw(", \"verify\": ").ms(t.Verify)
	rw.raw(", \"write\": ").ms(time.Since(start)).raw("}\n}\n")
	if rw.err != nil {
		return rw.err
	}
	return rw.w.Flush()
}

func (rw *resultWriter) verdict(in *Instance, v Verdict) {
	rw.raw(",\n\"verdict\": {\"ok\": ").raw(strconv.FormatBool(v.OK)).raw(", \"violations\": [")
	first := true
	for _, x := range v.Violations {
		rw.sep(&first, "\n  ")
		rw.raw("{\"kind\": ").str(string(x.Kind))
		if x.Applicant >= 0 {
			rw.raw(", \"applicant\": ").id(rw.qa, x.Applicant)
		}
		if x.Position >= 0 && int(x.Position) < len(in.Positions) {
			rw.raw(", \"position\": ").id(rw.qp, x.Position)
		}
		if x.Other >= 0 {
			rw.raw(", \"other\": ").id(rw.qa, x.Other)
		}
		if x.Region >= 0 {
			rw.raw(", \"region\": ").str(in.Regions[x.Region].ID)
		}
		rw.raw(", \"message\": ").str(x.Message(in)).raw("}")
	}
	rw.end(first, "]")
	rw.raw("}")
}

func (rw *resultWriter) explanations(in *Instance, res *Result) {
	rw.raw(",\n\"explanations\": {\n \"applicants\": {")
	first := true
	var why []Reason
	for a := range in.Applicants {
		why = res.explainApplicant(why[:0], int32(a))
		if len(why) == 0 {
			continue
		}
		rw.sep(&first, "\n  ")
		rw.id(rw.qa, int32(a)).raw(": [")
		for i, r := range why {
			if i > 0 {
				rw.raw(", ")
			}
			rw.raw("{\"position\": ").id(rw.qp, r.Position).raw(", \"reason\": \"").raw(string(r.Kind)).raw("\"")
			if r.Kind != NotAcceptable {
				rw.raw(", \"rank\": ").int(int(r.Rank)).raw(", \"kept\": ").int(int(r.Kept)).raw(", \"last_kept_rank\": ").int(int(r.LastKept))
			}
			if r.Tie {
				rw.raw(", \"tie\": true")
			}
			if r.Kind == RegionFull {
				rw.raw(", \"region\": ").str(in.Regions[r.Region].ID)
			}
			rw.raw("}")
		}
		rw.raw("]")
	}
	rw.end(first, " }")
	rw.raw(",\n \"hosts\": {")
	first = true
	var host []HostReason
	for p := range in.Positions {
		host = res.explainHost(host[:0], int32(p))
		why := host
		if len(why) == 0 {
			continue
		}
		rw.sep(&first, "\n  ")
		rw.id(rw.qp, int32(p)).raw(": [")
		for i, r := range why {
			if i > 0 {
				rw.raw(", ")
			}
			rw.raw("{\"applicant\": ").id(rw.qa, r.Applicant).raw(", \"rank\": ").int(int(r.Rank))
			rw.raw(", \"reason\": \"").raw(string(r.Kind)).raw("\"")
			if r.PlacedAt >= 0 {
				rw.raw(", \"placed_at\": ").id(rw.qp, r.PlacedAt)
			}
			rw.raw("}")
		}
		rw.raw("]")
	}
	rw.end(first, " }")
	rw.raw("\n}")
}

// resultWriter writes JSON by hand, streaming, so that a round of a
// million applicants is written without building it in memory.
type resultWriter struct {
	w      *bufio.Writer
	buf    []byte
	err    error
	qa, qp quoted // the ids of applicants and positions as JSON strings
}

// quoted holds many ids written as JSON strings, the i-th at
// buf[off[i]:off[i+1]], so that an id written a dozen times is escaped
// once.
type quoted struct {
	buf []byte
	off []int32
}

func quoteIDs(n int, id func(int) string) quoted {
	q := quoted{off: make([]int32, n+1)}
	for i := range n {
		q.buf = appendJSONString(q.buf, id(i))
		q.off[i+1] = int32(len(q.buf))
	}
	return q
}

func (rw *resultWriter) id(q quoted, i int32) *resultWriter {
	if rw.err == nil {
		_, rw.err = rw.w.Write(q.buf[q.off[i]:q.off[i+1]])
	}
	return rw
}

func (rw *resultWriter) raw(s string) *resultWriter {
	if rw.err == nil {
		_, rw.err = rw.w.WriteString(s)
	}
	return rw
}

func (rw *resultWriter) int(n int) *resultWriter {
	rw.buf = strconv.AppendInt(rw.buf[:0], int64(n), 10)
	if rw.err == nil {
		_, rw.err = rw.w.Write(rw.buf)
	}
	return rw
}

func (rw *resultWriter) ms(d time.Duration) *resultWriter {
	rw.buf = strconv.AppendFloat(rw.buf[:0], float64(d.Microseconds())/1000, 'f', 3, 64)
	if rw.err == nil {
		_, rw.err = rw.w.Write(rw.buf)
	}
	return rw
}

// sep writes a comma before every item but the first, then indent.
func (rw *resultWriter) sep(first *bool, indent string) {
	if !*first {
		rw.raw(",")
	}
	*first = false
	rw.raw(indent)
}

// end closes a list or object, on its own line when it has items.
func (rw *resultWriter) end(empty bool, close string) {
	if !empty {
		rw.raw("\n")
	}
	rw.raw(close)
}

func (rw *resultWriter) str(s string) *resultWriter {
	rw.buf = appendJSONString(rw.buf[:0], s)
	if rw.err == nil {
		_, rw.err = rw.w.Write(rw.buf)
	}
	return rw
}

// appendJSONString appends s as a JSON string: quotes, backslashes and
// control characters escaped, U+2028 and U+2029 escaped as encoding/json
// does, invalid UTF-8 replaced by U+FFFD.
func appendJSONString(b []byte, s string) []byte {
	const hex = "0123456789abcdef"
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xf])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 || r == '\u2028' || r == '\u2029' {
			b = append(b, s[start:i]...)
			switch r {
			case utf8.RuneError:
				b = append(b, `\ufffd`...)
			case '\u2028':
				b = append(b, `\u2028`...)
			default:
				b = append(b, `\u2029`...)
			}
			i += size
			start = i
			continue
		}
		i += size
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}
