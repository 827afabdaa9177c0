package validator

import "github.com/jwtguard/jwtguard/internal/jose"

// Confirmation stays in the validator, unlike the JOSE reading it uses: it is a fact about verified
// claims (a method of Claims that adapters and bindings call after Validate), not a way to read
// unverified input.

// Confirmation is what a token's RFC 7800 "cnf" claim binds it to.
type Confirmation struct {
	// JWKThumbprint is "jkt" (RFC 9449 §6): the RFC 7638 SHA-256 thumbprint of the DPoP key.
	JWKThumbprint string
	// CertificateThumbprint is "x5t#S256" (RFC 8705 §3.1): the SHA-256 thumbprint of the client
	// certificate.
	CertificateThumbprint string
}

// confirmationNames are the "cnf" members read; a case variant of one is refused.
var confirmationNames = []string{"jkt", "x5t#S256"}

// Confirmation returns the token's "cnf" claim; bound is false when there is none. A cnf that is not
// an object, or whose jkt or x5t#S256 is not a string, is an error: a bound token must not pass as
// unbound because its binding is garbled. Claims built without a payload (by a TokenValidator of the
// caller's own) have no cnf.
func (c *Claims) Confirmation() (conf Confirmation, bound bool, err error) {
	if len(c.payload) == 0 {
		return Confirmation{}, false, nil
	}
	var top [1]jose.Value
	if f := jose.ReadObject(c.payload, []string{"cnf"}, top[:]); f != jose.None {
		return Confirmation{}, false, malformed(f, "claims")
	}
	if !top[0].Present() {
		return Confirmation{}, false, nil
	}
	raw, ok := top[0].Object()
	if !ok {
		return Confirmation{}, true, newError(ErrMalformedToken, "claim cnf is not an object", nil)
	}
	var members [2]jose.Value
	if f := jose.ReadObject(raw, confirmationNames, members[:]); f != jose.None {
		return Confirmation{}, true, malformed(f, "claim cnf")
	}
	for i, dst := range []*string{&conf.JWKThumbprint, &conf.CertificateThumbprint} {
		if !members[i].Present() {
			continue
		}
		if *dst, ok = members[i].Text(); !ok {
			return Confirmation{}, true, newError(ErrMalformedToken, "claim cnf."+confirmationNames[i]+" is not a string", nil)
		}
	}
	return conf, true, nil
}
