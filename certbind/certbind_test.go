package certbind_test

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"errors"
	"math/big"
	"testing"
	"time"

	"github.com/jwtguard/jwtguard/certbind"
	"github.com/jwtguard/jwtguard/issuertest"
	"github.com/jwtguard/jwtguard/jwks"
	"github.com/jwtguard/jwtguard/validator"
)

// clientCert makes a self-signed client certificate, as a test of mutual TLS would.
func clientCert(t testing.TB, name string) *x509.Certificate {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1),
		Subject:      pkix.Name{CommonName: name},
		NotBefore:    time.Now().Add(-time.Hour),
		NotAfter:     time.Now().Add(time.Hour),
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	return cert
}

// claimsFor mints a token with opts at a real local issuer and validates it, as the adapters do
// before they call Check.
func claimsFor(t *testing.T, iss *issuertest.Issuer, v *validator.Validator, opts ...issuertest.MintOption) *validator.Claims {
	t.Helper()
	tok := iss.MustMint(t, append([]issuertest.MintOption{issuertest.WithAudience("api")}, opts...)...)
	claims, err := v.Validate(context.Background(), tok)
	if err != nil {
		t.Fatal(err)
	}
	return claims
}

func TestCheck(t *testing.T) {
	iss := issuertest.New(t)
	keys, err := jwks.New(context.Background(), iss.JWKSURL())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = keys.Close() })
	v, err := validator.New(keys, validator.WithIssuer(iss.URL()), validator.WithAudience("api"))
	if err != nil {
		t.Fatal(err)
	}
	mine, other := clientCert(t, "mine"), clientCert(t, "other")

	for _, tc := range []struct {
		name    string
		claims  *validator.Claims
		leaf    *x509.Certificate
		wantErr error
	}{
		{"bound, matching certificate", claimsFor(t, iss, v, issuertest.WithCertificate(mine)), mine, nil},
		{"bound, another certificate", claimsFor(t, iss, v, issuertest.WithCertificate(mine)), other, certbind.ErrCertificateMismatch},
		{"bound, no certificate", claimsFor(t, iss, v, issuertest.WithCertificate(mine)), nil, certbind.ErrCertificateMismatch},
		{"unbound, no certificate", claimsFor(t, iss, v), nil, nil},
		{"unbound, any certificate", claimsFor(t, iss, v), other, nil},
		{"DPoP-bound only", claimsFor(t, iss, v, issuertest.WithClaim("cnf", map[string]string{"jkt": "abc"})), nil, nil},
		{"cnf not an object", claimsFor(t, iss, v, issuertest.WithClaim("cnf", "x")), mine, validator.ErrMalformedToken},
		{"x5t#S256 not a string", claimsFor(t, iss, v, issuertest.WithClaim("cnf", map[string]int{"x5t#S256": 1})), mine, validator.ErrMalformedToken},
		{"x5t#S256 in another case", claimsFor(t, iss, v, issuertest.WithClaim("cnf", map[string]string{"X5T#s256": "x"})), mine, validator.ErrMalformedToken},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := certbind.Check(tc.claims, tc.leaf)
			if tc.wantErr == nil {
				if err != nil {
					t.Fatalf("Check: %v", err)
				}
				return
			}
			if !errors.Is(err, tc.wantErr) {
				t.Fatalf("Check = %v, want %v", err, tc.wantErr)
			}
			if validator.KindOf(err) != validator.KindTokenRefused {
				t.Fatalf("KindOf = %v, want token_refused", validator.KindOf(err))
			}
		})
	}
}
