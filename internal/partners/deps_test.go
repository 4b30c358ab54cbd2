package partners

import (
	"os/exec"
	"strings"
	"testing"
)

// TestNoIO keeps the package pure: no database, no HTTP, no store or web.
func TestNoIO(t *testing.T) {
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("go command not found: cannot list dependencies")
	}
	const module = "github.com/setu-council/setu"
	out, err := exec.Command("go", "list", "-deps", module+"/internal/partners").Output()
	if err != nil {
		t.Fatalf("go list -deps: %v", err)
	}
	forbidden := []string{"net/http", "database/sql", "os/exec", module + "/internal/store", module + "/internal/web"}
	for _, d := range strings.Fields(string(out)) {
		for _, f := range forbidden {
			if d == f {
				t.Errorf("internal/partners depends on %s; it must do no I/O", f)
			}
		}
	}
}
