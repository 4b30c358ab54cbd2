package desk

import (
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/setu-council/setu/internal/errs"
	"github.com/setu-council/setu/internal/registry"
)

// Bounds of a lead's texts.
const (
	MaxText      = 4000
	MaxShortText = 200
	MaxAmount    = 1_000_000_000_000_000 // in the currency's whole units
)

// Lead is an investment lead: an investor in the registry, what it plans
// and where, and who at the desk works it. The investor, segment, stage
// and origin country are public in aggregate only; everything else is
// confidential to the desk and the investor.
type Lead struct {
	ID            string `json:"id"`
	Investor      string `json:"investor"` // organisation id
	InvestorName  string `json:"investor_name,omitempty"`
	OriginCountry string `json:"origin_country"`
	// DestinationCountry is the country the investment goes to (ISO
	// 3166-1 alpha-2); empty when not recorded. The sovereignty view
	// counts leads by origin country for their destination country.
	DestinationCountry string   `json:"destination_country"`
	Segment            string   `json:"segment"`
	Layers             []string `json:"layers"`
	Amount             int64    `json:"amount"`   // planned, in whole units of Currency
	Currency           string   `json:"currency"` // ISO 4217
	Location           string   `json:"location"` // where the investor looks to build
	Officer            string   `json:"officer"`  // e-mail address of the desk officer in charge
	NextAction         string   `json:"next_action"`
	NextActionDue      string   `json:"next_action_due,omitempty"` // YYYY-MM-DD
	Notes              string   `json:"notes"`

	Stage      string    `json:"stage"`
	StageSince time.Time `json:"stage_since"`
	LostReason string    `json:"lost_reason,omitempty"`
	LostText   string    `json:"lost_text,omitempty"`
	CreatedAt  time.Time `json:"created_at"`
	UpdatedAt  time.Time `json:"updated_at"`

	History  []StageChange `json:"history,omitempty"`
	Barriers []Barrier     `json:"barriers,omitempty"`
}

// StageChange is one move of a lead into a stage: when, by whom, and,
// once the lead has moved on, how many days it stayed.
type StageChange struct {
	Stage      string     `json:"stage"`
	At         time.Time  `json:"at"`
	Actor      string     `json:"actor"`
	LostReason string     `json:"lost_reason,omitempty"`
	LostText   string     `json:"lost_text,omitempty"`
	LeftAt     *time.Time `json:"left_at,omitempty"`
	Days       *int       `json:"days,omitempty"`
}

// Normalize trims the lead's texts and upper-cases its codes.
func (l *Lead) Normalize() {
	l.Investor = strings.TrimSpace(l.Investor)
	l.OriginCountry = strings.ToUpper(strings.TrimSpace(l.OriginCountry))
	l.DestinationCountry = strings.ToUpper(strings.TrimSpace(l.DestinationCountry))
	l.Segment = strings.TrimSpace(l.Segment)
	l.Currency = strings.ToUpper(strings.TrimSpace(l.Currency))
	l.Location = strings.TrimSpace(l.Location)
	l.Officer = strings.TrimSpace(l.Officer)
	l.NextAction = strings.TrimSpace(l.NextAction)
	l.NextActionDue = strings.TrimSpace(l.NextActionDue)
	l.Notes = strings.TrimSpace(l.Notes)
	var layers []string
	for _, x := range l.Layers {
		if x = strings.TrimSpace(x); x != "" && !contains(layers, x) {
			layers = append(layers, x)
		}
	}
	l.Layers = layers
	if l.Layers == nil {
		l.Layers = []string{}
	}
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

// Check reports every problem with the lead's own fields, by field. It
// does not look at the stage, which only ChangeStage sets.
func (l *Lead) Check() error {
	var p errs.Problems
	if l.Investor == "" {
		p.Add("investor", "is required")
	}
	switch {
	case l.OriginCountry == "":
		p.Add("origin_country", "is required")
	case !registry.IsCountry(l.OriginCountry):
		p.Add("origin_country", "%q is not an ISO 3166-1 alpha-2 code", l.OriginCountry)
	}
	if l.DestinationCountry != "" && !registry.IsCountry(l.DestinationCountry) {
		p.Add("destination_country", "%q is not an ISO 3166-1 alpha-2 code", l.DestinationCountry)
	}
	switch {
	case l.Segment == "":
		p.Add("segment", "is required")
	case !hasCode(Segments, l.Segment):
		p.Add("segment", "%q is not one of %s", l.Segment, strings.Join(codes(Segments), ", "))
	}
	for i, x := range l.Layers {
		if !registry.IsLayer(x) {
			p.Add(fmt.Sprintf("layers[%d]", i), "%q is not an AI-stack layer (application, model, semiconductor, infrastructure, energy)", x)
		}
	}
	if l.Amount < 0 || l.Amount > MaxAmount {
		p.Add("amount", "must be between 0 and %d", int64(MaxAmount))
	}
	if l.Amount > 0 && !isCurrency(l.Currency) {
		p.Add("currency", "%q is not a three-letter ISO 4217 code", l.Currency)
	}
	if l.Amount == 0 && l.Currency != "" && !isCurrency(l.Currency) {
		p.Add("currency", "%q is not a three-letter ISO 4217 code", l.Currency)
	}
	checkText(&p, "location", l.Location, MaxShortText)
	checkText(&p, "next_action", l.NextAction, MaxText)
	checkText(&p, "notes", l.Notes, MaxText)
	if l.Officer != "" && !looksLikeEmail(l.Officer) {
		p.Add("officer", "%q is not an e-mail address", l.Officer)
	}
	if l.NextActionDue != "" {
		if _, err := time.Parse(time.DateOnly, l.NextActionDue); err != nil {
			p.Add("next_action_due", "%q is not a date (YYYY-MM-DD)", l.NextActionDue)
		}
		if l.NextAction == "" {
			p.Add("next_action", "is required when next_action_due is set")
		}
	}
	return p.Err("check lead")
}

func checkText(p *errs.Problems, field, s string, max int) {
	if n := utf8.RuneCountInString(s); n > max {
		p.Add(field, "has %d characters; at most %d are allowed", n, max)
	}
}

func isCurrency(c string) bool {
	if len(c) != 3 {
		return false
	}
	for _, r := range c {
		if r < 'A' || r > 'Z' {
			return false
		}
	}
	return true
}

func looksLikeEmail(s string) bool {
	at := strings.IndexByte(s, '@')
	return at > 0 && at < len(s)-1 && !strings.ContainsAny(s, " \t\r\n<>,;") && strings.Count(s, "@") == 1
}

// CheckStageChange reports what is wrong with moving a lead from stage
// from to stage to, with a lost reason and text when to is Lost.
func CheckStageChange(from, to, reason, text string) error {
	var p errs.Problems
	switch {
	case to == "":
		p.Add("stage", "is required")
	case StageIndex(to) < 0:
		p.Add("stage", "%q is not one of %s", to, strings.Join(codes(Stages), ", "))
	case to == from:
		p.Add("stage", "the lead is already %s", to)
	}
	if to == Lost {
		switch {
		case reason == "":
			p.Add("lost_reason", "is required when the lead is lost")
		case !hasCode(LostReasons, reason):
			p.Add("lost_reason", "%q is not one of %s", reason, strings.Join(codes(LostReasons), ", "))
		}
		if reason == "other" && strings.TrimSpace(text) == "" {
			p.Add("lost_text", "is required when the reason is other")
		}
	} else if reason != "" || text != "" {
		p.Add("lost_reason", "is for a lost lead only")
	}
	checkText(&p, "lost_text", text, MaxText)
	return p.Err("change stage")
}

// WholeDays is the number of whole days from a to b, never negative.
func WholeDays(a, b time.Time) int {
	d := int(b.Sub(a) / (24 * time.Hour))
	return max(d, 0)
}
