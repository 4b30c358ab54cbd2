package web

import "github.com/setu-council/setu/internal/desk"

// deskLabel is the label of a desk code for the pages: kind names the
// list ("stage", "segment", "category", "lost", "level"); an unknown code
// is shown as it is.
func deskLabel(kind, code string) string {
	lists := map[string][]desk.Term{"stage": desk.Stages, "segment": desk.Segments, "category": desk.Categories,
		"lost": desk.LostReasons, "level": desk.Levels}
	return desk.LabelOf(lists[kind], code)
}
