package httpguard

import (
	"strings"
	"testing"
)

func TestCheckMetadataURL(t *testing.T) {
	for _, ok := range []string{
		"https://api.example.com/.well-known/oauth-protected-resource",
		"https://api.example.com/.well-known/oauth-protected-resource/mcp?tenant=a",
		"https://api.example.com:8443/.well-known/oauth-protected-resource/a%20b",
		"http://127.0.0.1:8080/.well-known/oauth-protected-resource",
		"http://localhost/.well-known/oauth-protected-resource",
		"http://[::1]:9000/.well-known/oauth-protected-resource",
	} {
		if err := checkMetadataURL(ok); err != nil {
			t.Errorf("checkMetadataURL(%q) = %v, want nil", ok, err)
		}
	}
	// The URLs it must refuse are conformance.InvalidMetadataURLs, run through every adapter.
}

func TestInvalidOptionPanicsNamingIt(t *testing.T) {
	defer func() {
		r, _ := recover().(string)
		if !strings.HasPrefix(r, `jwtguard: WithResourceMetadata("http://api.example.com/x"): plain http`) {
			t.Errorf("panic = %q", r)
		}
	}()
	NewRouteGuard([]Option[Exchange]{WithRealm[Exchange]("api"), WithResourceMetadata[Exchange]("http://api.example.com/x")})
}

// TestFirstInvalidOptionWins checks that a valid option given later does not hide an invalid one.
func TestFirstInvalidOptionWins(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("no panic")
		}
	}()
	NewRouteGuard([]Option[Exchange]{
		WithResourceMetadata[Exchange]("https://api.example.com/x#typo"),
		WithResourceMetadata[Exchange]("https://api.example.com/x"),
	})
}
