package layering

import (
	"os/exec"
	"strings"
	"testing"
)

const module = "github.com/setu-council/setu"

func TestImportsFlowOneWay(t *testing.T) {
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("go command not found: cannot list dependencies")
	}
	// A pure domain package does no I/O: no network, no database, no
	// processes, and no store or web layer.
	pure := []string{"net", "net/http", "database/sql", "os/exec", module + "/internal/store", module + "/internal/web"}
	tests := []struct {
		pkg       string
		forbidden []string
	}{
		{"internal/registry", pure},
		{"internal/fulltext", pure},
		{"internal/orgindex", pure},
		{"internal/errs", pure},
		{"internal/auth", pure},
		{"internal/ror", []string{"net/http", "database/sql", module + "/internal/store"}},
		{"internal/ledger", pure},
		{"internal/placement", pure},
		{"internal/partners", pure},
		{"internal/iati", []string{"net/http", "database/sql", module + "/internal/store"}},
		{"internal/orgfile", []string{"net/http", "database/sql", module + "/internal/store"}},
		{"internal/desk", pure},
		{"internal/sovereignty", pure},
		{"internal/deskremind", []string{module + "/internal/web", module + "/cmd/setu"}},
		{"internal/dataset", []string{"net/http", module + "/internal/web", module + "/cmd/setu"}},
		{"internal/store", []string{"net/http", module + "/internal/web", module + "/cmd/setu"}},
		{"internal/web", []string{module + "/cmd/setu"}},
	}
	for _, tt := range tests {
		t.Run(tt.pkg, func(t *testing.T) {
			out, err := exec.Command("go", "list", "-deps", module+"/"+tt.pkg).Output()
			if err != nil {
				t.Fatalf("go list -deps %s: %v", tt.pkg, err)
			}
			deps := strings.Fields(string(out))
			for _, f := range tt.forbidden {
				for _, d := range deps {
					if d == f {
						t.Errorf("%s depends on %s; imports must flow one way", tt.pkg, f)
					}
				}
			}
		})
	}
}
