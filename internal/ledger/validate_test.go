package ledger

import "testing"

func TestFrameworkValidate(t *testing.T) {
	tests := []struct {
		name   string
		change func(*Framework)
		fields []string
	}{
		{"valid", func(*Framework) {}, nil},
		{"no date is fine", func(f *Framework) { f.Date = Date{} }, nil},
		{"organisation party", func(f *Framework) { f.Parties = append(f.Parties, Party{OrgID: "ror-02wp9c512"}) }, nil},
		{"bad id", func(f *Framework) { f.ID = "JAI 2025" }, []string{"id"}},
		{"no title", func(f *Framework) { f.Title = "" }, []string{"title"}},
		{"two-line title", func(f *Framework) { f.Title = "a\nb" }, []string{"title"}},
		{"unknown kind", func(f *Framework) { f.Kind = "treaty" }, []string{"kind"}},
		{"no parties", func(f *Framework) { f.Parties = nil }, []string{"parties"}},
		{"bad country", func(f *Framework) { f.Parties[1].Country = "XX" }, []string{"parties[1].country"}},
		{"both country and org", func(f *Framework) { f.Parties[0].OrgID = "ror-02wp9c512" }, []string{"parties[0]"}},
		{"empty party", func(f *Framework) { f.Parties[0] = Party{} }, []string{"parties[0]"}},
		{"bad org id", func(f *Framework) { f.Parties[0] = Party{OrgID: "ASEAN"} }, []string{"parties[0].org_id"}},
		{"period backwards", func(f *Framework) { f.PeriodStart, f.PeriodEnd = MakeDate(2030, 1, 1), MakeDate(2026, 1, 1) }, []string{"period_end"}},
		{"implements itself", func(f *Framework) { f.Implements = []string{"jai"} }, []string{"implements[0]"}},
		{"no citation", func(f *Framework) { f.Source.Citation = "" }, []string{"source.citation"}},
		{"bad source url", func(f *Framework) { f.Source.URL = "ftp://example.org" }, []string{"source.url"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := validFramework()
			tt.change(&f)
			checkFields(t, f.Validate(), tt.fields...)
		})
	}
}

func TestCommitmentValidate(t *testing.T) {
	tests := []struct {
		name   string
		change func(*Commitment)
		fields []string
	}{
		{"valid", func(*Commitment) {}, nil},
		{"year target", func(c *Commitment) { c.Target = mustDate(t, "2030") }, nil},
		{"no responsible party", func(c *Commitment) { c.Responsible = Party{} }, nil},
		{"no id", func(c *Commitment) { c.ID = "" }, []string{"id"}},
		{"no framework", func(c *Commitment) { c.FrameworkID = "" }, []string{"framework_id"}},
		{"no text", func(c *Commitment) { c.Text = "" }, []string{"text"}},
		{"bad layer", func(c *Commitment) { c.Layers = []string{"model", "quantum"} }, []string{"layers[1]"}},
		{"bad domain", func(c *Commitment) { c.Domains = []string{"fishing"} }, []string{"domains[0]"}},
		{"bad responsible", func(c *Commitment) { c.Responsible = Party{Country: "India"} }, []string{"responsible.country"}},
		{"no citation", func(c *Commitment) { c.Source = Source{} }, []string{"source.citation"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := validCommitment()
			tt.change(&c)
			checkFields(t, c.Validate(vocab), tt.fields...)
		})
	}
}

func TestProjectValidate(t *testing.T) {
	day := func(s string) Date { return mustDate(t, s) }
	tests := []struct {
		name   string
		change func(*Project)
		fields []string
	}{
		{"valid", func(*Project) {}, nil},
		{"closed with dates", func(p *Project) { p.Status, p.ActualEnd = StatusClosed, day("2026-11-30") }, nil},
		{"cancelled before start", func(p *Project) { p.Status, p.ActualStart = StatusCancelled, Date{} }, nil},
		{"negative correction", func(p *Project) {
			p.Transactions = append(p.Transactions, Transaction{Type: TxDisbursement, Date: day("2026-02-01"), Value: -5000, Currency: "JPY"})
		}, nil},
		{"budgets in two currencies, same year", func(p *Project) {
			p.Budgets = append(p.Budgets, Budget{PeriodStart: day("2026-01-01"), PeriodEnd: day("2026-12-31"), Value: 500, Currency: "INR"})
		}, nil},
		{"no reporting org", func(p *Project) { p.ReportingOrg = "" }, []string{"reporting_org"}},
		{"bad reporting org", func(p *Project) { p.ReportingOrg, p.ID = "setu", "setu-P1" }, []string{"reporting_org"}},
		{"id without prefix", func(p *Project) { p.ID = "XM-OTHER-P1" }, []string{"id"}},
		{"id is only the prefix", func(p *Project) { p.ID = "XM-SETU-TEST-" }, []string{"id"}},
		{"id with slash", func(p *Project) { p.ID = "XM-SETU-TEST-P/1" }, []string{"id"}},
		{"no title", func(p *Project) { p.Title = "" }, []string{"title"}},
		{"bad role", func(p *Project) { p.Participants[0].Role = 5 }, []string{"participants[0].role"}},
		{"bad org id", func(p *Project) { p.Participants[0].OrgID = "" }, []string{"participants[0].org_id"}},
		{"two homes", func(p *Project) { p.Participants[0].Home = true }, []string{"participants[1].home"}},
		{"same org, same role twice", func(p *Project) {
			p.Participants = append(p.Participants, Participant{OrgID: "org-aaaa", Role: RoleFunding})
		}, []string{"participants[2]"}},
		{"bad country", func(p *Project) { p.Countries = []string{"IN", "EU"} }, []string{"countries[1]"}},
		{"bad layer", func(p *Project) { p.Layers = []string{"apps"} }, []string{"layers[0]"}},
		{"bad domain", func(p *Project) { p.Domains = []string{"robots"} }, []string{"domains[0]"}},
		{"bad status", func(p *Project) { p.Status = 7 }, []string{"status"}},
		{"started without actual start", func(p *Project) { p.ActualStart = Date{} }, []string{"actual_start"}},
		{"closed without actual end", func(p *Project) { p.Status = StatusClosed }, []string{"actual_end"}},
		{"pipeline with actual start", func(p *Project) { p.Status = StatusPipeline }, []string{"actual_start"}},
		{"implementation with actual end", func(p *Project) { p.ActualEnd = day("2026-11-30") }, []string{"actual_end"}},
		{"month-precision start", func(p *Project) { p.PlannedStart = day("2026-01") }, []string{"planned_start"}},
		{"planned end before start", func(p *Project) { p.PlannedEnd = day("2025-12-31") }, []string{"planned_end"}},
		{"actual end before start", func(p *Project) { p.Status, p.ActualEnd = StatusClosed, day("2026-01-14") }, []string{"actual_end"}},
		{"budget without period", func(p *Project) { p.Budgets[0].PeriodStart = Date{} }, []string{"budgets[0].period_start"}},
		{"budget period backwards", func(p *Project) { p.Budgets[0].PeriodEnd = day("2025-06-30") }, []string{"budgets[0].period_end"}},
		{"negative budget", func(p *Project) { p.Budgets[0].Value = -100 }, []string{"budgets[0].value"}},
		{"unknown currency", func(p *Project) { p.Budgets[0].Currency = "RMB" }, []string{"budgets[0].currency"}},
		{"no currency", func(p *Project) { p.Transactions[0].Currency = "" }, []string{"transactions[0].currency"}},
		{"yen with sen", func(p *Project) { p.Budgets[0].Value = 1050 }, []string{"budgets[0].value"}},
		{"overlapping budgets", func(p *Project) {
			p.Budgets = append(p.Budgets, Budget{PeriodStart: day("2026-12-31"), PeriodEnd: day("2027-12-31"), Value: 100, Currency: "JPY"})
		}, []string{"budgets[1].period_start"}},
		{"too large", func(p *Project) { p.Transactions[0].Value = MaxAmount + 1 }, []string{"transactions[0].value"}},
		{"bad transaction type", func(p *Project) { p.Transactions[0].Type = 14 }, []string{"transactions[0].type"}},
		{"transaction without date", func(p *Project) { p.Transactions[0].Date = Date{} }, []string{"transactions[0].date"}},
		{"bad commitment id", func(p *Project) { p.Commitments = []string{"JAI C1"} }, []string{"commitments[0]"}},
		{"commitment twice", func(p *Project) { p.Commitments = []string{"jai.c1", "jai.c1"} }, []string{"commitments[1]"}},
		{"own parent", func(p *Project) { p.ParentID = p.ID }, []string{"parent_id"}},
		{"bad provenance licence", func(p *Project) { p.Provenance.Licence = "cc0-1.0" }, []string{"provenance.licence"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := validProject()
			tt.change(&p)
			checkFields(t, p.Validate(vocab), tt.fields...)
		})
	}
}

func TestMilestoneValidate(t *testing.T) {
	tests := []struct {
		name   string
		change func(*Milestone)
		fields []string
	}{
		{"valid", func(*Milestone) {}, nil},
		{"completed with evidence", func(m *Milestone) {
			m.Completed, m.Evidence = MakeDate(2026, 6, 1), "https://example.org/report.pdf"
		}, nil},
		{"no id", func(m *Milestone) { m.ID = "" }, []string{"id"}},
		{"no project", func(m *Milestone) { m.ProjectID = "" }, []string{"project_id"}},
		{"no title", func(m *Milestone) { m.Title = "" }, []string{"title"}},
		{"no due date", func(m *Milestone) { m.Due = Date{} }, []string{"due"}},
		{"due month only", func(m *Milestone) { m.Due = mustDate(t, "2026-06") }, []string{"due"}},
		{"completed without evidence", func(m *Milestone) { m.Completed = MakeDate(2026, 6, 1) }, []string{"evidence"}},
		{"bad evidence link", func(m *Milestone) { m.Completed, m.Evidence = MakeDate(2026, 6, 1), "report.pdf" }, []string{"evidence"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := validMilestone()
			tt.change(&m)
			checkFields(t, m.Validate(), tt.fields...)
		})
	}
}

func TestOutputValidate(t *testing.T) {
	tests := []struct {
		name   string
		change func(*Output)
		fields []string
	}{
		{"valid", func(*Output) {}, nil},
		{"LicenseRef", func(o *Output) { o.Licence = "LicenseRef-Setu-Partner-1" }, nil},
		{"no licence", func(o *Output) { o.Licence = "" }, nil},
		{"people trained", func(o *Output) {
			*o = Output{ID: "o2", ProjectID: o.ProjectID, Kind: OutputPeopleTrained, Title: "Engineers trained", Count: 12}
		}, nil},
		{"licensed home", func(o *Output) { o.LicensedHome = true }, nil},
		{"unknown kind", func(o *Output) { o.Kind = "idea" }, []string{"kind"}},
		{"no title", func(o *Output) { o.Title = "" }, []string{"title"}},
		{"unknown licence", func(o *Output) { o.Licence = "Apache-3.0" }, []string{"licence"}},
		{"licence in wrong case", func(o *Output) { o.Licence = "apache-2.0" }, []string{"licence"}},
		{"licence expression", func(o *Output) { o.Licence = "MIT OR Apache-2.0" }, []string{"licence"}},
		{"bad link", func(o *Output) { o.Link = "javascript:alert(1)" }, []string{"link"}},
		{"count on software", func(o *Output) { o.Count = 3 }, []string{"count"}},
		{"people trained without count", func(o *Output) { o.Kind, o.IPHolder = OutputPeopleTrained, "" }, []string{"count"}},
		{"people trained with holder", func(o *Output) { o.Kind, o.Count = OutputPeopleTrained, 4 }, []string{"ip_holder"}},
		{"bad holder", func(o *Output) { o.IPHolder = "Tata" }, []string{"ip_holder"}},
		{"no project", func(o *Output) { o.ProjectID = "" }, []string{"project_id"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := validOutput()
			tt.change(&o)
			checkFields(t, o.Validate(), tt.fields...)
		})
	}
}

func TestCurrencyAndLicenceLists(t *testing.T) {
	for _, c := range []string{"INR", "JPY", "KRW", "TWD", "SGD", "IDR", "MYR", "THB", "VND", "PHP", "BND", "KHR", "LAK", "MMK", "USD", "EUR"} {
		if !IsCurrency(c) {
			t.Errorf("IsCurrency(%q): got false, want true", c)
		}
	}
	for _, c := range []string{"", "inr", "XAU", "XXX", "RMB", "HRK"} {
		if IsCurrency(c) {
			t.Errorf("IsCurrency(%q): got true, want false", c)
		}
	}
	if got := CurrencyDecimals("KRW"); got != 0 {
		t.Errorf("CurrencyDecimals(KRW): got %d, want 0", got)
	}
	if got := CurrencyDecimals("INR"); got != 2 {
		t.Errorf("CurrencyDecimals(INR): got %d, want 2", got)
	}
	for _, id := range []string{"Apache-2.0", "CC-BY-4.0", "CC0-1.0", "MIT", "LicenseRef-Proprietary"} {
		if !IsLicence(id) {
			t.Errorf("IsLicence(%q): got false, want true", id)
		}
	}
	for _, id := range []string{"", "mit", "LicenseRef-", "LicenseRef-a b", "Proprietary"} {
		if IsLicence(id) {
			t.Errorf("IsLicence(%q): got true, want false", id)
		}
	}
}
