package thumbprint

import (
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"math/big"
	"testing"
)

// TestRFC7638Example checks the worked example of RFC 7638 §3.1.
func TestRFC7638Example(t *testing.T) {
	n, err := base64.RawURLEncoding.DecodeString("0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw")
	if err != nil {
		t.Fatal(err)
	}
	got, err := JWK(&rsa.PublicKey{N: new(big.Int).SetBytes(n), E: 65537})
	if err != nil {
		t.Fatal(err)
	}
	if want := "NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs"; got != want {
		t.Fatalf("thumbprint = %s, want %s", got, want)
	}
}

// TestMembers checks the member order and canonical values for each key type, including an EC
// coordinate with leading zero octets, which must keep its full length.
func TestMembers(t *testing.T) {
	ed := ed25519.PublicKey(make([]byte, 32))
	if got, _ := AppendMembers(nil, ed); string(got) != `{"crv":"Ed25519","kty":"OKP","x":"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"}` {
		t.Errorf("Ed25519 members = %s", got)
	}
	rsaKey := &rsa.PublicKey{N: big.NewInt(0xABCDEF), E: 3}
	if got, _ := AppendMembers(nil, rsaKey); string(got) != `{"e":"Aw","kty":"RSA","n":"q83v"}` {
		t.Errorf("RSA members = %s", got)
	}
	for {
		k, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
		if err != nil {
			t.Fatal(err)
		}
		if k.X.BitLen() > 248 {
			continue // want a short x
		}
		got, _ := AppendMembers(nil, &k.PublicKey)
		x := make([]byte, 32)
		k.X.FillBytes(x)
		y := make([]byte, 32)
		k.Y.FillBytes(y)
		want := `{"crv":"P-256","kty":"EC","x":"` + base64.RawURLEncoding.EncodeToString(x) + `","y":"` + base64.RawURLEncoding.EncodeToString(y) + `"}`
		if string(got) != want {
			t.Fatalf("EC members = %s, want %s", got, want)
		}
		break
	}
	if _, err := JWK("not a key"); err == nil {
		t.Error("JWK accepted an unsupported key type")
	}
	if _, err := JWK(&rsa.PublicKey{}); err == nil {
		t.Error("JWK accepted an empty RSA key")
	}
}

func TestCertificate(t *testing.T) {
	cert := &x509.Certificate{Raw: []byte("not really DER, but hashed as it is")}
	sum := sha256.Sum256(cert.Raw)
	if got, want := Certificate(cert), base64.RawURLEncoding.EncodeToString(sum[:]); got != want {
		t.Fatalf("Certificate = %s, want %s", got, want)
	}
}
