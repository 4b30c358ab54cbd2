package web

import (
	"net/http"

	"github.com/setu-council/setu/internal/errs"
)

// errorView is the data of the error page.
type errorView struct {
	layout
	Status  int
	Message string // what a reader should know, in plain words
	Detail  string
	Fields  []errs.FieldError
}

// errorPage renders a problem as an HTML page with the site's layout. If
// even that fails, it answers with the problem document.
func (s *Server) errorPage(w http.ResponseWriter, r *http.Request, p problem) {
	v := errorView{
		layout:  layout{Title: p.Title},
		Status:  p.Status,
		Message: errorMessage(p.Status),
		Detail:  p.Detail,
		Fields:  p.Errors,
	}
	if err := s.render(w, r, p.Status, "error", &v); err != nil {
		s.logger.ErrorContext(r.Context(), "render error page", "err", err)
		writeProblem(w, p)
	}
}

// errorMessage explains a status to a reader.
func errorMessage(code int) string {
	switch code {
	case http.StatusNotFound:
		return "We could not find that page. The link may be wrong, or the record may have been removed."
	case http.StatusUnprocessableEntity, http.StatusBadRequest:
		return "The request could not be understood. Please check it and try again."
	case http.StatusUnauthorized:
		return "You need to sign in to do that."
	case http.StatusForbidden:
		return "You are not allowed to do that. If you followed a form, reload it and try again."
	case http.StatusTooManyRequests:
		return "Too many requests. Please wait a little and try again."
	case http.StatusInternalServerError:
		return "Something went wrong on our side. It has been logged; please try again later."
	default:
		return "The request could not be completed."
	}
}
