package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/setu-council/setu/internal/store"
)

// maxPage is the highest page number a list accepts, as the store does.
const maxPage = 100000

// paging reads the page and per_page parameters: page 1 and the store's
// default page size unless given.
func (q *queryParams) paging() (page, perPage int) {
	page = q.integer("page", 1, 1, maxPage)
	perPage = q.integer("per_page", store.DefaultPerPage, 1, store.MaxPerPage)
	return page, perPage
}

// pageLinks are the URLs of a list's pages; prev and next are left out
// at either end.
type pageLinks struct {
	Self  string `json:"self"`
	First string `json:"first"`
	Prev  string `json:"prev,omitempty"`
	Next  string `json:"next,omitempty"`
	Last  string `json:"last"`
}

// pageCount returns how many pages total items fill; an empty list has one
// (empty) page.
func pageCount(total, perPage int) int {
	return max(1, (total+perPage-1)/perPage)
}

// linksFor returns the links of page of a list at u, and sets them as an
// RFC 8288 Link header too.
func linksFor(w http.ResponseWriter, u *url.URL, page, perPage, total int) pageLinks {
	at := func(n int) string {
		v := u.Query()
		v.Set("page", strconv.Itoa(n))
		v.Set("per_page", strconv.Itoa(perPage))
		return u.Path + "?" + v.Encode()
	}
	last := pageCount(total, perPage)
	l := pageLinks{Self: at(page), First: at(1), Last: at(last)}
	if page > 1 {
		l.Prev = at(min(page-1, last))
	}
	if page < last {
		l.Next = at(page + 1)
	}
	var header []string
	for _, rel := range []struct{ name, url string }{{"first", l.First}, {"prev", l.Prev}, {"next", l.Next}, {"last", l.Last}} {
		if rel.url != "" {
			header = append(header, "<"+rel.url+`>; rel="`+rel.name+`"`)
		}
	}
	w.Header().Set("Link", strings.Join(header, ", "))
	return l
}
