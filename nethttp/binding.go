package nethttp

import (
	"github.com/jwtguard/jwtguard/dpop"
	"github.com/jwtguard/jwtguard/internal/httpguard"
)

// WithDPoP turns on DPoP (RFC 9449): a request with "Authorization: DPoP <token>" is admitted only
// when the token is valid, DPoP-bound (cnf.jkt) and its DPoP header holds a proof v accepts for this
// request; handlers find the proof, with the client key's thumbprint, through dpop.FromContext. With
// mode dpop.Allowed Bearer tokens are still accepted, unless DPoP-bound (RFC 9449 §7.2); with
// dpop.Required only DPoP is. The 401 answers then carry a DPoP challenge naming v's algorithms (and,
// in Allowed mode, a Bearer challenge as a second WWW-Authenticate field):
//
//	bad or missing proof      DPoP realm="…", error="invalid_dpop_proof", error_description="…", algs="…"
//	nonce missing or stale    DPoP realm="…", error="use_dpop_nonce", error_description="…", algs="…"  + DPoP-Nonce
//	token refused             the challenge of the scheme used, error="invalid_token"
//	replay cache unavailable  503 "DPoP replay cache unavailable, retry later", Retry-After
//
// A nil v, or a mode that is neither dpop.Allowed nor dpop.Required, is an invalid option: Build
// returns it, New and Middleware panic. Without WithDPoP a DPoP-bound token is refused on the route
// (unsupported_binding).
func WithDPoP(v *dpop.Verifier, mode dpop.Mode) Option {
	return httpguard.WithDPoP[httpguard.Exchange](v, mode)
}

// WithCertificateBinding admits a certificate-bound token (RFC 8705: cnf with x5t#S256) only over a
// TLS connection whose client certificate (r.TLS.PeerCertificates[0]) it is bound to; otherwise the
// answer is 401 invalid_token (code certificate_mismatch). Tokens without that binding are
// unaffected; without this option a certificate-bound token is refused (unsupported_binding). The
// http.Server's tls.Config must ask for client certificates (ClientAuth) for a bound token ever to
// pass.
func WithCertificateBinding() Option {
	return httpguard.WithCertificateBinding[httpguard.Exchange]()
}
