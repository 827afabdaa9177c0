package dpop

import (
	"context"

	"github.com/jwtguard/jwtguard/binding"
	"github.com/jwtguard/jwtguard/validator"
)

// member is the cnf member of RFC 9449 §6 that binds a token to a DPoP key.
const member = "jkt"

// schemeName is the lower-case name of the DPoP authorization scheme, as binding.Request.Scheme
// reports it.
const schemeName = "dpop"

// BoundThumbprint returns the token's cnf.jkt, the thumbprint of the key it is bound to, and whether
// the token is DPoP-bound at all. A garbled cnf (not an object, jkt not a string) counts as bound with
// an empty thumbprint, which no proof matches: a bound token never passes as unbound.
func BoundThumbprint(claims *validator.Claims) (jkt string, bound bool) {
	if !claims.SenderConstrained() {
		return "", false // no cnf: reading the payload again would find none
	}
	conf, hasCnf, err := claims.Confirmation()
	if err != nil {
		return "", true
	}
	return conf.JWKThumbprint, hasCnf && conf.JWKThumbprint != ""
}

// CheckBearer returns an error wrapping ErrBoundTokenAsBearer when claims, from a token presented
// with the Bearer scheme, carry a DPoP binding (RFC 9449 §7.2), and nil otherwise. The DPoP Binding
// calls it for every request on a route with DPoP that did not use the DPoP scheme, in both modes.
func CheckBearer(claims *validator.Claims) error {
	if _, bound := BoundThumbprint(claims); bound {
		return validator.NewError(ErrBoundTokenAsBearer, "a DPoP-bound token must be sent with the DPoP scheme", nil)
	}
	return nil
}

// Binding returns DPoP with v as a binding.Method, the shape the HTTP adapters take (WithDPoP): for
// a request that used the DPoP scheme it verifies the proof against the token's cnf.jkt and puts the
// *Proof in the context (FromContext); for any other request it refuses a DPoP-bound token
// (CheckBearer). Where DPoP is off, a DPoP-bound token is refused all the same (package binding).
func Binding(v *Verifier) binding.Method { return method{v} }

// method is a Verifier as a binding.Method.
type method struct{ v *Verifier }

// Member returns "jkt".
func (method) Member() string { return member }

// Check applies RFC 9449 to validated claims presented by req: sent as Bearer, they must not be
// DPoP-bound (§7.2); sent with DPoP, they must be bound and come with a valid proof of the key they are
// bound to (§7.1). The proof is verified on req.HTTP when there is one, else on req's method, URL and
// DPoP header fields.
func (m method) Check(ctx context.Context, claims *validator.Claims, req binding.Request) (context.Context, error) {
	if req.Scheme != schemeName {
		if err := CheckBearer(claims); err != nil {
			return nil, err
		}
		return ctx, nil
	}
	jkt, _ := BoundThumbprint(claims)
	var proof *Proof
	var err error
	switch {
	case req.HTTP != nil:
		proof, err = m.v.VerifyRequest(req.HTTP, req.Token, jkt)
	case req.URL != nil:
		proof, err = m.v.Verify(ctx, req.Method, req.URL, req.Header.Values("DPoP"), req.Token, jkt)
	default:
		err = invalid("the request carries no target to check the proof against")
	}
	if err != nil {
		return nil, err
	}
	return NewContext(ctx, proof), nil
}
