package methodrules

import (
	"errors"
	"strings"
	"testing"

	"github.com/jwtguard/jwtguard/scopes"
)

var errBad = errors.New("bad key")

var testNames = Names{Invalid: errBad, Package: "pkg", Scopes: "WithS", Skip: "WithSkip", StepUp: "WithUp"}

// TestRules checks the lookup order an adapter relies on: a method's own entry, then its service's
// wildcard, then the unlisted requirement; skips by exact name or wildcard only.
func TestRules(t *testing.T) {
	var c Config
	entries, err := testNames.ParseScopes(map[string]scopes.Requirement{
		"/a.S/Get": scopes.All("get"), "/a.S/*": scopes.All("any"), "/a.S/Open": {},
	})
	if err != nil {
		t.Fatal(err)
	}
	c.AddScopes(entries)
	c.Unlisted = scopes.All("unlisted")
	c.Skip, _ = ParseKeys(errBad, "WithSkip", []string{"/h.Health/*", "/a.T/Ping"})
	r := Compile(&c, func(req scopes.Requirement) string { return "denied " + req.String() })
	for method, want := range map[string]string{
		"/a.S/Get": "denied get", "/a.S/Put": "denied any", "/a.S/Open": "", "/b.S/Get": "denied unlisted",
	} {
		if got := r.Scopes(method).Denied; got != want {
			t.Errorf("Scopes(%q).Denied = %q, want %q", method, got, want)
		}
	}
	for method, want := range map[string]bool{"/h.Health/Check": true, "/a.T/Ping": true, "/a.T/PingAll": false, "/h.HealthX/Check": false} {
		if got := r.Skipped(method); got != want {
			t.Errorf("Skipped(%q) = %v, want %v", method, got, want)
		}
	}
}

// TestConflicts: a method skipped by a pattern cannot also carry scopes; a wildcard is covered only by
// the same service's wildcard.
func TestConflicts(t *testing.T) {
	var c Config
	entries, _ := testNames.ParseScopes(map[string]scopes.Requirement{"/a.S/Get": scopes.All("x"), "/a.T/*": scopes.All("y")})
	c.AddScopes(entries)
	c.Skip, _ = ParseKeys(errBad, "WithSkip", []string{"/a.S/*", "/a.T/Ping"})
	errs := testNames.Conflicts(&c)
	if len(errs) != 1 || !errors.Is(errs[0], errBad) || !strings.Contains(errs[0].Error(), `"/a.S/Get" has scopes but is skipped by "/a.S/*" (see WithSkip)`) {
		t.Fatalf("Conflicts = %v", errs)
	}
}
