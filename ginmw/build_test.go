package ginmw_test

import (
	"testing"

	"github.com/jwtguard/jwtguard/dpop"
	"github.com/jwtguard/jwtguard/ginmw"
)

// TestBuildReportsMistakes checks the option rule: Build returns the mistake, New panics with it.
func TestBuildReportsMistakes(t *testing.T) {
	for name, opts := range map[string][]ginmw.Option{
		"nil DPoP verifier": {ginmw.WithDPoP(nil, dpop.Allowed)},
		"http metadata":     {ginmw.WithResourceMetadata("http://api.example.com/meta")},
	} {
		if _, err := ginmw.Build(stubValidator{}, opts...); err == nil {
			t.Errorf("%s: Build accepted it", name)
		}
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("%s: New did not panic", name)
				}
			}()
			ginmw.New(stubValidator{}, opts...)
		}()
	}
	if _, err := ginmw.Build(nil); err == nil {
		t.Error("Build(nil) succeeded")
	}
	if _, err := ginmw.Build(stubValidator{}, ginmw.WithRealm("api")); err != nil {
		t.Errorf("a valid configuration: %v", err)
	}
}
