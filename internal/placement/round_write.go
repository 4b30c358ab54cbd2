package placement

import (
	"bufio"
	"io"
	"strconv"
)

// WriteRound writes an instance as ROUND.json, which ReadRound reads back
// to the same instance: tie groups as inner arrays, each position's
// region and target, each region's order, the master orders and, when the
// instance has a lottery, its seed. The instance must be valid.
func WriteRound(w io.Writer, in *Instance) error {
	rw := &resultWriter{w: bufio.NewWriterSize(w, 1<<16)}
	region := make([]int32, len(in.Positions))
	for p := range region {
		region[p] = -1
	}
	for r, reg := range in.Regions {
		for _, p := range reg.Positions {
			region[p] = int32(r)
		}
	}
	rw.raw("{\"applicants\": [")
	for a := range in.Applicants {
		x := &in.Applicants[a]
		rw.comma(a).raw("\n  {\"id\": ").str(x.ID).raw(", \"prefs\": ")
		rw.prefs(x.Prefs, x.Tied, func(i int32) string { return in.Positions[i].ID })
		rw.raw("}")
	}
	rw.raw("],\n\"positions\": [")
	for p := range in.Positions {
		x := &in.Positions[p]
		rw.comma(p).raw("\n  {\"id\": ").str(x.ID).raw(", \"capacity\": ").int(x.Capacity)
		if r := region[p]; r >= 0 {
			rw.raw(", \"region\": ").str(in.Regions[r].ID)
			if x.Target != 0 {
				rw.raw(", \"target\": ").int(x.Target)
			}
		}
		rw.raw(", \"prefs\": ")
		rw.prefs(x.Prefs, x.Tied, func(i int32) string { return in.Applicants[i].ID })
		rw.raw("}")
	}
	rw.raw("]")
	if len(in.Regions) > 0 {
		rw.raw(",\n\"regions\": [")
		for r, reg := range in.Regions {
			rw.comma(r).raw("\n  {\"id\": ").str(reg.ID).raw(", \"cap\": ").int(reg.Cap).raw(", \"order\": ")
			rw.ids(reg.Positions, func(i int32) string { return in.Positions[i].ID })
			rw.raw("}")
		}
		rw.raw("]")
	}
	if len(in.ApplicantOrder) > 0 || len(in.PositionOrder) > 0 {
		rw.raw(",\n\"tiebreak\": {\"applicants\": ")
		rw.ids(in.ApplicantOrder, func(i int32) string { return in.Applicants[i].ID })
		rw.raw(",\n  \"positions\": ")
		rw.ids(in.PositionOrder, func(i int32) string { return in.Positions[i].ID })
		rw.raw("}")
	}
	if in.Lottery {
		rw.raw(",\n\"seed\": ").raw(strconv.FormatUint(in.Seed, 10))
	}
	rw.raw("}\n")
	if rw.err != nil {
		return rw.err
	}
	return rw.w.Flush()
}

func (rw *resultWriter) comma(i int) *resultWriter {
	if i > 0 {
		rw.raw(",")
	}
	return rw
}

func (rw *resultWriter) ids(list []int32, id func(int32) string) {
	rw.raw("[")
	for i, x := range list {
		rw.comma(i).str(id(x))
	}
	rw.raw("]")
}

// prefs writes a preference list, tie groups as inner arrays.
func (rw *resultWriter) prefs(list []int32, tied []bool, id func(int32) string) {
	rw.raw("[")
	for i := 0; i < len(list); {
		end := i + 1
		for tied != nil && end < len(list) && tied[end] {
			end++
		}
		rw.comma(i)
		if end-i == 1 {
			rw.str(id(list[i]))
		} else {
			rw.ids(list[i:end], id)
		}
		i = end
	}
	rw.raw("]")
}
