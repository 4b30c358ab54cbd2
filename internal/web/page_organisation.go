package web

import (
	"net/http"
	"strings"

	"github.com/setu-council/setu/internal/registry"
)

// organisationView is the data of an organisation's page.
type organisationView struct {
	layout
	Org           *registry.Organisation
	Vocab         registry.Vocabulary
	Labels        []registry.Name // names in other languages or scripts
	Aliases       []registry.Name // aliases and acronyms
	ExternalIDs   []externalID
	Offers, Needs capabilityList
	Relations     []relationGroup
	SourceName    string
	SourceURL     string         // the record at its source, if it is a web address
	History       []historyEntry // the audit trail, for the secretariat only
}

// capabilityList is what an organisation offers, or needs.
type capabilityList struct {
	Items []registry.Capability
	Vocab registry.Vocabulary
}

// externalID is an id in another register, linked when the register has
// a page for it.
type externalID struct{ Scheme, Value, URL string }

// relationGroup is the relationships of one type, e.g. every child.
type relationGroup struct {
	Title string
	Items []relation
}

// relation is one relationship, linked to the other organisation's page
// when it is in the registry and to its register's page otherwise.
type relation struct {
	Name     string // the other organisation's name, if it is in the registry
	ID       string // an id in another register, e.g. "ROR 0059vr703"
	URL      string
	External bool
}

// relationTitles names the relationship types, in the order shown.
var relationTitles = []struct{ Type, Title string }{
	{"parent", "Parent organisations"},
	{"child", "Child organisations"},
	{"related", "Related organisations"},
	{"predecessor", "Predecessors"},
	{"successor", "Successors"},
}

// sourceNames names the sources of records.
var sourceNames = map[string]string{
	"ror":         "Research Organization Registry (ROR)",
	"setu-sample": "Setu sample data",
	"setu":        "Entered in Setu",
}

// organisationPage serves GET /organisations/{id}.
func (s *Server) organisationPage(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	o, err := s.store.Organisation(ctx, r.PathValue("id"))
	if err != nil {
		return err
	}
	vocab, err := s.store.Vocabulary(ctx)
	if err != nil {
		return err
	}
	v := organisationView{layout: layout{Title: o.Name}, Org: o, Vocab: vocab, SourceName: o.Provenance.Source,
		Offers: capabilityList{Vocab: vocab}, Needs: capabilityList{Vocab: vocab}}
	for _, n := range o.OtherNames {
		if n.Type == registry.NameLabel {
			v.Labels = append(v.Labels, n)
		} else {
			v.Aliases = append(v.Aliases, n)
		}
	}
	for _, x := range o.ExternalIDs {
		v.ExternalIDs = append(v.ExternalIDs, externalID{Scheme: schemeLabel(x.Scheme), Value: x.Value, URL: externalURL(x.Scheme, x.Value)})
	}
	for _, c := range o.Capabilities {
		if c.Direction == registry.Offer {
			v.Offers.Items = append(v.Offers.Items, c)
		} else {
			v.Needs.Items = append(v.Needs.Items, c)
		}
	}
	for _, rt := range relationTitles {
		g := relationGroup{Title: rt.Title}
		for _, rel := range o.Relationships {
			if rel.Type == rt.Type {
				g.Items = append(g.Items, relationOf(rel))
			}
		}
		if len(g.Items) > 0 {
			v.Relations = append(v.Relations, g)
		}
	}
	if n, ok := sourceNames[o.Provenance.Source]; ok {
		v.SourceName = n
	}
	if strings.HasPrefix(o.Provenance.SourceID, "https://") {
		v.SourceURL = o.Provenance.SourceID
	}
	if v.History, err = s.organisationHistory(r, o.ID); err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "organisation", &v)
}

// relationOf links a relationship to the registry's page for the other
// organisation, or to its register's page.
func relationOf(r registry.Relationship) relation {
	if r.TargetID != "" {
		return relation{Name: r.TargetName, URL: "/organisations/" + r.TargetID}
	}
	return relation{ID: schemeLabel(r.TargetScheme) + " " + r.TargetValue, URL: externalURL(r.TargetScheme, r.TargetValue), External: true}
}

// schemeLabel names an external id scheme: "ror" -> "ROR".
func schemeLabel(scheme string) string {
	if scheme == registry.SchemeROR {
		return "ROR"
	}
	return scheme
}

// externalURL returns the web page of an id in another register, or "".
func externalURL(scheme, value string) string {
	if scheme == registry.SchemeROR {
		return "https://ror.org/" + value
	}
	return ""
}
