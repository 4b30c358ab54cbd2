package placement

import (
	"os/exec"
	"strings"
	"testing"
)

// TestNoIO keeps the engine a pure domain package: no network, no
// database, no processes, no store or web layer.
func TestNoIO(t *testing.T) {
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("go command not found: cannot list dependencies")
	}
	const module = "github.com/setu-council/setu"
	out, err := exec.Command("go", "list", "-deps", module+"/internal/placement").Output()
	if err != nil {
		t.Fatalf("go list -deps: %v", err)
	}
	forbidden := []string{"net", "net/http", "database/sql", "os/exec", module + "/internal/store", module + "/internal/web"}
	for _, d := range strings.Fields(string(out)) {
		for _, f := range forbidden {
			if d == f {
				t.Errorf("internal/placement depends on %s; it must do no I/O", f)
			}
		}
	}
}
