package validator

import "github.com/jwtguard/jwtguard/internal/jose"

// signatureFailure returns the refusal of a token whose key was not found or whose signature did not
// verify, err being verifySignature's error. A token from an issuer this Validator does not accept is
// named for that — invalid_issuer, not unknown_key — so that an operator sees a token meant for
// another identity provider for what it is. The unverified iss only names the reason: such a token is
// refused whatever its signature, since checkIssuer would refuse it once verified. A payload that does
// not decode, and keys_unavailable, keep their own reason.
func (v *Validator) signatureFailure(err error, h jose.Header, rawPayload []byte) error {
	ve, ok := err.(*Error)
	if !ok || ve.Reason != ErrUnknownKey && ve.Reason != ErrInvalidSignature {
		return err
	}
	if len(v.issuers) > 0 {
		var p payload
		if decodePayload(rawPayload, &p) == nil {
			if ie, ok := v.checkIssuer(&p).(*Error); ok {
				return ie.WithDetail(ie.detail + "; signature not verified (" + ve.Code() + ")")
			}
		}
	}
	// ve may be a shared value (errNoKey): the detail goes on a copy.
	return NewError(ve.Reason, ve.Description, ve.cause).WithDetail("kid " + quote(h.Kid) + ", alg " + quote(h.Alg))
}
