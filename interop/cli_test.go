//go:build interop

package interop_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// buildCLI builds cmd/jwtguard into dir and returns the binary's path.
func buildCLI(t *testing.T, dir string) string {
	t.Helper()
	bin := filepath.Join(dir, "jwtguard")
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Fatalf("go not on PATH: %v", err)
	}
	build := exec.Command(goTool, "build", "-o", bin, "github.com/jwtguard/jwtguard/cmd/jwtguard")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build ./cmd/jwtguard: %v\n%s", err, out)
	}
	return bin
}

// runCLI runs the built command and returns its exit status and output.
func runCLI(t *testing.T, bin string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	cmd := exec.CommandContext(ctxT(t, 60*time.Second), bin, args...)
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	err := cmd.Run()
	var exit *exec.ExitError
	switch {
	case err == nil:
	case errors.As(err, &exit):
		code = exit.ExitCode()
	default:
		t.Fatalf("run jwtguard: %v", err)
	}
	return code, out.String(), errOut.String()
}

// TestCLIVerify builds cmd/jwtguard and runs `jwtguard verify --discover` on tokens from the provider:
// a valid one exits 0 and prints its verified claims, refused ones exit 1 with the reason code.
func TestCLIVerify(t *testing.T) {
	dir := t.TempDir()
	bin := buildCLI(t, dir)

	jwksFile := filepath.Join(dir, "jwks.json")
	writeJWKS(t, jwksFile, newKeys(t, "1"))
	p := startProvider(t, jwksFile, 0)

	verify := func(t *testing.T, token string, extra ...string) (code int, stdout, stderr string) {
		t.Helper()
		args := append([]string{"verify", "--discover", p.issuer, "--issuer", p.issuer, "--audience", audience}, extra...)
		return runCLI(t, bin, append(args, token)...)
	}

	for _, a := range algs {
		t.Run(a.alg, func(t *testing.T) {
			tok := p.mint(t, audience+"/"+a.path, scopeRead).AccessToken
			code, stdout, stderr := verify(t, tok, "--typ", "at+jwt")
			if code != 0 {
				t.Fatalf("exit %d, want 0\nstderr: %s", code, stderr)
			}
			var doc any
			if err := json.Unmarshal([]byte(stdout), &doc); err != nil {
				t.Fatalf("stdout is not JSON: %v\n%s", err, stdout)
			}
			want := decodeUnverified(t, tok)
			for _, s := range []string{p.issuer, clientID, audience, want.Claims["jti"].(string), a.alg, a.path + "-1", "at+jwt"} {
				if !strings.Contains(stdout, s) {
					t.Errorf("stdout lacks %q:\n%s", s, stdout)
				}
			}
			if strings.Contains(stdout, tok) {
				t.Errorf("stdout echoes the token")
			}
		})
	}

	t.Run("jwks URL", func(t *testing.T) {
		tok := p.mint(t, audience+"/ps256", scopeRead).AccessToken
		cmd := exec.CommandContext(ctxT(t, 60*time.Second), bin, "verify", "--jwks", p.issuer+"/jwks", "--issuer", p.issuer, "--audience", audience, "--alg", "PS256", tok)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("verify --jwks: %v\n%s", err, out)
		}
	})

	t.Run("token on stdin", func(t *testing.T) {
		tok := p.mint(t, audience+"/es256", scopeRead).AccessToken
		cmd := exec.CommandContext(ctxT(t, 60*time.Second), bin, "verify", "--discover", p.issuer, "--issuer", p.issuer, "--audience", audience, "-")
		cmd.Stdin = strings.NewReader(tok + "\n")
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("verify -: %v\n%s", err, out)
		}
	})

	t.Run("rejected", func(t *testing.T) {
		expired := p.mint(t, audience+"/rs256/short", scopeRead).AccessToken
		wrongAud := p.mint(t, otherAPI+"/ps256", scopeRead).AccessToken
		exp := decodeUnverified(t, expired).Claims["exp"].(float64)
		if wait := time.Until(time.Unix(int64(exp)+1, 0)); wait > 0 {
			time.Sleep(wait)
		}
		h, pl, sig := split3(p.mint(t, audience+"/eddsa", scopeRead).AccessToken)
		tampered := h + "." + pl + "." + flipBit(t, sig)

		for _, tc := range []struct {
			name, token, reason string
			extra               []string
		}{
			{"expired", expired, "token_expired", []string{"--leeway", "0s"}},
			{"wrong audience", wrongAud, "invalid_audience", nil},
			{"tampered", tampered, "invalid_signature", nil},
			{"scope missing", p.mint(t, audience+"/es256", scopeRead).AccessToken, "insufficient_scope", []string{"--scope", scopeWrite}},
		} {
			t.Run(tc.name, func(t *testing.T) {
				code, stdout, stderr := verify(t, tc.token, tc.extra...)
				first, _, _ := strings.Cut(stderr, "\n")
				if code != 1 || !strings.HasPrefix(first, "rejected: "+tc.reason+": ") {
					t.Errorf("exit %d, stderr %q; want exit 1 and \"rejected: %s: ...\"", code, first, tc.reason)
				}
				if stdout != "" {
					t.Logf("stdout on rejection: %q", stdout)
				}
				if strings.Contains(stderr, tc.token) {
					t.Errorf("stderr echoes the token")
				}
			})
		}
	})

	t.Run("provider down", func(t *testing.T) {
		tok := p.mint(t, audience+"/rs256", scopeRead).AccessToken
		p.stop()
		code, stdout, stderr := verify(t, tok)
		if code != 2 || !strings.Contains(stderr, "keys_unavailable") || stdout != "" {
			t.Errorf("exit %d, stdout %q, stderr %q; want exit 2 naming keys_unavailable", code, stdout, stderr)
		}
	})
}
