package store

import (
	"fmt"

	"github.com/setu-council/setu/internal/placement"
	"github.com/setu-council/setu/internal/registry"
)

// why turns the engine's reason into a stored one, with plain words.
func (ri *roundInput) why(x placement.Reason) Why {
	p := ri.positions[x.Position]
	w := Why{Position: p.ID, Title: p.Title, Reason: string(x.Kind)}
	name := positionName(p)
	switch x.Kind {
	case placement.NotAcceptable:
		w.Text = fmt.Sprintf("%s: its host did not rank you.", name)
		return w
	}
	w.Rank, w.Kept, w.LastKept, w.Tie = x.Rank, x.Kept, x.LastKept, x.Tie
	tie := ""
	if x.Tie {
		tie = fmt.Sprintf(" You were tied with the last one it kept; the round's lottery (seed %d) placed you below.", ri.round.Seed)
	}
	switch x.Kind {
	case placement.Full:
		w.Text = fmt.Sprintf("%s: all %s went to applicants its host ranked higher than you (you were ranked %s, the last one it took %s).%s",
			name, plural(x.Kept, "seat"), ordinal(x.Rank), ordinal(x.LastKept), tie)
	case placement.RegionFull:
		w.Country = ri.inst.Regions[x.Region].ID
		w.Text = fmt.Sprintf("%s: it had a free seat, but %s's cap of %s was reached by applicants ranked higher by their hosts (you were ranked %s).%s",
			name, registry.CountryName(w.Country), plural(int32(ri.inst.Regions[x.Region].Cap), "placement"), ordinal(x.Rank), tie)
	default:
		w.Text = fmt.Sprintf("%s: no reason found; the result failed its verification here.", name)
	}
	return w
}

// hostWhy turns the engine's host reason into a stored one.
func (ri *roundInput) hostWhy(x placement.HostReason) HostWhy {
	w := HostWhy{Person: ri.people[x.Applicant], Rank: x.Rank, Reason: string(x.Kind)}
	if x.PlacedAt >= 0 {
		w.PlacedAt = ri.positions[x.PlacedAt].ID
	}
	switch x.Kind {
	case placement.Declined:
		w.Text = fmt.Sprintf("Your %s-ranked applicant did not rank this position.", ordinal(x.Rank))
	case placement.Preferred:
		w.Text = fmt.Sprintf("Your %s-ranked applicant is placed at a position they ranked higher.", ordinal(x.Rank))
	case placement.HostRegionFull:
		w.Text = fmt.Sprintf("Your %s-ranked applicant wanted this position, but the country's cap was reached.", ordinal(x.Rank))
	default:
		w.Text = fmt.Sprintf("Your %s-ranked applicant: no reason found; the result failed its verification here.", ordinal(x.Rank))
	}
	return w
}

func positionName(p *Position) string {
	s := p.Title
	if p.HostName != "" {
		s += " at " + p.HostName
	}
	if p.City != "" {
		s += ", " + p.City
	}
	return s
}

// ordinal writes 1 as "1st", 2 as "2nd" and so on.
func ordinal(n int32) string {
	suffix := "th"
	switch {
	case n%100 >= 11 && n%100 <= 13:
	case n%10 == 1:
		suffix = "st"
	case n%10 == 2:
		suffix = "nd"
	case n%10 == 3:
		suffix = "rd"
	}
	return fmt.Sprintf("%d%s", n, suffix)
}

// plural writes n and noun, with an s unless n is 1.
func plural(n int32, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
