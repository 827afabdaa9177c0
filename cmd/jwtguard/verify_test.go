package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/jwtguard/jwtguard/issuertest"
)

// verifyEnv is an issuer, its JWKS as a file, and the flags that accept its default tokens.
type verifyEnv struct {
	iss      *issuertest.Issuer
	jwksFile string
}

func newVerifyEnv(t *testing.T) verifyEnv {
	t.Helper()
	iss := issuertest.New(t)
	file := filepath.Join(t.TempDir(), "jwks.json")
	if err := os.WriteFile(file, iss.JWKS(), 0o600); err != nil {
		t.Fatal(err)
	}
	return verifyEnv{iss, file}
}

// flags returns the verify flags for the issuer's JWKS URL and audience "api", plus extra.
func (e verifyEnv) flags(extra ...string) []string {
	return append([]string{"verify", "--jwks", e.iss.JWKSURL(), "--issuer", e.iss.URL(), "--audience", "api"}, extra...)
}

func (e verifyEnv) mint(t *testing.T, opts ...issuertest.MintOption) string {
	t.Helper()
	base := []issuertest.MintOption{issuertest.WithAudience("api"), issuertest.WithSubject("alice"), issuertest.WithScope("read")}
	return e.iss.MustMint(t, append(base, opts...)...)
}

func TestVerifyExitPaths(t *testing.T) {
	env := newVerifyEnv(t)
	valid := env.mint(t)
	issuedAt := time.Now()
	tampered := func() string {
		parts := strings.Split(env.mint(t), ".")
		claims := `{"iss":"` + env.iss.URL() + `","aud":"api","sub":"mallory","exp":9999999999}`
		parts[1] = b64(claims)
		return strings.Join(parts, ".")
	}()

	for _, tc := range []struct {
		name      string
		args      []string
		stdin     string
		wantCode  int
		wantFirst string // prefix of stderr's first line; "" for none at all
	}{
		{"valid", env.flags(valid), "", 0, ""},
		{"valid from a file", []string{"verify", "--jwks", env.jwksFile, "--issuer", env.iss.URL(), "--audience", "api", valid}, "", 0, ""},
		{"valid by discovery", []string{"verify", "--discover", env.iss.URL(), "--audience", "api", valid}, "", 0, ""},
		{"valid from stdin", env.flags("-"), valid + "\n", 0, ""},
		{"flags after the token", append([]string{"verify", valid}, env.flags()[1:]...), "", 0, ""},
		{"valid with every option", env.flags("--alg", "RS256,ES256", "--leeway", "0s", "--scope", "read", "--typ", "at+jwt", valid), "", 0, ""},
		{"now honoured for an expired token", env.flags("--now", issuedAt.Add(-12*time.Minute).UTC().Format(time.RFC3339), env.mint(t, issuertest.Expired())), "", 0, ""},
		{"now honoured for a valid token", env.flags("--now", issuedAt.Add(time.Hour).UTC().Format(time.RFC3339), valid), "", 1, "rejected: token_expired: "},
		{"expired", env.flags(env.mint(t, issuertest.Expired())), "", 1, "rejected: token_expired: "},
		{"not yet valid", env.flags(env.mint(t, issuertest.WithNotBefore(time.Now().Add(time.Hour)))), "", 1, "rejected: token_not_yet_valid: "},
		{"tampered", env.flags(tampered), "", 1, "rejected: invalid_signature: "},
		{"unknown key", []string{"verify", "--jwks", env.jwksFile, "--issuer", env.iss.URL(), "--audience", "api", env.mint(t, issuertest.WithUnknownKey())}, "", 1, "rejected: unknown_key: "},
		{"wrong issuer", []string{"verify", "--jwks", env.jwksFile, "--issuer", "https://idp.example.com", "--audience", "api", valid}, "", 1, "rejected: invalid_issuer: "},
		{"wrong audience", []string{"verify", "--jwks", env.jwksFile, "--issuer", env.iss.URL(), "--audience", "other", valid}, "", 1, "rejected: invalid_audience: "},
		{"wrong typ", env.flags("--typ", "at+jwt", env.mint(t, issuertest.WithHeader("typ", "JWT"))), "", 1, "rejected: invalid_token_type: "},
		{"insufficient scope", env.flags("--scope", "read,write", valid), "", 1, "rejected: insufficient_scope: "},
		{"unsupported algorithm", env.flags("--alg", "ES256", valid), "", 1, "rejected: unsupported_algorithm: "},
		{"header claims alg none", env.flags(env.mint(t, issuertest.WithHeader("alg", "none"))), "", 1, "rejected: unsupported_algorithm: "},
		{"missing exp", env.flags(env.mint(t, issuertest.WithClaim("exp", nil))), "", 1, "rejected: missing_claim: "},
		{"malformed", env.flags("not.a.token"), "", 1, "rejected: malformed_token: "},
		{"missing token", env.flags(""), "", 1, "rejected: missing_token: "},
		{"missing token on stdin", env.flags("-"), " \n", 1, "rejected: missing_token: "},
		{"too large", env.flags(strings.Repeat("a", 20<<10)), "", 1, "rejected: token_too_large: "},
		{"too large on stdin", env.flags("-"), strings.Repeat("a", 2<<20), 1, "rejected: token_too_large: "},

		{"no command", nil, "", 2, "error: usage: "},
		{"unknown command", []string{"frobnicate"}, "", 2, "error: usage: "},
		{"unknown flag", env.flags("--frob", valid), "", 2, "error: usage: "},
		{"no key source", []string{"verify", "--issuer", "i", "--audience", "a", valid}, "", 2, "error: usage: "},
		{"two key sources", env.flags("--discover", env.iss.URL(), valid), "", 2, "error: usage: "},
		{"no issuer", []string{"verify", "--jwks", env.jwksFile, "--audience", "api", valid}, "", 2, "error: usage: "},
		{"no audience", []string{"verify", "--jwks", env.jwksFile, "--issuer", env.iss.URL(), valid}, "", 2, "error: usage: "},
		{"no token", env.flags(), "", 2, "error: usage: "},
		{"two tokens", env.flags(valid, valid), "", 2, "error: usage: "},
		{"bad now", env.flags("--now", "yesterday", valid), "", 2, "error: usage: "},
		{"bad leeway", env.flags("--leeway", "soon", valid), "", 2, "error: usage: "},
		{"empty alg", env.flags("--alg", "RS256,", valid), "", 2, "error: usage: "},
		{"bad timeout", env.flags("--timeout", "0s", valid), "", 2, "error: usage: "},
		{"leeway too large", env.flags("--leeway", "1h", valid), "", 2, "error: config: "},
		{"unknown algorithm", env.flags("--alg", "RS257", valid), "", 2, "error: config: "},
		{"unreadable JWKS file", []string{"verify", "--jwks", filepath.Join(t.TempDir(), "missing.json"), "--issuer", "i", "--audience", "a", valid}, "", 2, "error: config: "},
		{"invalid JWKS file", []string{"verify", "--jwks", writeFile(t, `{"keys": "nope"}`), "--issuer", "i", "--audience", "a", valid}, "", 2, "error: config: "},
		{"discovered issuer differs", []string{"verify", "--discover", env.iss.URL() + "/", "--audience", "api", valid}, "", 2, "error: config: "},
		{"plain http JWKS off loopback", []string{"verify", "--jwks", "http://idp.example.com/jwks.json", "--issuer", "i", "--audience", "a", valid}, "", 2, "error: config: "},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := runBinary(t, tc.stdin, tc.args...)
			if r.code != tc.wantCode {
				t.Fatalf("exit %d, want %d; stderr:\n%s", r.code, tc.wantCode, r.stderr)
			}
			if tc.wantFirst == "" && r.stderr != "" {
				t.Errorf("stderr = %q, want nothing", r.stderr)
			}
			if !strings.HasPrefix(r.firstLine(), tc.wantFirst) {
				t.Errorf("stderr's first line = %q, want prefix %q", r.firstLine(), tc.wantFirst)
			}
			if tc.wantCode == 0 {
				checkVerifiedJSON(t, r.stdout, env.iss)
			} else if r.stdout != "" {
				t.Errorf("stdout = %q, want nothing", r.stdout)
			}
			for _, arg := range append(tc.args, tc.stdin) {
				if len(arg) > 100 && (strings.Contains(r.stderr, arg) || strings.Contains(r.stdout, arg)) {
					t.Error("the output contains the token")
				}
			}
		})
	}
}

// checkVerifiedJSON checks verify's standard output: the token's header and claims as JSON.
func checkVerifiedJSON(t *testing.T, stdout string, iss *issuertest.Issuer) {
	t.Helper()
	var out struct {
		Header map[string]any `json:"header"`
		Claims map[string]any `json:"claims"`
	}
	if err := json.Unmarshal([]byte(stdout), &out); err != nil {
		t.Fatalf("stdout is not JSON: %v\n%s", err, stdout)
	}
	if out.Header["typ"] != "at+jwt" || out.Header["alg"] == nil || out.Header["kid"] == nil {
		t.Errorf("header = %v", out.Header)
	}
	if out.Claims["iss"] != iss.URL() || out.Claims["sub"] != "alice" || out.Claims["aud"] != "api" {
		t.Errorf("claims = %v", out.Claims)
	}
}

func writeFile(t *testing.T, content string) string {
	t.Helper()
	name := filepath.Join(t.TempDir(), "file")
	if err := os.WriteFile(name, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return name
}

func TestVerifyKeysUnavailable(t *testing.T) {
	env := newVerifyEnv(t)
	valid := env.mint(t)
	for _, fault := range []issuertest.Fault{issuertest.FaultStatus(503), issuertest.FaultDown, issuertest.FaultGarbage} {
		t.Run(fault.String(), func(t *testing.T) {
			env.iss.SetJWKSFault(fault)
			defer env.iss.SetJWKSFault(issuertest.FaultNone)
			r := runBinary(t, "", env.flags(valid)...)
			if r.code != 2 || !strings.HasPrefix(r.firstLine(), "error: keys_unavailable: ") {
				t.Fatalf("exit %d, stderr:\n%s", r.code, r.stderr)
			}
		})
	}
	t.Run("slow past the timeout", func(t *testing.T) {
		env.iss.SetJWKSFault(issuertest.FaultSlow(time.Hour))
		defer env.iss.SetJWKSFault(issuertest.FaultNone)
		r := runBinary(t, "", env.flags("--timeout", "200ms", valid)...)
		if r.code != 2 || !strings.HasPrefix(r.firstLine(), "error: keys_unavailable: ") {
			t.Fatalf("exit %d, stderr:\n%s", r.code, r.stderr)
		}
	})
}

func TestVerifyEveryAlgorithm(t *testing.T) {
	env := newVerifyEnv(t)
	for _, alg := range env.iss.Algorithms() {
		t.Run(alg, func(t *testing.T) {
			r := runBinary(t, "", append([]string{"verify", "--jwks", env.jwksFile, "--issuer", env.iss.URL(), "--audience", "api", "--alg", alg},
				env.mint(t, issuertest.WithAlgorithm(alg)))...)
			if r.code != 0 {
				t.Fatalf("exit %d, stderr:\n%s", r.code, r.stderr)
			}
		})
	}
}

func TestHelp(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"help"}, "jwtguard verify"},
		{[]string{"--help"}, "jwtguard verify"},
		{[]string{"-h"}, "jwtguard verify"},
		{[]string{"help", "verify"}, "--jwks URL|FILE"},
		{[]string{"verify", "--help"}, "--jwks URL|FILE"},
		{[]string{"verify", "-h"}, "--jwks URL|FILE"},
		{[]string{"help", "demo"}, "--once"},
		{[]string{"demo", "--help"}, "--once"},
	} {
		t.Run(strings.Join(tc.args, " "), func(t *testing.T) {
			r := runInProcess("", tc.args...)
			if r.code != 0 || !strings.Contains(r.stdout, tc.want) || r.stderr != "" {
				t.Errorf("exit %d stdout %q stderr %q", r.code, r.stdout, r.stderr)
			}
		})
	}
	if r := runInProcess("", "help", "frob"); r.code != 2 || !strings.HasPrefix(r.firstLine(), "error: usage: ") {
		t.Errorf("help for an unknown command: exit %d stderr %q", r.code, r.stderr)
	}
}

func TestParseFlagsStopsAtDoubleDash(t *testing.T) {
	r := runBinary(t, "", "verify", "--jwks", "x.json", "--issuer", "i", "--audience", "a", "--", "-not-a-flag", "second")
	if r.code != 2 || !strings.Contains(r.firstLine(), "got 2 arguments") {
		t.Errorf("exit %d, first line %q", r.code, r.firstLine())
	}
}

// TestVerifyNotesFollowTheResultLine checks that what the key set logs (here: a skipped symmetric
// key) comes after the line scripts read, never before it.
func TestVerifyNotesFollowTheResultLine(t *testing.T) {
	env := newVerifyEnv(t)
	var set struct {
		Keys []json.RawMessage `json:"keys"`
	}
	if err := json.Unmarshal(env.iss.JWKS(), &set); err != nil {
		t.Fatal(err)
	}
	set.Keys = append([]json.RawMessage{json.RawMessage(`{"kty":"oct","k":"c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0LXNlY3JldA","kid":"hmac"}`)}, set.Keys...)
	data, err := json.Marshal(set)
	if err != nil {
		t.Fatal(err)
	}
	file := writeFile(t, string(data))

	r := runBinary(t, "", "verify", "--jwks", file, "--issuer", env.iss.URL(), "--audience", "api", env.mint(t, issuertest.Expired()))
	lines := strings.Split(strings.TrimSpace(r.stderr), "\n")
	if r.code != 1 || !strings.HasPrefix(lines[0], "rejected: token_expired: ") || len(lines) < 2 {
		t.Fatalf("exit %d, stderr:\n%s", r.code, r.stderr)
	}
	// The detail and the unverified claims come first (see TestVerifyExplainsRejection), then the notes.
	notes := slices.IndexFunc(lines, func(l string) bool { return strings.HasPrefix(l, "note: ") })
	if notes < 2 {
		t.Fatalf("no notes after the result line and its explanation:\n%s", r.stderr)
	}
	for _, line := range lines[notes:] {
		if !strings.HasPrefix(line, "note: ") {
			t.Errorf("stderr line %q is not marked as a note", line)
		}
	}
}
