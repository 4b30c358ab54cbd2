package ledger

import "testing"

func TestReturnedHome(t *testing.T) {
	tests := []struct {
		name                string
		kind                string
		holder, home        string
		licensedHome, wants bool
	}{
		{"held at home", OutputPatent, "IN", "IN", false, true},
		{"held abroad", OutputPatent, "JP", "IN", false, false},
		{"held abroad, licensed home", OutputModel, "JP", "IN", true, true},
		{"holder unknown", OutputSoftware, "", "IN", false, false},
		{"home unknown", OutputSoftware, "IN", "", false, false},
		{"both unknown", OutputSoftware, "", "", false, false},
		{"both unknown, licensed home", OutputSoftware, "", "", true, true},
		{"Korean home project", OutputPublication, "KR", "KR", false, true},
		{"people trained carry no IP", OutputPeopleTrained, "IN", "IN", false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := Output{Kind: tt.kind, LicensedHome: tt.licensedHome}
			if got := o.ReturnedHome(tt.holder, tt.home); got != tt.wants {
				t.Errorf("got %v, want %v", got, tt.wants)
			}
		})
	}
}
