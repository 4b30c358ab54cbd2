package iati

import (
	"os"
	"path/filepath"
	"testing"
	"time"
)

// exampleFile is IATI's official annotated 2.03 activity example.
const exampleFile = "testdata/activity-standard-example-annotated.xml"

func TestReadOfficialExample(t *testing.T) {
	f, err := os.Open(exampleFile)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	doc, findings, err := ReadAll(f, filepath.Base(exampleFile))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range findings {
		t.Logf("finding: %s", f)
		if f.Severity >= Error {
			t.Errorf("got finding %s, want none of severity error or worse", f)
		}
	}
	if doc.Version != "2.03" {
		t.Errorf("version: got %q, want 2.03", doc.Version)
	}
	if want := time.Date(2014, 9, 10, 7, 15, 37, 0, time.UTC); !doc.Generated.Equal(want) {
		t.Errorf("generated: got %v, want %v", doc.Generated, want)
	}
	if len(doc.Activities) != 1 {
		t.Fatalf("got %d activities, want 1", len(doc.Activities))
	}
	a := doc.Activities[0]
	day := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }
	tests := []struct {
		field     string
		got, want any
	}{
		{"identifier", a.Identifier, "AA-AAA-123456789-ABC123"},
		{"lang", a.Lang, "en"},
		{"default currency", a.DefaultCurrency, "USD"},
		{"hierarchy", a.Hierarchy, 1},
		{"last updated", a.LastUpdated, time.Date(2014, 9, 10, 7, 15, 37, 0, time.UTC)},
		{"reporting-org ref", a.ReportingOrg.Ref, "AA-AAA-123456789"},
		{"reporting-org type", a.ReportingOrg.Type, "40"},
		{"reporting-org French name", a.ReportingOrg.Names[1], Narrative{Lang: "fr", Text: "Nom de l'organisme"}},
		{"title count", len(a.Title), 3},
		{"Spanish title", a.Title[2], Narrative{Lang: "es", Text: "Título de la actividad"}},
		{"descriptions", len(a.Descriptions), 3},
		{"description 2 type", a.Descriptions[1].Type, "2"},
		{"participating orgs", len(a.ParticipatingOrgs), 3},
		{"org 3", a.ParticipatingOrgs[2].Ref + " " + a.ParticipatingOrgs[2].Role + " " + a.ParticipatingOrgs[2].Type + " " + a.ParticipatingOrgs[2].ActivityID,
			"AA-AAA-123456789 3 21 AA-AAA-123456789-1234"},
		{"status", a.Status, StatusImplementation},
		{"dates", len(a.Dates), 3},
		{"planned start", a.Dates[0].Date, day(2012, 4, 15)},
		{"planned end", a.Dates[2], ActivityDate{Type: DatePlannedEnd, Date: day(2015, 12, 31)}},
		{"countries", a.Countries, []RecipientCountry{{"AF", "25"}, {"AG", "25"}}},
		{"regions", a.Regions[1], RecipientRegion{Code: "A1", Vocabulary: "99", VocabularyURI: "http://example.com/vocab.html", Percentage: "25"}},
		{"sectors", len(a.Sectors), 3},
		{"sector 3", a.Sectors[2].Vocabulary + " " + a.Sectors[2].Code + " " + a.Sectors[2].Narratives[0].Text, "99 A1 A description of the sector"},
		{"budget", a.Budgets, []Budget{{Type: "1", Status: "1", Start: day(2014, 1, 1), End: day(2014, 12, 31),
			Value: Value{Amount: "3000", Currency: "EUR", Date: day(2014, 1, 1)}}}},
		{"transactions", len(a.Transactions), 1},
		{"transaction value", a.Transactions[0].Value, Value{Amount: "1000", Currency: "EUR", Date: day(2012, 1, 1)}},
		{"transaction type and ref", a.Transactions[0].Type + " " + a.Transactions[0].Ref, "1 1234"},
		{"provider", *a.Transactions[0].Provider, TransactionOrg{Ref: "BB-BBB-123456789", Type: "10",
			ActivityID: "BB-BBB-123456789-1234AA", Names: []Narrative{{Text: "Agency B"}}}},
		{"receiver activity", a.Transactions[0].Receiver.ActivityID, "AA-AAA-123456789-1234"},
		{"document link", a.DocumentLinks[0].URL + " " + a.DocumentLinks[0].Categories[0] + " " + a.DocumentLinks[0].Languages[0],
			"http:www.example.org/docs/report_en.odt A01 en"},
		{"document date", a.DocumentLinks[0].Date, day(2014, 2, 5)},
		{"document description, trimmed", a.DocumentLinks[0].Description[0].Text,
			"Description of the content of the project report or guidance on where to access the relevant information in this report"},
		{"related", a.RelatedActivities, []RelatedActivity{{Ref: "AA-AAA-123456789-6789", Type: RelatedParent}}},
		{"results", len(a.Results), 1},
		{"result type", a.Results[0].Type, ResultOutput},
		{"indicator measure", a.Results[0].Indicators[0].Measure, "1"},
		{"indicator period", a.Results[0].Indicators[0].Periods, []Period{{Start: day(2013, 1, 1), End: day(2013, 3, 31), Target: "10", Actual: "11"}}},
		{"no extension", a.Extra == nil && a.ExtraAttrs == nil && a.Commitments == nil, true},
	}
	for _, tt := range tests {
		if !equal(tt.got, tt.want) {
			t.Errorf("%s: got %#v, want %#v", tt.field, tt.got, tt.want)
		}
	}
}
