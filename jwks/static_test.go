package jwks

import (
	"context"
	"crypto/elliptic"
	"encoding/json"
	"errors"
	"log/slog"
	"runtime"
	"testing"
	"time"

	"github.com/MicahParks/jwkset"
)

func TestStatic(t *testing.T) {
	ec := ecKey(t, elliptic.P256())
	single, err := json.Marshal(publicJWK(t, ec, "only", ""))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name    string
		data    []byte
		kids    []string
		lookups map[string]string // kid -> alg expected to be found
		logged  string            // a log message the set must have written
	}{
		{"JWK Set", setJSON(t, publicJWK(t, rsaKey(t, 0), "r", ""), publicJWK(t, ec, "e", "")),
			[]string{"e", "r"}, map[string]string{"r": "RS256", "e": "ES256"}, ""},
		{"single JWK", single, []string{"only"}, map[string]string{"only": "ES256", "": "ES256"}, ""},
		{"set with an unusable key", setJSON(t, publicJWK(t, ec, "e", ""), jwkset.JWKMarshal{KTY: jwkset.KtyOct, K: "c2VjcmV0"}),
			[]string{"e"}, map[string]string{"e": "ES256"}, "skipping key"},
		{"single private JWK", mustJSON(t, jwk(t, ec, "priv", "", "")), []string{"priv"}, map[string]string{"priv": "ES256"},
			"private key material"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := runtime.NumGoroutine()
			rec := &recorder{}
			s, err := Static(tt.data, WithLogger(slog.New(rec)))
			if err != nil {
				t.Fatalf("Static: %v", err)
			}
			if n := runtime.NumGoroutine(); n > before {
				t.Errorf("Static started %d goroutines", n-before)
			}
			if err := s.Ready(context.Background()); err != nil {
				t.Errorf("Ready = %v", err)
			}
			for kid, alg := range tt.lookups {
				mustFind(t, s, kid, alg)
			}
			if _, found, err := s.VerificationKey(context.Background(), "unknown", "ES256"); found || err != nil {
				t.Errorf("unknown kid: found %v err %v", found, err)
			}
			if tt.logged != "" && !rec.contains(tt.logged) {
				t.Errorf("nothing logged containing %q", tt.logged)
			}
			st := s.Status()
			if st.Keys != len(tt.kids) || !equalStrings(st.KIDs, tt.kids) || st.Epoch != 1 || !st.NextRefresh.IsZero() || st.URL != "" {
				t.Errorf("Status = %+v, want kids %v", st, tt.kids)
			}
			if err := s.Close(); err != nil {
				t.Error(err)
			}
			if _, _, err := s.VerificationKey(context.Background(), "e", "ES256"); !errors.Is(err, ErrClosed) {
				t.Errorf("after Close: err %v", err)
			}
		})
	}
}

func TestStaticInvalid(t *testing.T) {
	for _, data := range []string{"", "null", "[]", "<jwks/>", `{"keys":[]}`, `{"keys":[{"kty":"oct","k":"c2VjcmV0"}]}`,
		`{"kty":"RSA","n":"AQAB","e":"AQAB"}`, `{"kty":"oct","k":"c2VjcmV0"}`, `{}`, `"keys"`} {
		if s, err := Static([]byte(data), WithLogger(discardLogger())); !errors.Is(err, ErrInvalidConfig) || s != nil {
			t.Errorf("Static(%q) = %v, %v; want ErrInvalidConfig", data, s, err)
		}
	}
	if _, err := Static(setJSON(t, publicJWK(t, ecKey(t, elliptic.P256()), "e", "")), WithLogger(nil)); !errors.Is(err, ErrInvalidConfig) {
		t.Errorf("Static with a nil logger: err %v", err)
	}
}

// Unknown kids never reach the network on a static set, and never wait.
func TestStaticUnknownKIDDoesNotWait(t *testing.T) {
	s, err := Static(setJSON(t, publicJWK(t, ecKey(t, elliptic.P256()), "e", "")))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	start := time.Now()
	for range 100 {
		if _, found, err := s.VerificationKey(context.Background(), "other", "ES256"); found || err != nil {
			t.Fatalf("unknown kid: found %v, err %v", found, err)
		}
	}
	// One wait would be WithUnknownKIDWait's default, 2 s.
	if d := time.Since(start); d > time.Second {
		t.Errorf("100 unknown kids on a static set took %v", d)
	}
}

func mustJSON(t *testing.T, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func equalStrings(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
