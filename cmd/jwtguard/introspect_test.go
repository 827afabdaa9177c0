package main

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"github.com/jwtguard/jwtguard/issuertest"
)

func TestVerifyIntrospectExitPaths(t *testing.T) {
	iss := issuertest.New(t)
	down := issuertest.New(t)
	id, secret := iss.IntrospectionClient()
	secretFile := writeFile(t, secret+"\n")
	base := func(extra ...string) []string {
		return append([]string{"verify", "--introspect", iss.IntrospectionURL(), "--client-id", id, "--client-secret-file", secretFile}, extra...)
	}
	flags := func(extra ...string) []string { return base(append([]string{"--audience", "api"}, extra...)...) }
	valid := iss.MustMintOpaque(t, issuertest.WithAudience("api"), issuertest.WithSubject("alice"), issuertest.WithScope("read"))
	revoked := iss.MustMintOpaque(t, issuertest.WithAudience("api"))
	iss.Revoke(revoked)
	downURL := down.IntrospectionURL()
	down.Close()

	for _, tc := range []struct {
		name      string
		args      []string
		stdin     string
		wantCode  int
		wantFirst string
	}{
		{"valid", flags(valid), "", 0, ""},
		{"valid with issuer, a second audience and scope", flags("--issuer", iss.URL(), "--audience", "other", "--scope", "read", valid), "", 0, ""},
		{"valid from stdin", flags("-"), valid + "\n", 0, ""},
		{"revoked", flags(revoked), "", 1, "rejected: token_inactive: "},
		{"unknown", flags("never-issued"), "", 1, "rejected: token_inactive: "},
		{"expired", flags(iss.MustMintOpaque(t, issuertest.Expired())), "", 1, "rejected: token_inactive: "},
		{"wrong audience", base("--audience", "other", valid), "", 1, "rejected: invalid_audience: "},
		{"wrong issuer", flags("--issuer", "https://idp.example.com", valid), "", 1, "rejected: invalid_issuer: "},
		{"insufficient scope", flags("--scope", "read,write", valid), "", 1, "rejected: insufficient_scope: "},
		{"missing token", flags(""), "", 1, "rejected: missing_token: "},

		// Issue 22 item 8: as for JWTs, the audience is a decision the command line requires.
		{"no audience", base(valid), "", 2, "error: usage: "},

		{"endpoint down", []string{"verify", "--introspect", downURL, "--client-id", id, "--client-secret-file", secretFile, "--audience", "api", valid}, "", 2, "error: introspection_unavailable: "},
		{"wrong client secret", []string{"verify", "--introspect", iss.IntrospectionURL(), "--client-id", id, "--client-secret-file", writeFile(t, "nope"), "--audience", "api", valid}, "", 2, "error: introspection_unavailable: "},
		{"no client id", []string{"verify", "--introspect", iss.IntrospectionURL(), "--client-secret-file", secretFile, valid}, "", 2, "error: usage: "},
		{"no secret file", []string{"verify", "--introspect", iss.IntrospectionURL(), "--client-id", id, valid}, "", 2, "error: usage: "},
		{"client id without introspect", []string{"verify", "--client-id", id, "--client-secret-file", secretFile, valid}, "", 2, "error: usage: "},
		{"with --jwks", flags("--jwks", iss.JWKSURL(), valid), "", 2, "error: usage: "},
		{"with --alg", flags("--alg", "RS256", valid), "", 2, "error: usage: "},
		{"two issuers", flags("--issuer", "a", "--issuer", "b", valid), "", 2, "error: usage: "},
		{"no token", flags(), "", 2, "error: usage: "},
		{"unreadable secret file", []string{"verify", "--introspect", iss.IntrospectionURL(), "--client-id", id, "--client-secret-file", filepath.Join(t.TempDir(), "missing"), "--audience", "api", valid}, "", 2, "error: config: "},
		{"plain http off loopback", []string{"verify", "--introspect", "http://as.example.com/introspect", "--client-id", id, "--client-secret-file", secretFile, "--audience", "api", valid}, "", 2, "error: config: "},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := runBinary(t, tc.stdin, tc.args...)
			if r.code != tc.wantCode {
				t.Fatalf("exit %d, want %d; stderr:\n%s", r.code, tc.wantCode, r.stderr)
			}
			if !strings.HasPrefix(r.firstLine(), tc.wantFirst) {
				t.Errorf("stderr's first line = %q, want prefix %q", r.firstLine(), tc.wantFirst)
			}
			if tc.wantCode == 0 {
				if r.stderr != "" {
					t.Errorf("stderr = %q, want nothing", r.stderr)
				}
				var out struct {
					Claims map[string]any `json:"claims"`
				}
				if err := json.Unmarshal([]byte(r.stdout), &out); err != nil || out.Claims["active"] != true || out.Claims["sub"] != "alice" {
					t.Fatalf("stdout = %s (%v)", r.stdout, err)
				}
			} else if r.stdout != "" {
				t.Errorf("stdout = %q, want nothing", r.stdout)
			}
			for _, tok := range []string{valid, revoked, secret} {
				if strings.Contains(r.stderr, tok) || (tc.wantCode != 0 && strings.Contains(r.stdout, tok)) {
					t.Error("the output contains the token or the client secret")
				}
			}
		})
	}
}
