package echomw_test

import (
	"testing"

	"github.com/jwtguard/jwtguard/dpop"
	"github.com/jwtguard/jwtguard/echomw"
)

// TestBuildReportsMistakes checks the option rule: Build returns the mistake, New panics with it.
func TestBuildReportsMistakes(t *testing.T) {
	for name, opts := range map[string][]echomw.Option{
		"nil DPoP verifier": {echomw.WithDPoP(nil, dpop.Allowed)},
		"http metadata":     {echomw.WithResourceMetadata("http://api.example.com/meta")},
	} {
		if _, err := echomw.Build(stubValidator{}, opts...); err == nil {
			t.Errorf("%s: Build accepted it", name)
		}
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("%s: New did not panic", name)
				}
			}()
			echomw.New(stubValidator{}, opts...)
		}()
	}
	if _, err := echomw.Build(nil); err == nil {
		t.Error("Build(nil) succeeded")
	}
	if _, err := echomw.Build(stubValidator{}, echomw.WithRealm("api")); err != nil {
		t.Errorf("a valid configuration: %v", err)
	}
}
