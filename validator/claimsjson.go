package validator

import (
	"slices"

	"github.com/jwtguard/jwtguard/scopes"
)

// ClaimsFromJSON builds Claims from a JSON object that a trusted party vouches for, such as an RFC 7662
// introspection answer, so that token checkers other than Validator hand adapters the same *Claims.
// The object is read as strictly as a JWT payload: one object, no duplicate or case-variant members,
// iss, sub, jti and client_id strings, aud a string or an array of strings, exp, nbf and iat numbers,
// scope (or scp) a space-separated string or an array of strings. Nothing else is checked: no time,
// issuer or audience rule is applied. Decode, Get and RawClaims then work on a copy of data; the
// header fields (KeyID, Algorithm, Type) stay empty. A refusal wraps ErrMalformedToken.
func ClaimsFromJSON(data []byte) (*Claims, error) {
	data = slices.Clone(data) // the strings below share this buffer, which nothing writes again
	var p payload
	if err := decodePayload(data, &p); err != nil {
		return nil, err
	}
	audience, ok := audienceList(nil, p.audience)
	if !ok {
		return nil, newError(ErrMalformedToken, "claim aud has the wrong type", nil)
	}
	scopeClaim := p.scope
	if !scopeClaim.Present() {
		scopeClaim = p.scp
	}
	var granted scopes.Set
	if scopeClaim.Present() {
		list, ok := scopeList(nil, scopeClaim)
		if !ok {
			return nil, newError(ErrMalformedToken, "claim scope has the wrong type", nil)
		}
		granted = scopes.New(list...)
	}
	return &Claims{
		Issuer:    p.issuer,
		Subject:   p.subject,
		Audience:  audience,
		ExpiresAt: p.expiresAt.Time(),
		NotBefore: p.notBefore.Time(),
		IssuedAt:  p.issuedAt.Time(),
		ID:        p.id,
		ClientID:  p.clientID,
		Scopes:    granted,
		payload:   data,
		cnf:       p.cnf,
	}, nil
}

// AudienceAccepted reports whether offered, the audiences a token or an introspection answer names,
// contains one of accepted under the rule WithAudience applies: the same string, or the same http(s)
// resource URL but for one trailing slash. Token checkers other than Validator use it so that every
// checker reads "aud" alike.
func AudienceAccepted(accepted, offered []string) bool { return audienceAccepted(accepted, offered) }
