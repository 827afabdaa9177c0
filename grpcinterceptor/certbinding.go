package grpcinterceptor

import (
	"context"
	"crypto/x509"

	"google.golang.org/grpc/credentials"
	"google.golang.org/grpc/peer"
)

// WithCertificateBinding admits a certificate-bound token (RFC 8705: cnf with x5t#S256) only on a
// connection whose TLS client certificate it is bound to (the peer's credentials.TLSInfo); otherwise
// the call fails with Unauthenticated, "invalid_token: " and certbind.Check's description. Tokens
// without that binding are unaffected. The server's TLS credentials must ask for client certificates
// (tls.Config ClientAuth) for a bound token ever to pass.
func WithCertificateBinding() Option {
	return func(c *config) { c.certificateBinding = true }
}

// clientCertificate returns the TLS client certificate of the call's connection, or nil when the
// connection is not TLS or the client sent none.
func clientCertificate(ctx context.Context) *x509.Certificate {
	p, ok := peer.FromContext(ctx)
	if !ok {
		return nil
	}
	info, ok := p.AuthInfo.(credentials.TLSInfo)
	if !ok || len(info.State.PeerCertificates) == 0 {
		return nil
	}
	return info.State.PeerCertificates[0]
}
