package main

import (
	"strings"
	"testing"
)

// TestVerifyExplainsRejection checks what follows the first line of a rejection: the detail, then,
// for a failed claim check only, the token's claims labelled unverified.
func TestVerifyExplainsRejection(t *testing.T) {
	env := newVerifyEnv(t)
	valid := env.mint(t)
	for _, tc := range []struct {
		name   string
		args   []string
		first  string
		detail string
		claims bool
	}{
		{"wrong audience", []string{"verify", "--jwks", env.jwksFile, "--issuer", env.iss.URL(), "--audience", "other", valid},
			"rejected: invalid_audience: audience not accepted", `detail: aud ["api"], accepted ["other"]`, true},
		{"wrong issuer", []string{"verify", "--jwks", env.jwksFile, "--issuer", "https://idp.example.com", "--audience", "api", valid},
			"rejected: invalid_issuer: issuer not accepted", `detail: iss "` + env.iss.URL() + `", accepted ["https://idp.example.com"]`, true},
		{"insufficient scope", env.flags("--scope", "read,write", valid),
			"rejected: insufficient_scope: token lacks scope read write", `detail: scopes granted ["read"], required read write`, true},
		{"malformed: nothing to show", env.flags("not.a.token"), "rejected: malformed_token: ", "", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := runBinary(t, "", tc.args...)
			lines := strings.Split(r.stderr, "\n")
			if r.code != exitRejected || !strings.HasPrefix(lines[0], tc.first) {
				t.Fatalf("exit %d, stderr:\n%s", r.code, r.stderr)
			}
			if tc.detail != "" && (len(lines) < 2 || lines[1] != tc.detail) {
				t.Errorf("second line = %q, want %q\n%s", lines[1], tc.detail, r.stderr)
			}
			label := "claims (unverified, as the token states them):"
			if got := strings.Contains(r.stderr, label); got != tc.claims {
				t.Fatalf("claims shown = %v, want %v:\n%s", got, tc.claims, r.stderr)
			}
			if tc.claims && !strings.Contains(r.stderr, label+"\n{\n") || tc.claims && !strings.Contains(r.stderr, `  "sub": "alice"`) {
				t.Errorf("claims not printed as indented JSON:\n%s", r.stderr)
			}
			if strings.Contains(r.stderr, valid) || strings.Contains(r.stderr, strings.Split(valid, ".")[1]) {
				t.Error("stderr holds the token")
			}
		})
	}
}
