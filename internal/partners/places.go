package partners

import "slices"

// asean are the member states of ASEAN.
var asean = []string{"BN", "ID", "KH", "LA", "MM", "MY", "PH", "SG", "TH", "VN"}

// eastAsia are the countries "East Asian" names.
var eastAsia = []string{"CN", "JP", "KR", "MN", "TW"}

// placeWords maps a folded word to the countries it names: the council's
// partners and their neighbours by name and adjective, Penang (a byword
// for Malaysian chip packaging), and ASEAN.
var placeWords = map[string][]string{
	"india": {"IN"}, "indian": {"IN"},
	"japan": {"JP"}, "japanese": {"JP"},
	"korea": {"KR"}, "korean": {"KR"},
	"taiwan": {"TW"}, "taiwanese": {"TW"},
	"singapore": {"SG"}, "singaporean": {"SG"},
	"malaysia": {"MY"}, "malaysian": {"MY"}, "penang": {"MY"},
	"thailand": {"TH"}, "thai": {"TH"},
	"vietnam": {"VN"}, "vietnamese": {"VN"},
	"indonesia": {"ID"}, "indonesian": {"ID"},
	"philippines": {"PH"}, "philippine": {"PH"}, "filipino": {"PH"},
	"cambodia": {"KH"}, "cambodian": {"KH"},
	"laos": {"LA"}, "lao": {"LA"},
	"myanmar": {"MM"},
	"brunei":  {"BN"},
	"china":   {"CN"}, "chinese": {"CN"},
	"bangladesh": {"BD"}, "nepal": {"NP"}, "mongolia": {"MN"},
	"asean": asean,
}

// placeReader collects the countries named in a stream of tokens (as
// fulltext.Tokens cuts them). "South-East Asia" names ASEAN, "East Asian"
// names East Asia, and a place right after "outside", "except" or "beyond"
// is excluded rather than named, so it does not count.
type placeReader struct {
	prev, prev2 string // the last two tokens, if they matter here
	places      []string
}

func (p *placeReader) read(tok []byte) {
	if p.prev != "outside" && p.prev != "except" && p.prev != "beyond" {
		asia := string(tok) == "asia" || string(tok) == "asian"
		var cs []string
		switch {
		case asia && (p.prev == "southeast" || p.prev == "east" && p.prev2 == "south"):
			cs = asean
		case asia && p.prev == "east":
			cs = eastAsia
		case string(tok) == "lanka" && p.prev == "sri":
			cs = []string{"LK"}
		default:
			cs = placeWords[string(tok)]
		}
		for _, c := range cs {
			if !slices.Contains(p.places, c) {
				p.places = append(p.places, c)
			}
		}
	}
	p.prev2, p.prev = p.prev, marker(tok)
}

// marker returns tok if placeReader must remember it, else "".
func marker(tok []byte) string {
	switch string(tok) {
	case "south":
		return "south"
	case "east":
		return "east"
	case "southeast":
		return "southeast"
	case "sri":
		return "sri"
	case "outside":
		return "outside"
	case "except":
		return "except"
	case "beyond":
		return "beyond"
	}
	return ""
}

// names reports whether places holds country.
func names(places []string, country string) bool {
	if country == "" {
		return false
	}
	_, ok := slices.BinarySearch(places, country)
	return ok
}
