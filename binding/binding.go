// Package binding is the one rule for sender-constrained tokens, for every transport: a token that
// carries a cnf claim (RFC 7800) is bound to a key or certificate its presenter must prove, so it is
// accepted only with that proof. DPoP (RFC 9449, cnf.jkt; package dpop) and mutual-TLS certificate
// binding (RFC 8705, cnf.x5t#S256; package certbind) are Methods. The HTTP adapters and the gRPC
// interceptor call Check once per request, after the token is validated, with the Methods their
// options turned on.
//
// The rule, whatever the route enabled:
//
//   - A token without cnf is checked by each Method only for what the request claims (a DPoP
//     request's token must be DPoP-bound).
//   - A token with cnf is refused unless every member of its cnf is one a configured Method checks:
//     a DPoP-bound token where DPoP is off (any gRPC call, an HTTP route without WithDPoP), a
//     certificate-bound one where certificate binding is off, or a cnf member no Method knows (such
//     as jwk or kid) is refused with ErrUnsupportedBinding, 401 invalid_token /
//     Unauthenticated, before any proof is looked at. A bound token never passes as a bearer token.
//   - Each Method then checks the proof of its member; a garbled cnf is a malformed token.
//
// A new binding method is one package implementing Method plus one option per adapter that adds it;
// neither Check nor the adapters' flow changes.
package binding

import (
	"context"
	"crypto/x509"
	"maps"
	"net/http"
	"net/url"
	"slices"

	"github.com/jwtguard/jwtguard/internal/clip"
	"github.com/jwtguard/jwtguard/internal/reasons"
	"github.com/jwtguard/jwtguard/validator"
)

// Request is what a Method may read of the request that presented a token, whatever its transport.
// Fields the transport does not have are left zero: gRPC has no Method, URL or Header.
type Request struct {
	// Scheme is the authorization scheme the token came with, in lower case: "bearer", or "dpop"
	// for "Authorization: DPoP"; "" when the token came another way (a cookie, a query parameter).
	Scheme string
	// Token is the access token as presented.
	Token string
	// PeerCertificate is the client certificate of the connection (mutual TLS), or nil.
	PeerCertificate *x509.Certificate
	// HTTP is the request when the transport is net/http (and so Echo and Gin), else nil.
	HTTP *http.Request
	// Method, URL and Header describe an HTTP request the transport does not hand over as an
	// *http.Request (a connect-go interceptor): its method, absolute URL and header fields.
	Method string
	URL    *url.URL
	Header http.Header
}

// Method is one way a token is bound to its presenter.
type Method interface {
	// Member is the cnf member whose binding the Method checks, e.g. "jkt" or "x5t#S256".
	Member() string
	// Check decides on the validated claims presented by req, bound or not, and returns ctx with
	// what the proof established for handlers (or ctx itself), or the refusal: a *validator.Error.
	Check(ctx context.Context, claims *validator.Claims, req Request) (context.Context, error)
}

// ErrUnsupportedBinding means the token is sender-constrained (it has a cnf claim, RFC 7800) by a
// method that no Method configured for the route checks: a DPoP-bound token (cnf.jkt) where DPoP is
// off, a certificate-bound one (cnf.x5t#S256) where certificate binding is off, or a cnf member no
// Method knows. Such a token is refused, never treated as a bearer token. Declared in the one table
// of refusals (validator.Reasons): code unsupported_binding, 401 invalid_token / Unauthenticated.
var ErrUnsupportedBinding = reasons.ErrUnsupportedBinding

// maxMemberName bounds how much of a cnf member's name a refusal quotes.
const maxMemberName = 32

// Check applies the rule of the package documentation to claims, validated, presented by req, with
// methods, the Methods the route has on: it returns ctx, with whatever the methods added, or the
// refusal. A token without cnf costs nothing more when no method is on.
func Check(ctx context.Context, methods []Method, claims *validator.Claims, req Request) (context.Context, error) {
	if claims.SenderConstrained() {
		if err := covered(methods, claims); err != nil {
			return nil, err
		}
	}
	for _, m := range methods {
		var err error
		if ctx, err = m.Check(ctx, claims, req); err != nil {
			return nil, err
		}
	}
	return ctx, nil
}

// covered returns nil when every member of the token's cnf is one of methods', else the refusal
// naming the first member none checks. A cnf that is not a well-formed object is a malformed token.
func covered(methods []Method, claims *validator.Claims) error {
	if _, _, err := claims.Confirmation(); err != nil {
		return err
	}
	cnf, _ := claims.Get("cnf")
	members, _ := cnf.(map[string]any) // an object: Confirmation has checked it
	if len(members) == 0 {
		return validator.NewError(ErrUnsupportedBinding, "the token's cnf claim names no binding", nil)
	}
	for _, name := range slices.Sorted(maps.Keys(members)) {
		if !claimed(methods, name) {
			return validator.NewError(ErrUnsupportedBinding,
				"the token is bound (cnf "+printable(clip.Head(name, maxMemberName))+") and this resource does not check that binding", nil)
		}
	}
	return nil
}

// claimed reports whether one of methods checks the cnf member name.
func claimed(methods []Method, name string) bool {
	for _, m := range methods {
		if m.Member() == name {
			return true
		}
	}
	return false
}

// printable returns s with every byte that is not printable ASCII replaced by '?': the name is the
// issuer's, but a description must stay one clean line.
func printable(s string) string {
	b := []byte(s)
	for i, c := range b {
		if c < 0x20 || c > 0x7e || c == '"' || c == '\\' {
			b[i] = '?'
		}
	}
	return string(b)
}
