package conformance

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"math/big"
	"net"
	"testing"
	"time"
)

// PKI is a certificate authority made for one test, with two client certificates it issued: the
// mutual-TLS setting of RFC 8705 in which tokens are bound to a client certificate.
type PKI struct {
	// Pool holds the CA certificate, for a server's tls.Config ClientCAs.
	Pool *x509.CertPool
	// Client and Other are client certificates of the CA: tokens are bound to Client.
	Client, Other tls.Certificate
}

// NewPKI generates the CA and the two client certificates (ECDSA P-256, valid around now).
func NewPKI(t testing.TB) *PKI {
	t.Helper()
	caKey, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	caTemplate := &x509.Certificate{
		SerialNumber:          big.NewInt(1),
		Subject:               pkix.Name{CommonName: "jwtguard test CA"},
		NotBefore:             time.Now().Add(-time.Hour),
		NotAfter:              time.Now().Add(time.Hour),
		IsCA:                  true,
		BasicConstraintsValid: true,
		KeyUsage:              x509.KeyUsageCertSign,
	}
	ca := sign(t, caTemplate, caKey, nil, caKey).Leaf
	p := &PKI{Pool: x509.NewCertPool()}
	p.Pool.AddCert(ca)
	p.Client = issueClient(t, ca, caKey, 2, "client-1")
	p.Other = issueClient(t, ca, caKey, 3, "client-2")
	return p
}

// issueClient returns a client certificate for name, signed by ca.
func issueClient(t testing.TB, ca *x509.Certificate, caKey *ecdsa.PrivateKey, serial int64, name string) tls.Certificate {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	template := &x509.Certificate{
		SerialNumber: big.NewInt(serial),
		Subject:      pkix.Name{CommonName: name},
		NotBefore:    time.Now().Add(-time.Hour),
		NotAfter:     time.Now().Add(time.Hour),
		KeyUsage:     x509.KeyUsageDigitalSignature,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth},
	}
	return sign(t, template, key, ca, caKey)
}

// sign issues template for key, signed by parent's key parentKey, or self-signed when parent is nil.
func sign(t testing.TB, template *x509.Certificate, key *ecdsa.PrivateKey, parent *x509.Certificate, parentKey *ecdsa.PrivateKey) tls.Certificate {
	t.Helper()
	if parent == nil {
		parent = template
	}
	der, err := x509.CreateCertificate(rand.Reader, template, parent, &key.PublicKey, parentKey)
	if err != nil {
		t.Fatal(err)
	}
	leaf, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key, Leaf: leaf}
}

// NewServerCertificate returns a self-signed server certificate for the IP address host, for
// loopback TLS servers whose clients trust exactly that certificate.
func NewServerCertificate(t testing.TB, host string) tls.Certificate {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	template := &x509.Certificate{
		SerialNumber:          big.NewInt(1),
		Subject:               pkix.Name{CommonName: host},
		NotBefore:             time.Now().Add(-time.Hour),
		NotAfter:              time.Now().Add(time.Hour),
		IPAddresses:           []net.IP{net.ParseIP(host)},
		KeyUsage:              x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		IsCA:                  true,
		BasicConstraintsValid: true,
	}
	return sign(t, template, key, nil, key)
}
