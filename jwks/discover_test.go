package jwks

import (
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"slices"
	"sync/atomic"
	"testing"
	"time"
)

// issuerServer serves discovery metadata at the given well-known paths and a JWK Set at /keys.
type issuerServer struct {
	srv  *httptest.Server
	jwks *idp
	// paths maps a well-known path to the issuer its document claims ("" means: use the server URL
	// plus issuerPath).
	paths      map[string]string
	issuerPath string
	down       atomic.Bool
	seen       atomic.Pointer[[]string]
}

func newIssuerServer(t *testing.T, issuerPath string, paths map[string]string) *issuerServer {
	t.Helper()
	is := &issuerServer{jwks: newIDP(t, setJSON(t, publicJWK(t, rsaKey(t, 0), "a", ""))), paths: paths, issuerPath: issuerPath}
	is.seen.Store(&[]string{})
	is.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		seen := append(slices.Clone(*is.seen.Load()), r.URL.Path)
		is.seen.Store(&seen)
		if is.down.Load() {
			http.Error(w, "down", http.StatusBadGateway)
			return
		}
		iss, ok := is.paths[r.URL.Path]
		if !ok {
			http.NotFound(w, r)
			return
		}
		if iss == "" {
			iss = is.issuer()
		}
		_ = json.NewEncoder(w).Encode(map[string]string{"issuer": iss, "jwks_uri": is.jwks.url()})
	}))
	t.Cleanup(is.srv.Close)
	return is
}

func (is *issuerServer) issuer() string { return is.srv.URL + is.issuerPath }

func discoverTestSet(t *testing.T, issuer string, opts ...Option) (*Set, error) {
	t.Helper()
	opts = append([]Option{WithLogger(discardLogger())}, opts...)
	s, err := Discover(context.Background(), issuer, opts...)
	if err == nil {
		t.Cleanup(func() { _ = s.Close() })
	}
	return s, err
}

func TestDiscover(t *testing.T) {
	tests := []struct {
		name       string
		issuerPath string
		paths      map[string]string
		wantSeen   []string
	}{
		{"OpenID Connect", "", map[string]string{"/.well-known/openid-configuration": ""},
			[]string{"/.well-known/openid-configuration"}},
		{"OpenID Connect, issuer with path", "/realms/main", map[string]string{"/realms/main/.well-known/openid-configuration": ""},
			[]string{"/realms/main/.well-known/openid-configuration"}},
		{"RFC 8414 fallback", "", map[string]string{"/.well-known/oauth-authorization-server": ""},
			[]string{"/.well-known/openid-configuration", "/.well-known/oauth-authorization-server"}},
		{"RFC 8414 fallback, issuer with path", "/tenant/1", map[string]string{"/.well-known/oauth-authorization-server/tenant/1": ""},
			[]string{"/tenant/1/.well-known/openid-configuration", "/.well-known/oauth-authorization-server/tenant/1"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			is := newIssuerServer(t, tt.issuerPath, tt.paths)
			s, err := discoverTestSet(t, is.issuer())
			if err != nil {
				t.Fatalf("Discover: %v", err)
			}
			mustFind(t, s, "a", "RS256")
			if got := *is.seen.Load(); !slices.Equal(got, tt.wantSeen) {
				t.Errorf("requests %v, want %v", got, tt.wantSeen)
			}
			st := s.Status()
			if st.URL != is.jwks.url() || st.Issuer != is.issuer() {
				t.Errorf("Status URL %q issuer %q", st.URL, st.Issuer)
			}
		})
	}
}

func TestDiscoverIssuerMismatch(t *testing.T) {
	tests := []struct {
		name   string
		claims func(is *issuerServer) string
		asked  func(is *issuerServer) string
	}{
		{"other issuer", func(*issuerServer) string { return "https://evil.example" }, (*issuerServer).issuer},
		{"trailing slash asked", func(is *issuerServer) string { return is.issuer() }, func(is *issuerServer) string { return is.issuer() + "/" }},
		{"trailing slash claimed", func(is *issuerServer) string { return is.issuer() + "/" }, (*issuerServer).issuer},
		{"scheme case differs", func(is *issuerServer) string { return "HTTP" + is.issuer()[len("http"):] }, (*issuerServer).issuer},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			is := newIssuerServer(t, "", nil)
			is.paths = map[string]string{"/.well-known/openid-configuration": tt.claims(is)}
			rec := &recorder{}
			s, err := discoverTestSet(t, tt.asked(is), WithLogger(slog.New(rec)))
			if !errors.Is(err, ErrIssuerMismatch) || s != nil {
				t.Fatalf("Discover = %v, %v; want ErrIssuerMismatch", s, err)
			}
			if rec.contains("fetch failed") {
				t.Error("logged a retry for a mismatch that is returned, not retried")
			}
			if is.jwks.hits.Load() != 0 {
				t.Error("fetched the JWK Set of a mismatched issuer")
			}
		})
	}
}

func TestDiscoverRetriesWhileDown(t *testing.T) {
	is := newIssuerServer(t, "", map[string]string{"/.well-known/openid-configuration": ""})
	is.down.Store(true)
	s, err := discoverTestSet(t, is.issuer(), fast...)
	if err != nil {
		t.Fatalf("Discover with the issuer down = %v, want a retrying Set", err)
	}
	if _, _, err := s.VerificationKey(context.Background(), "a", "RS256"); !errors.Is(err, ErrKeysUnavailable) {
		t.Fatalf("lookup while down: err %v", err)
	}
	if s.Status().URL != "" {
		t.Error("jwks_uri known before discovery succeeded")
	}
	eventually(t, "discovery is retried", func() bool { return len(*is.seen.Load()) >= 4 })
	is.down.Store(false)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := s.Ready(ctx); err != nil {
		t.Fatalf("Ready = %v", err)
	}
	mustFind(t, s, "a", "RS256")
}

func TestDiscoverInvalidConfig(t *testing.T) {
	for _, issuer := range []string{"", "not a url", "http://idp.example.com", "https://idp.example.com?tenant=1", "https://idp.example.com#x", "ftp://idp.example.com"} {
		if s, err := Discover(context.Background(), issuer); !errors.Is(err, ErrInvalidConfig) || s != nil {
			t.Errorf("Discover(%q) = %v, %v; want ErrInvalidConfig", issuer, s, err)
		}
	}
	if _, err := Discover(context.Background(), "https://idp.example.com", WithHTTPTimeout(0)); !errors.Is(err, ErrInvalidConfig) {
		t.Errorf("bad option: err %v", err)
	}
}

func TestDiscoverRejectsInsecureJWKSURI(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_ = json.NewEncoder(w).Encode(map[string]string{"issuer": "http://" + r.Host, "jwks_uri": "http://idp.example.com/keys"})
	}))
	t.Cleanup(srv.Close)
	s, err := discoverTestSet(t, srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	if st := s.Status(); st.LastError == nil || st.URL != "" {
		t.Errorf("plain-http jwks_uri accepted: %+v", st)
	}
}

func TestWellKnownURLs(t *testing.T) {
	tests := []struct{ issuer, oidc, rfc string }{
		{"https://idp.example", "https://idp.example/.well-known/openid-configuration", "https://idp.example/.well-known/oauth-authorization-server"},
		{"https://idp.example/", "https://idp.example/.well-known/openid-configuration", "https://idp.example/.well-known/oauth-authorization-server"},
		{"https://idp.example/t/1", "https://idp.example/t/1/.well-known/openid-configuration", "https://idp.example/.well-known/oauth-authorization-server/t/1"},
		{"https://idp.example:8443/t/1/", "https://idp.example:8443/t/1/.well-known/openid-configuration", "https://idp.example:8443/.well-known/oauth-authorization-server/t/1"},
	}
	for _, tt := range tests {
		got := wellKnownURLs(tt.issuer)
		if !slices.Equal(got, []string{tt.oidc, tt.rfc}) {
			t.Errorf("wellKnownURLs(%q) = %q", tt.issuer, got)
		}
	}
}
