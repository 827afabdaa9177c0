package main

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"encoding/pem"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/jwtguard/jwtguard/dpop"
)

// TestDPoPProof checks that the proof dpop-proof prints is accepted by a Verifier for the request it
// names, query dropped and token hashed, from a PKCS#8 and a SEC 1 key file alike, and that the
// token is never printed.
func TestDPoPProof(t *testing.T) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	pkcs8, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	sec1, err := x509.MarshalECPrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	files := map[string]*pem.Block{"pkcs8.pem": {Type: "PRIVATE KEY", Bytes: pkcs8}, "sec1.pem": {Type: "EC PRIVATE KEY", Bytes: sec1}}
	jkt, err := dpop.Thumbprint(&key.PublicKey)
	if err != nil {
		t.Fatal(err)
	}
	const token = "the-access-token"
	for name, block := range files {
		t.Run(name, func(t *testing.T) {
			file := filepath.Join(dir, name)
			if err := os.WriteFile(file, pem.EncodeToMemory(block), 0o600); err != nil {
				t.Fatal(err)
			}
			r := runInProcess(token+"\n", "dpop-proof", "--key", file, "--method", "post",
				"--url", "https://api.example.com/orders?page=2", "--token", "-")
			if r.code != exitOK {
				t.Fatalf("exit %d: %s", r.code, r.stderr)
			}
			if strings.Contains(r.stdout, token) {
				t.Errorf("the token was printed: %q", r.stdout)
			}
			v, err := dpop.NewVerifier(dpop.WithBaseURL("https://api.example.com"))
			if err != nil {
				t.Fatal(err)
			}
			req := httptest.NewRequest("POST", "https://api.example.com/orders?page=3", nil)
			req.Header.Set("DPoP", strings.TrimSpace(r.stdout))
			if _, err := v.VerifyRequest(req, token, jkt); err != nil {
				t.Errorf("the printed proof is refused: %v", err)
			}
		})
	}
}

func TestDPoPProofRefusesBadInput(t *testing.T) {
	dir := t.TempDir()
	notPEM := filepath.Join(dir, "key.txt")
	if err := os.WriteFile(notPEM, []byte("not a key"), 0o600); err != nil {
		t.Fatal(err)
	}
	for name, args := range map[string][]string{
		"no key":        {"--url", "https://api.example.com/"},
		"no url":        {"--key", notPEM},
		"missing file":  {"--key", filepath.Join(dir, "absent.pem"), "--url", "https://api.example.com/"},
		"not PEM":       {"--key", notPEM, "--url", "https://api.example.com/"},
		"extra operand": {"--key", notPEM, "--url", "https://api.example.com/", "extra"},
	} {
		t.Run(name, func(t *testing.T) {
			r := runInProcess("", append([]string{"dpop-proof"}, args...)...)
			if r.code != exitError || r.stdout != "" || !strings.HasPrefix(r.firstLine(), "error: ") {
				t.Errorf("exit %d, stdout %q, stderr %q; want exit 2 and an error line", r.code, r.stdout, r.firstLine())
			}
		})
	}
}
