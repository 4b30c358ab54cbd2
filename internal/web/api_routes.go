package web

// apiRoutes registers the JSON API under /api/v1 and its OpenAPI document.
// Every route here must be described in openapi.json; a test checks both
// ways.
func (s *Server) apiRoutes() {
	s.handle("GET /api/openapi.json", s.openAPI)

	s.handle("GET /api/v1/organisations", s.listOrganisations)
	s.handle("POST /api/v1/organisations", s.createOrganisation)
	s.handle("GET /api/v1/organisations/{id}", s.getOrganisation)
	s.handle("PUT /api/v1/organisations/{id}", s.replaceOrganisation)
	s.handle("DELETE /api/v1/organisations/{id}", s.deleteOrganisation)
	s.handle("GET /api/v1/organisations/{id}/partners", s.listPartners)
	s.handle("GET /api/v1/organisations/{id}/contact", s.getContact)
	s.handle("PUT /api/v1/organisations/{id}/contact", s.setContact)
	s.handle("POST /api/v1/partner-search", s.searchPartners)
	s.bridgeRoutes() // country-pair bridges: api_bridges.go

	s.handle("POST /api/v1/introductions", s.requestIntroduction)
	s.handle("GET /api/v1/introductions", s.listIntroductions)
	s.handle("GET /api/v1/introductions/figures", s.introductionFigures)
	s.handle("GET /api/v1/introductions/{id}", s.getIntroduction)
	s.handle("POST /api/v1/introductions/{id}/accept", s.acceptIntroduction)
	s.handle("POST /api/v1/introductions/{id}/decline", s.declineIntroduction)
	s.handle("POST /api/v1/introductions/{id}/convert", s.convertIntroduction)

	s.handle("GET /api/v1/people", s.listPeople)
	s.handle("POST /api/v1/people", s.createPerson)
	s.handle("GET /api/v1/people/{id}", s.getPerson)
	s.handle("PUT /api/v1/people/{id}", s.replacePerson)
	s.handle("GET /api/v1/people/{id}/export", s.exportPerson)
	s.handle("POST /api/v1/people/{id}/erase", s.erasePerson)

	s.ledgerRoutes()    // frameworks, commitments, projects, milestones, outputs, scorecards: api_ledger_projects.go
	s.deskRoutes()      // investment desk: leads, stages, barriers, escalations, targets, statistics: api_desk.go
	s.placementRoutes() // placement rounds, positions, applications, runs, placements: api_placement.go

	s.sovereigntyRoutes() // figures, stress test, exchange rates, partner groups: api_sovereignty.go

	s.handle("GET /api/v1/vocabulary", s.getVocabulary)
	s.handle("POST /api/v1/vocabulary/domains", s.addDomain)
	s.handle("POST /api/v1/vocabulary/kinds", s.addKind)
}
