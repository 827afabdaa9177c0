// Package certbind applies the certificate-binding rule of RFC 8705 §3: a token whose cnf claim
// carries x5t#S256 is accepted only from a client that presented that certificate in mutual TLS.
// Binding is that rule as a binding.Method, which the HTTP adapters and the gRPC interceptor turn on
// with WithCertificateBinding, so the rule is written once; a server of the caller's own can call
// Check too. Where certificate binding is off, a certificate-bound token is refused all the same
// (package binding): it is never taken for a bearer token. The package has no options, so nothing in
// it can be misconfigured: the adapters' option rule (constructors return errors, convenience
// wrappers panic) has nothing to apply to here.
package certbind

import (
	"context"
	"crypto/subtle"
	"crypto/x509"

	"github.com/jwtguard/jwtguard/binding"
	"github.com/jwtguard/jwtguard/internal/reasons"
	"github.com/jwtguard/jwtguard/internal/thumbprint"
	"github.com/jwtguard/jwtguard/validator"
)

// ErrCertificateMismatch means a certificate-bound token (cnf x5t#S256) came without the client
// certificate it is bound to: none was presented, or another one. It is a row of the one table of
// refusals (validator.Reasons): code
// certificate_mismatch, answered 401 invalid_token over HTTP and Unauthenticated over gRPC.
var ErrCertificateMismatch = reasons.ErrCertificateMismatch

// Check returns nil when claims are not certificate-bound, or when leaf — the client certificate of
// the connection (HTTP: r.TLS.PeerCertificates[0]; gRPC: the peer's credentials.TLSInfo), nil when
// there is none — has the SHA-256 thumbprint the token's cnf.x5t#S256 names. Otherwise it returns a
// *validator.Error wrapping ErrCertificateMismatch, or validator.ErrMalformedToken for a garbled cnf:
// both token errors, answered 401 invalid_token over HTTP and Unauthenticated over gRPC.
func Check(claims *validator.Claims, leaf *x509.Certificate) error {
	if !claims.SenderConstrained() {
		return nil // no cnf: reading the payload again would find none
	}
	conf, bound, err := claims.Confirmation()
	if err != nil {
		return err
	}
	if !bound || conf.CertificateThumbprint == "" {
		return nil
	}
	if leaf == nil {
		return validator.NewError(ErrCertificateMismatch, "the token is bound to a client certificate and none was presented", nil)
	}
	if subtle.ConstantTimeCompare([]byte(thumbprint.Certificate(leaf)), []byte(conf.CertificateThumbprint)) != 1 {
		return validator.NewError(ErrCertificateMismatch, "the client certificate is not the one the token is bound to", nil)
	}
	return nil
}

// member is the cnf member of RFC 8705 §3.1 this package checks.
const member = "x5t#S256"

// Binding returns certificate binding as a binding.Method, the shape the HTTP adapters and the gRPC
// interceptor take (WithCertificateBinding): it checks the cnf member x5t#S256 against the request's
// binding.Request.PeerCertificate with Check.
func Binding() binding.Method { return method{} }

// method is Check as a binding.Method.
type method struct{}

// Member returns "x5t#S256".
func (method) Member() string { return member }

// Check returns ctx when claims are not certificate-bound or req's client certificate is the one
// they are bound to, else Check's refusal.
func (method) Check(ctx context.Context, claims *validator.Claims, req binding.Request) (context.Context, error) {
	if err := Check(claims, req.PeerCertificate); err != nil {
		return nil, err
	}
	return ctx, nil
}
