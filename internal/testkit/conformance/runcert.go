package conformance

import (
	"crypto/tls"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/jwtguard/jwtguard/internal/testkit/testtoken"
	"github.com/jwtguard/jwtguard/internal/thumbprint"
)

// CertCase is one request over mutual TLS and the answer an HTTP adapter must give it.
type CertCase struct {
	Name string
	// Binding configures WithCertificateBinding; without it certificate-bound tokens are refused
	// (unsupported_binding), never taken for bearer tokens.
	Binding bool
	// Certificate is the client certificate presented: "client", "other" or "" for none.
	Certificate string
	// Token is a placeholder: "{cert-bound}" is bound to the client certificate.
	Token string
	Want  HTTPAnswer
}

// certMismatch is the answer to a certificate-bound token without its certificate.
func certMismatch(desc string) HTTPAnswer { return invalidToken(desc) }

// CertCases is the conformance table of RFC 8705 certificate binding for the HTTP adapters.
var CertCases = []CertCase{
	{Name: "bound token with its certificate", Binding: true, Certificate: "client", Token: "{cert-bound}", Want: ok(helloUser)},
	{Name: "bound token with another certificate", Binding: true, Certificate: "other", Token: "{cert-bound}",
		Want: certMismatch("the client certificate is not the one the token is bound to")},
	{Name: "bound token without a certificate", Binding: true, Token: "{cert-bound}",
		Want: certMismatch("the token is bound to a client certificate and none was presented")},
	{Name: "unbound token without a certificate", Binding: true, Token: "{valid}", Want: ok(helloUser)},
	{Name: "unbound token with a certificate", Binding: true, Certificate: "other", Token: "{valid}", Want: ok(helloUser)},
	{Name: "garbled cnf", Binding: true, Certificate: "client", Token: "{cert-garbled}",
		Want: invalidToken("claim cnf is not an object")},
	{Name: "without WithCertificateBinding a bound token is refused", Certificate: "client", Token: "{cert-bound}",
		Want: invalidToken(DescUnsupportedCertBinding)},
	{Name: "without WithCertificateBinding a bound token without certificate is refused", Token: "{cert-bound}",
		Want: invalidToken(DescUnsupportedCertBinding)},
	{Name: "without WithCertificateBinding an unbound token passes", Certificate: "other", Token: "{valid}",
		Want: ok(helloUser)},
}

// The descriptions of a sender-constrained token on a route that does not check its binding
// (binding.ErrUnsupportedBinding), by cnf member.
const (
	DescUnsupportedCertBinding = "the token is bound (cnf x5t#S256) and this resource does not check that binding"
	DescUnsupportedDPoPBinding = "the token is bound (cnf jkt) and this resource does not check that binding"
	DescUnsupportedJWKBinding  = "the token is bound (cnf jwk) and this resource does not check that binding"
	DescEmptyCnf               = "the token's cnf claim names no binding"
)

// RunCertificateBinding runs CertCases against servers made by build, each a real loopback TLS
// server that asks for client certificates of a PKI made for the test.
func RunCertificateBinding(t *testing.T, build Build) {
	t.Helper()
	m, err := testtoken.NewMinter()
	if err != nil {
		t.Fatal(err)
	}
	pki := NewPKI(t)
	tokens := MintTokens(m)
	tokens["cert-bound"] = m.Token(testtoken.Claim("cnf", map[string]any{"x5t#S256": thumbprint.Certificate(pki.Client.Leaf)}))
	tokens["cert-garbled"] = m.Token(testtoken.Claim("cnf", "x5t#S256"))
	servers := map[bool]*httptest.Server{}
	for _, binding := range []bool{false, true} {
		cfg, err := ConfigFor(Default, m)
		if err != nil {
			t.Fatal(err)
		}
		cfg.CertificateBinding = binding
		srv := httptest.NewUnstartedServer(build(cfg))
		srv.TLS = &tls.Config{ClientAuth: tls.VerifyClientCertIfGiven, ClientCAs: pki.Pool, MinVersion: tls.VersionTLS12}
		srv.StartTLS()
		t.Cleanup(srv.Close)
		servers[binding] = srv
	}
	certificates := map[string][]tls.Certificate{"": nil, "client": {pki.Client}, "other": {pki.Other}}
	for _, c := range CertCases {
		t.Run(c.Name, func(t *testing.T) {
			srv := servers[c.Binding]
			transport := srv.Client().Transport.(*http.Transport).Clone()
			transport.TLSClientConfig.Certificates = certificates[c.Certificate]
			client := &http.Client{Transport: transport}
			t.Cleanup(client.CloseIdleConnections)
			req, err := http.NewRequestWithContext(t.Context(), http.MethodGet, srv.URL+PathOpen, nil)
			if err != nil {
				t.Fatal(err)
			}
			req.Header.Set("Authorization", "Bearer "+tokens.Expand(c.Token))
			resp, body := do(t, client, req)
			checkAnswer(t, resp, body, c.Want)
		})
	}
}
