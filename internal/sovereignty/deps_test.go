package sovereignty

import (
	"os/exec"
	"strings"
	"testing"
)

// TestNoIO keeps the package pure: it must not import net/http or
// database/sql.
func TestNoIO(t *testing.T) {
	out, err := exec.Command("go", "list", "-deps", ".").Output()
	if err != nil {
		t.Skipf("go list: %v", err)
	}
	for _, dep := range strings.Fields(string(out)) {
		if dep == "net/http" || dep == "database/sql" {
			t.Errorf("internal/sovereignty depends on %s", dep)
		}
	}
}
