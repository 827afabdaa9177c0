package issuertest_test

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"strings"
	"testing"

	"github.com/golang-jwt/jwt/v5"

	"github.com/jwtguard/jwtguard/issuertest"
)

// TestBindingOptions checks the cnf members WithDPoPKey and WithCertificate write, that they combine,
// and that Mint names a key it cannot bind to.
func TestBindingOptions(t *testing.T) {
	iss := issuertest.New(t)
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	cert := &x509.Certificate{Raw: []byte("certificate DER")}
	tok := iss.MustMint(t, issuertest.WithDPoPKey(&key.PublicKey), issuertest.WithCertificate(cert))

	claims := jwt.MapClaims{}
	if _, _, err := jwt.NewParser().ParseUnverified(tok, claims); err != nil {
		t.Fatal(err)
	}
	cnf, _ := claims["cnf"].(map[string]any)
	sum := sha256.Sum256(cert.Raw)
	if got, want := cnf["x5t#S256"], base64.RawURLEncoding.EncodeToString(sum[:]); got != want {
		t.Errorf("cnf.x5t#S256 = %v, want %v", got, want)
	}
	// RFC 7638: SHA-256 over {"crv","kty","x","y"} in that order, without whitespace.
	x, y := make([]byte, 32), make([]byte, 32)
	key.X.FillBytes(x)
	key.Y.FillBytes(y)
	members := `{"crv":"P-256","kty":"EC","x":"` + base64.RawURLEncoding.EncodeToString(x) + `","y":"` + base64.RawURLEncoding.EncodeToString(y) + `"}`
	jkt := sha256.Sum256([]byte(members))
	if got, want := cnf["jkt"], base64.RawURLEncoding.EncodeToString(jkt[:]); got != want {
		t.Errorf("cnf.jkt = %v, want %v", got, want)
	}

	if _, err := iss.Mint(issuertest.WithDPoPKey("not a key")); err == nil || !strings.Contains(err.Error(), "WithDPoPKey") {
		t.Errorf("Mint with an unusable DPoP key: %v", err)
	}
	if _, err := iss.Mint(issuertest.WithCertificate(nil)); err == nil {
		t.Error("Mint with a nil certificate succeeded")
	}
}
