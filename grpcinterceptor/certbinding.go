package grpcinterceptor

import (
	"context"
	"crypto/x509"

	"google.golang.org/grpc/credentials"
	"google.golang.org/grpc/peer"

	"github.com/jwtguard/jwtguard/binding"
	"github.com/jwtguard/jwtguard/certbind"
)

// WithCertificateBinding admits a certificate-bound token (RFC 8705: cnf with x5t#S256) only on a
// connection whose TLS client certificate it is bound to (the peer's credentials.TLSInfo), with
// certbind.Binding; otherwise the call fails with Unauthenticated, "certificate_mismatch: " and
// certbind.Check's description. Tokens without that binding are unaffected; without this option a
// certificate-bound token is refused ("unsupported_binding: …"). The server's TLS credentials must
// ask for client certificates (tls.Config ClientAuth) for a bound token ever to pass.
func WithCertificateBinding() Option {
	return func(c *config) { c.addBinding(certbind.Binding()) }
}

// addBinding puts m among the binding methods, in place of one for the same cnf member.
func (c *config) addBinding(m binding.Method) {
	for i, have := range c.bindings {
		if have.Member() == m.Member() {
			c.bindings[i] = m
			return
		}
	}
	c.bindings = append(c.bindings, m)
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
