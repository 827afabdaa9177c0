package dpop

import "github.com/jwtguard/jwtguard/validator"

// BoundThumbprint returns the token's cnf.jkt, the thumbprint of the key it is bound to, and whether
// the token is DPoP-bound at all. A garbled cnf (not an object, jkt not a string) counts as bound with
// an empty thumbprint, which no proof matches: a bound token never passes as unbound.
func BoundThumbprint(claims *validator.Claims) (jkt string, bound bool) {
	conf, hasCnf, err := claims.Confirmation()
	if err != nil {
		return "", true
	}
	return conf.JWKThumbprint, hasCnf && conf.JWKThumbprint != ""
}

// CheckBearer returns an error wrapping ErrBoundTokenAsBearer when claims, from a token presented
// with the Bearer scheme, carry a DPoP binding (RFC 9449 §7.2), and nil otherwise. The HTTP core calls
// it for every Bearer request on a route with DPoP, in both modes.
func CheckBearer(claims *validator.Claims) error {
	if _, bound := BoundThumbprint(claims); bound {
		return validator.NewError(ErrBoundTokenAsBearer, "a DPoP-bound token must be sent with the DPoP scheme", nil)
	}
	return nil
}
