package iati

import (
	"bytes"
	"embed"
	"encoding/xml"
	"fmt"
	"path"
	"strings"
	"sync"
)

// CodelistsVersion names the versions of the embedded codelists (see
// codelists/SOURCE.md). Store it with data checked against them.
const CodelistsVersion = "IATI-Codelists version-2.03@75e827b (2024-03-11); IATI-Codelists-NonEmbedded@7aeece7 (2026-06-22)"

//go:embed codelists/*.xml
var codelistFiles embed.FS

// code is one item of a codelist.
type code struct {
	name      string // English name
	withdrawn bool   // status="withdrawn": no longer to be used
}

// codelists maps a codelist's name, e.g. "Currency", to its codes. It is
// parsed from the embedded files on first use.
var codelists = sync.OnceValue(func() map[string]map[string]code {
	lists, err := parseCodelists()
	if err != nil {
		panic("iati: embedded codelists: " + err.Error()) // a broken build
	}
	return lists
})

// parseCodelists reads every embedded codelist file.
func parseCodelists() (map[string]map[string]code, error) {
	entries, err := codelistFiles.ReadDir("codelists")
	if err != nil {
		return nil, err
	}
	lists := make(map[string]map[string]code, len(entries))
	for _, e := range entries {
		b, err := codelistFiles.ReadFile(path.Join("codelists", e.Name()))
		if err != nil {
			return nil, err
		}
		var cl struct {
			Name  string `xml:"name,attr"`
			Items []struct {
				Code   string `xml:"code"`
				Status string `xml:"status,attr"`
				Names  []struct {
					Lang string `xml:"http://www.w3.org/XML/1998/namespace lang,attr"`
					Text string `xml:",chardata"`
				} `xml:"name>narrative"`
			} `xml:"codelist-items>codelist-item"`
		}
		if err := xml.NewDecoder(bytes.NewReader(b)).Decode(&cl); err != nil {
			return nil, fmt.Errorf("%s: %w", e.Name(), err)
		}
		if cl.Name == "" || len(cl.Items) == 0 {
			return nil, fmt.Errorf("%s: no name or no items", e.Name())
		}
		codes := make(map[string]code, len(cl.Items))
		for _, it := range cl.Items {
			c := code{withdrawn: it.Status == "withdrawn"}
			for _, n := range it.Names {
				if n.Lang == "" || n.Lang == "en" {
					c.name = strings.TrimSpace(n.Text)
					break
				}
			}
			codes[strings.TrimSpace(it.Code)] = c
		}
		lists[cl.Name] = codes
	}
	return lists, nil
}

// lookup reports whether c is in the named codelist and whether it has been
// withdrawn. It panics if the list is not embedded: a programming error.
func lookup(list, c string) (known, withdrawn bool) {
	codes, ok := codelists()[list]
	if !ok {
		panic("iati: codelist " + list + " is not embedded")
	}
	it, ok := codes[c]
	return ok, it.withdrawn
}

// CodeName returns the English name of a code in the named codelist, e.g.
// CodeName("ActivityStatus", "2") is "Implementation", and whether the list
// has the code. Lists: ActivityDateType, ActivityStatus, BudgetStatus,
// BudgetType, Country, Currency, DocumentCategory, IndicatorMeasure,
// OrganisationRole, OrganisationType, RelatedActivityType, ResultType,
// Sector, SectorCategory, SectorVocabulary, TransactionType, Version.
func CodeName(list, c string) (string, bool) {
	it, ok := codelists()[list][c]
	return it.name, ok
}
