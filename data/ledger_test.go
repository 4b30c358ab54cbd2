package data

import (
	"encoding/json"
	"testing"
)

func TestLedgerFrameworksIsJSON(t *testing.T) {
	var v struct {
		Frameworks  []json.RawMessage `json:"frameworks"`
		Commitments []json.RawMessage `json:"commitments"`
	}
	if err := json.Unmarshal(LedgerFrameworks, &v); err != nil {
		t.Fatalf("%s: %v", LedgerFrameworksName, err)
	}
	if len(v.Frameworks) == 0 || len(v.Commitments) == 0 {
		t.Errorf("%s: got %d frameworks and %d commitments, want some of each", LedgerFrameworksName, len(v.Frameworks), len(v.Commitments))
	}
}
