package issuertest_test

import (
	"encoding/json"
	"errors"
	"net/http"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/jwtguard/jwtguard/issuertest"
)

func TestMetadataDocuments(t *testing.T) {
	for _, path := range []string{"", "/realms/test"} {
		iss := issuertest.New(t, issuertest.WithIssuerPath(path), issuertest.WithAlgorithms("ES256", "EdDSA"))
		for _, tc := range []struct {
			name string
			url  string
		}{
			{"openid-configuration", iss.URL() + "/.well-known/openid-configuration"},
			{"oauth-authorization-server", strings.Replace(iss.URL(), path, "", 1) + "/.well-known/oauth-authorization-server" + path},
		} {
			t.Run(tc.name+path, func(t *testing.T) {
				before := iss.DiscoveryFetches()
				status, body := get(t, newClient(t), tc.url)
				if status != http.StatusOK {
					t.Fatalf("status %d", status)
				}
				var doc struct {
					Issuer  string   `json:"issuer"`
					JWKSURI string   `json:"jwks_uri"`
					Algs    []string `json:"id_token_signing_alg_values_supported"`
					Types   []string `json:"response_types_supported"`
				}
				if err := json.Unmarshal(body, &doc); err != nil {
					t.Fatalf("not JSON: %v", err)
				}
				if doc.Issuer != iss.URL() || doc.JWKSURI != iss.JWKSURL() {
					t.Errorf("issuer %q jwks_uri %q, want %q %q", doc.Issuer, doc.JWKSURI, iss.URL(), iss.JWKSURL())
				}
				if !slices.Equal(doc.Algs, []string{"ES256", "EdDSA"}) || len(doc.Types) == 0 {
					t.Errorf("algs %v, response types %v", doc.Algs, doc.Types)
				}
				if got := iss.DiscoveryFetches() - before; got != 1 {
					t.Errorf("DiscoveryFetches grew by %d, want 1", got)
				}
			})
		}
		if iss.DiscoveryURL() != iss.URL()+"/.well-known/openid-configuration" ||
			!strings.HasSuffix(iss.MetadataURL(), "/.well-known/oauth-authorization-server"+path) {
			t.Errorf("DiscoveryURL %q MetadataURL %q", iss.DiscoveryURL(), iss.MetadataURL())
		}
		if _, body := get(t, newClient(t), iss.JWKSURL()); len(parseKeys(t, body)) != 2 {
			t.Errorf("JWKS under path %q: %s", path, body)
		}
	}
}

func TestURLs(t *testing.T) {
	iss := issuertest.New(t, issuertest.WithAlgorithms("ES256"))
	if !strings.HasPrefix(iss.URL(), "http://127.0.0.1:") || strings.HasSuffix(iss.URL(), "/") {
		t.Errorf("URL %q: want http://127.0.0.1:port without trailing slash", iss.URL())
	}
	if iss.JWKSURL() != iss.URL()+"/jwks.json" {
		t.Errorf("URL %q JWKSURL %q", iss.URL(), iss.JWKSURL())
	}
}

func TestRoutes(t *testing.T) {
	iss := issuertest.New(t, issuertest.WithAlgorithms("ES256"))
	client := newClient(t)
	for _, tc := range []struct {
		method, path string
		want         int
	}{
		{http.MethodGet, "/jwks.json", http.StatusOK},
		{http.MethodHead, "/jwks.json", http.StatusOK},
		{http.MethodPost, "/jwks.json", http.StatusMethodNotAllowed},
		{http.MethodDelete, "/.well-known/openid-configuration", http.StatusMethodNotAllowed},
		{http.MethodGet, "/authorize", http.StatusNotImplemented},
		{http.MethodGet, "/", http.StatusNotFound},
		{http.MethodGet, "/jwks.json/", http.StatusNotFound},
		{http.MethodGet, "/.well-known/openid-configuration/x", http.StatusNotFound},
	} {
		t.Run(tc.method+tc.path, func(t *testing.T) {
			req, err := http.NewRequest(tc.method, iss.URL()+tc.path, nil)
			if err != nil {
				t.Fatal(err)
			}
			resp, err := client.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode != tc.want {
				t.Errorf("status %d, want %d", resp.StatusCode, tc.want)
			}
		})
	}
}

func TestStartRejectsBadOptions(t *testing.T) {
	for _, tc := range []struct {
		name string
		opt  issuertest.Option
	}{
		{"no algorithms", issuertest.WithAlgorithms()},
		{"symmetric algorithm", issuertest.WithAlgorithms("HS256")},
		{"none", issuertest.WithAlgorithms("RS256", "none")},
		{"unknown algorithm", issuertest.WithAlgorithms("RS257")},
		{"nil clock", issuertest.WithClock(nil)},
		{"relative path", issuertest.WithIssuerPath("realms")},
		{"empty segment", issuertest.WithIssuerPath("/a//b")},
		{"dot segment", issuertest.WithIssuerPath("/a/../b")},
		{"well-known", issuertest.WithIssuerPath("/.well-known")},
		{"query", issuertest.WithIssuerPath("/a?b=c")},
		{"wildcard", issuertest.WithIssuerPath("/{x}")},
		{"space", issuertest.WithIssuerPath("/a b")},
	} {
		t.Run(tc.name, func(t *testing.T) {
			iss, err := issuertest.Start(tc.opt)
			if err == nil {
				iss.Close()
				t.Fatal("Start accepted the option")
			}
		})
	}
}

func TestStartAcceptsOptions(t *testing.T) {
	iss, err := issuertest.Start(nil, issuertest.WithAlgorithms("ES256", "ES256"), issuertest.WithIssuerPath("/t/"))
	if err != nil {
		t.Fatal(err)
	}
	defer iss.Close()
	if !slices.Equal(iss.Algorithms(), []string{"ES256"}) || !strings.HasSuffix(iss.URL(), ":"+portOf(iss.URL())+"/t") {
		t.Errorf("Algorithms %v Issuer %q", iss.Algorithms(), iss.URL())
	}
}

func portOf(url string) string {
	host := strings.TrimPrefix(url, "http://127.0.0.1:")
	port, _, _ := strings.Cut(host, "/")
	return port
}

func TestNewClosesWhenTestEnds(t *testing.T) {
	var url string
	t.Run("inner", func(t *testing.T) {
		url = issuertest.New(t, issuertest.WithAlgorithms("EdDSA")).JWKSURL()
		if status, _ := get(t, newClient(t), url); status != http.StatusOK {
			t.Fatalf("status %d while the test runs", status)
		}
	})
	client := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}, Timeout: 10 * time.Second}
	_, err := client.Get(url)
	if !errors.Is(err, syscall.ECONNREFUSED) {
		t.Fatalf("after the test: err = %v, want connection refused", err)
	}
}

func TestCloseTwice(t *testing.T) {
	iss, err := issuertest.Start(issuertest.WithAlgorithms("ES256"))
	if err != nil {
		t.Fatal(err)
	}
	iss.Close()
	iss.Close()
	// Minting needs no server.
	if _, err := iss.Mint(); err != nil {
		t.Fatalf("Mint after Close: %v", err)
	}
}
