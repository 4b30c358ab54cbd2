package iati

import (
	"encoding/xml"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
)

// requireEnv lists, comma-separated, the optional test dependencies whose
// absence fails the tests instead of skipping them (as in storetest).
const requireEnv = "SETU_TEST_REQUIRE"

// schemaEnv names a folder holding iati-activities-schema.xsd, to test
// against another copy of the schema.
const schemaEnv = "SETU_IATI_SCHEMA"

// required reports whether dep is listed in SETU_TEST_REQUIRE.
func required(dep string) bool {
	for _, d := range strings.Split(os.Getenv(requireEnv), ",") {
		if strings.TrimSpace(d) == dep {
			return true
		}
	}
	return false
}

// schemaPath returns the path of iati-activities-schema.xsd: from
// SETU_IATI_SCHEMA, else the copy in testdata, else shared/standards/iati/
// schema in a folder above this one.
func schemaPath(t testing.TB) string {
	t.Helper()
	const file = "iati-activities-schema.xsd"
	if dir := os.Getenv(schemaEnv); dir != "" {
		p := filepath.Join(dir, file)
		if _, err := os.Stat(p); err != nil {
			t.Fatalf("%s: %v", schemaEnv, err)
		}
		return p
	}
	if p := filepath.Join("testdata", "schema", file); exists(p) {
		return p
	}
	dir, err := filepath.Abs(".")
	if err != nil {
		t.Fatal(err)
	}
	for {
		if p := filepath.Join(dir, "shared", "standards", "iati", "schema", file); exists(p) {
			return p
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatalf("%s not found in testdata/schema, in shared/standards/iati/schema above, or in $%s", file, schemaEnv)
		}
		dir = parent
	}
}

func exists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}

// xmllint validates the file against the IATI 2.03 schema, or skips the
// test if xmllint is not installed and not required.
func xmllint(t *testing.T, file string) {
	t.Helper()
	if err := lint(t, file); err != nil {
		t.Fatal(err)
	}
}

// lint runs xmllint on file with the IATI 2.03 schema and returns its
// complaint, or skips the test if xmllint is not installed and not
// required.
func lint(t *testing.T, file string) error {
	t.Helper()
	if _, err := exec.LookPath("xmllint"); err != nil {
		if required("xmllint") {
			t.Fatalf("xmllint not found and %s lists it", requireEnv)
		}
		t.Skip("xmllint not found: apt-get install -y libxml2-utils")
	}
	out, err := exec.Command("xmllint", "--noout", "--nonet", "--schema", schemaPath(t), file).CombinedOutput()
	if err != nil {
		return fmt.Errorf("xmllint %s: %v\n%s", file, err, out)
	}
	return nil
}

// equal reports whether got and want are deeply equal.
func equal(got, want any) bool { return reflect.DeepEqual(got, want) }

// diff returns the paths at which got and want differ, for messages.
func diff(got, want any) []string {
	var out []string
	diffValue(&out, "", reflect.ValueOf(got), reflect.ValueOf(want))
	return out
}

func diffValue(out *[]string, path string, g, w reflect.Value) {
	if len(*out) > 20 {
		return
	}
	if !g.IsValid() || !w.IsValid() || g.Type() != w.Type() {
		if g.IsValid() != w.IsValid() {
			*out = append(*out, fmt.Sprintf("%s: got %v, want %v", path, g, w))
		}
		return
	}
	if g.Type() == reflect.TypeFor[time.Time]() {
		if !reflect.DeepEqual(g.Interface(), w.Interface()) {
			*out = append(*out, fmt.Sprintf("%s: got %v, want %v", path, g.Interface(), w.Interface()))
		}
		return
	}
	switch g.Kind() {
	case reflect.Struct:
		for i := range g.NumField() {
			if g.Type().Field(i).IsExported() {
				diffValue(out, path+"."+g.Type().Field(i).Name, g.Field(i), w.Field(i))
			}
		}
	case reflect.Slice:
		if g.IsNil() != w.IsNil() {
			*out = append(*out, fmt.Sprintf("%s: got nil=%v (len %d), want nil=%v (len %d)", path, g.IsNil(), g.Len(), w.IsNil(), w.Len()))
			return
		}
		if g.Len() != w.Len() {
			*out = append(*out, fmt.Sprintf("%s: got length %d, want %d", path, g.Len(), w.Len()))
			return
		}
		for i := range g.Len() {
			diffValue(out, fmt.Sprintf("%s[%d]", path, i), g.Index(i), w.Index(i))
		}
	case reflect.Pointer:
		if g.IsNil() || w.IsNil() {
			if g.IsNil() != w.IsNil() {
				*out = append(*out, fmt.Sprintf("%s: got nil=%v, want nil=%v", path, g.IsNil(), w.IsNil()))
			}
			return
		}
		diffValue(out, path, g.Elem(), w.Elem())
	default:
		if !reflect.DeepEqual(g.Interface(), w.Interface()) {
			*out = append(*out, fmt.Sprintf("%s: got %#v, want %#v", path, g.Interface(), w.Interface()))
		}
	}
}

// day returns midnight UTC of a date, as the Reader gives dates.
func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

// richActivity returns a Setu project with every part of the model filled
// in, text that needs escaping, and extension data.
func richActivity() Activity {
	en := func(s string) []Narrative { return []Narrative{{Text: s}} }
	return Activity{
		Identifier:      "XM-SETU-1-PRJ-0042",
		Lang:            "en",
		DefaultCurrency: "INR",
		LastUpdated:     time.Date(2026, 5, 1, 9, 30, 15, 500_000_000, time.UTC),
		Hierarchy:       2,
		ReportingOrg: ReportingOrg{Ref: "XM-SETU-1", Type: "40", Names: []Narrative{
			{Text: "Setu Technology Council"}, {Lang: "hi", Text: "सेतु प्रौद्योगिकी परिषद"}, {Lang: "ja", Text: "セツ技術評議会"},
		}},
		Title: []Narrative{
			{Text: `Precision robotics for "smart" factories <India & Japan>`},
			{Lang: "ko", Text: "스마트 공장을 위한 정밀 로봇"},
		},
		Descriptions: []Description{
			{Type: "1", Narratives: en("Engineers from Pune placed in an Osaka lab.\nLine two\twith a tab; 'quotes' & ampersands.")},
			{Type: "2", Narratives: en("Co-develop a vision model for weld inspection.")},
		},
		ParticipatingOrgs: []ParticipatingOrg{
			{Ref: "JP-CN-1234567890123", Role: RoleFunding, Type: "10", Names: en("Japan agency")},
			{Ref: "XM-SETU-1", Role: RoleAccountable, Type: "40"},
			{Role: RoleImplementing, Type: "70", ActivityID: "IN-MCA-X-7", Names: []Narrative{{Lang: "en", Text: "Pune Robotics Pvt Ltd"}}, Home: true},
		},
		Status: StatusImplementation,
		Dates: []ActivityDate{
			{Type: DatePlannedStart, Date: day(2026, 4, 1)},
			{Type: DateActualStart, Date: day(2026, 4, 15), Narratives: en("Kick-off in Osaka")},
			{Type: DatePlannedEnd, Date: day(2027, 9, 30)},
		},
		Countries: []RecipientCountry{{Code: "IN", Percentage: "60"}, {Code: "JP", Percentage: "30"}},
		Regions:   []RecipientRegion{{Code: "ASEAN", Vocabulary: "99", VocabularyURI: "https://setu.example/vocab/regions", Percentage: "10"}},
		Sectors: []Sector{
			{Vocabulary: VocabularyDAC, Code: "43082", Percentage: "100"},
			{Vocabulary: VocabularyReportingOrg, VocabularyURI: "https://setu.example/vocab/ai-stack-layer", Code: "model",
				Percentage: "70", Narratives: en("Model layer")},
			{Vocabulary: VocabularyReportingOrg, VocabularyURI: "https://setu.example/vocab/ai-stack-layer", Code: "semiconductor",
				Percentage: "30", Narratives: en("Semiconductor layer")},
			{Vocabulary: VocabularyReportingOrg2, VocabularyURI: "https://setu.example/vocab/domain", Code: "manufacturing",
				Narratives: en("Smart manufacturing")},
		},
		Budgets: []Budget{
			{Type: "1", Status: "2", Start: day(2026, 4, 1), End: day(2027, 3, 31), Value: Value{Amount: "12500000", Date: day(2026, 4, 1)}},
			{Type: "1", Status: "1", Start: day(2027, 4, 1), End: day(2027, 9, 30), Value: Value{Amount: "40000.50", Currency: "JPY", Date: day(2027, 4, 1)}},
		},
		Transactions: []Transaction{
			{Ref: "TX-1", Type: TransactionIncomingCommitment, Date: day(2026, 4, 2),
				Value:       Value{Amount: "20000000", Currency: "JPY", Date: day(2026, 4, 2)},
				Description: en("Commitment under the JAI"),
				Provider:    &TransactionOrg{Ref: "JP-CN-1234567890123", Type: "10", ActivityID: "JP-CN-1234567890123-77", Names: en("Japan agency")},
				Receiver:    &TransactionOrg{Ref: "XM-SETU-1", ActivityID: "XM-SETU-1-PRJ-0042"},
			},
			{Type: TransactionDisbursement, Date: day(2026, 5, 10), Value: Value{Amount: "-1500.25", Date: day(2026, 5, 10)}},
		},
		DocumentLinks: []DocumentLink{
			{URL: "https://setu.example/docs/prj-0042.pdf?lang=en&v=2", Format: "application/pdf", Title: en("Project plan"),
				Description: en("Signed plan"), Categories: []string{"A02", "A07"}, Languages: []string{"en", "ja"}, Date: day(2026, 3, 20)},
			{URL: "https://setu.example/p/42", Format: "text/html", Title: en("Project page"), Categories: []string{"A01"}},
		},
		RelatedActivities: []RelatedActivity{{Ref: "XM-SETU-1-FW-JAI", Type: RelatedParent}, {Ref: "XM-SETU-1-PRJ-0043", Type: RelatedSibling}},
		Results: []Result{
			{
				Type: ResultOutput, Title: en("Weld inspection model"), Description: en("Open-weights model"),
				DocumentLinks: []DocumentLink{{URL: "https://huggingface.example/setu/weld", Format: "text/html",
					Title: en("Model card"), Categories: []string{"A01"}}},
				Indicators: []Indicator{{
					Measure: "1", Title: en("Models released"), Description: en("Count of releases"),
					Periods: []Period{
						{Start: day(2026, 4, 1), End: day(2026, 12, 31), Target: "1", Actual: "1"},
						{Start: day(2027, 1, 1), End: day(2027, 9, 30), Target: "2"},
					},
				}},
				Output: &Output{Ref: "OUT-7", Kind: "model", IPHolder: "XI-ROR-02wp9c512", Licence: "Apache-2.0", LicensedHome: true, ReturnedHome: true},
				Extra: []Element{{
					Name:  xml.Name{Space: "urn:example:other", Local: "review"},
					Attrs: []xml.Attr{{Name: xml.Name{Local: "by"}, Value: "panel"}},
					Text:  "approved",
				}},
			},
			{
				Type: ResultOutcome, Title: en("Engineers back in India"),
				Indicators: []Indicator{{Measure: "5", Title: en("Knowledge transfer")}},
				Output:     &Output{Ref: "OUT-8"},
			},
		},
		Commitments: []CommitmentLink{{Ref: "CMT-7", Framework: "FW-JAI"}, {Ref: "CMT-9"}},
		Milestones: []Milestone{
			{Ref: "MS-1", Title: "Engineers arrive in Osaka", Due: day(2026, 5, 1), Completed: day(2026, 4, 28), Evidence: "https://setu.example/e/1"},
			{Ref: "MS-2", Title: `Prototype "v1" shown`, Due: day(2026, 12, 15)},
		},
		Extra: []Element{
			{Name: xml.Name{Space: Namespace, Local: "placement"}, Attrs: []xml.Attr{{Name: xml.Name{Local: "people"}, Value: "4"}}},
			{
				Name:  xml.Name{Space: "urn:example:other", Local: "note"},
				Attrs: []xml.Attr{{Name: xml.Name{Space: "urn:example:third", Local: "flag"}, Value: "1 & 2"}},
				Children: []Element{
					{Name: xml.Name{Space: "urn:example:other", Local: "line"}, Text: "first <line>"},
					{Name: xml.Name{Space: "urn:example:third", Local: "line"}, Text: "second"},
				},
			},
		},
		ExtraAttrs: []xml.Attr{{Name: xml.Name{Space: "urn:example:other", Local: "source"}, Value: "ledger"}},
	}
}
