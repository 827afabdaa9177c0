package testkit_test

import (
	"encoding/json"
	"errors"
	"io"
	"os/exec"
	"strings"
	"testing"
)

// TestRuntimeNeverImportsTestKits lists the module's packages with go list and fails when code that is
// not a test (nor a test kit) imports a package below internal/testkit: test kits make tokens with
// private keys and answer every request, which no program should ship.
func TestRuntimeNeverImportsTestKits(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go list over the module")
	}
	out, err := exec.Command("go", "list", "-json=ImportPath,Imports", "github.com/jwtguard/jwtguard/...").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	const kits = "github.com/jwtguard/jwtguard/internal/testkit"
	dec := json.NewDecoder(strings.NewReader(string(out)))
	packages := 0
	for {
		var p struct {
			ImportPath string
			Imports    []string
		}
		if err := dec.Decode(&p); errors.Is(err, io.EOF) {
			break
		} else if err != nil {
			t.Fatal(err)
		}
		packages++
		if strings.HasPrefix(p.ImportPath, kits) {
			continue
		}
		for _, imp := range p.Imports {
			if strings.HasPrefix(imp, kits) {
				t.Errorf("%s imports the test kit %s", p.ImportPath, imp)
			}
		}
	}
	if packages < 20 {
		t.Fatalf("go list named %d packages; expected the whole module", packages)
	}
}
