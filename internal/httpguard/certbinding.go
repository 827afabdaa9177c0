package httpguard

import (
	"crypto/x509"
	"net/http"

	"github.com/jwtguard/jwtguard/certbind"
)

// WithCertificateBinding enforces RFC 8705 §3 with certbind.Binding: a token whose cnf carries
// x5t#S256 is accepted only over a TLS connection whose client certificate has that SHA-256
// thumbprint; without one, or with another, it is refused as an invalid token (401,
// certificate_mismatch). Tokens that are not certificate-bound are unaffected; without this option a
// certificate-bound token is refused (unsupported_binding). The server must request client
// certificates (tls.Config ClientAuth) for a bound token ever to pass.
func WithCertificateBinding[C any]() Option[C] { return WithBinding[C](certbind.Binding()) }

// clientCertificate returns the client certificate r's TLS connection was made with, or nil.
func clientCertificate(r *http.Request) *x509.Certificate {
	if r.TLS == nil || len(r.TLS.PeerCertificates) == 0 {
		return nil
	}
	return r.TLS.PeerCertificates[0]
}
