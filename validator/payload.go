package validator

import (
	"github.com/jwtguard/jwtguard/internal/jose"
	"github.com/jwtguard/jwtguard/scopes"
)

// The registered claims read by name, by their index in registeredClaimNames.
const (
	claimIss = iota
	claimSub
	claimAud
	claimExp
	claimNbf
	claimIat
	claimJti
	claimClientID
	claimScope
	claimScp
	claimCnf
)

// registeredClaimNames are the payload members read by name; a member equal to one of them apart from
// letter case is refused (see jose.Reader).
var registeredClaimNames = []string{"iss", "sub", "aud", "exp", "nbf", "iat", "jti", "client_id", "scope", "scp", "cnf"}

func matchClaimName(name []byte) int {
	switch string(name) {
	case "iss":
		return claimIss
	case "sub":
		return claimSub
	case "aud":
		return claimAud
	case "exp":
		return claimExp
	case "nbf":
		return claimNbf
	case "iat":
		return claimIat
	case "jti":
		return claimJti
	case "client_id":
		return claimClientID
	case "scope":
		return claimScope
	case "scp":
		return claimScp
	case "cnf":
		return claimCnf
	}
	return -1
}

// payload holds the registered claims the validator checks, decoded and type-checked. Unknown members
// are validated as JSON and otherwise ignored; they remain available through Claims.Decode and
// Claims.Get. A null claim counts as absent.
type payload struct {
	issuer    string
	hasIssuer bool
	subject   string
	audience  jose.Value // a string or an array of strings; not Present when absent or null
	expiresAt jose.NumericDate
	notBefore jose.NumericDate
	issuedAt  jose.NumericDate
	id        string
	clientID  string
	scope     jose.Value // a space-separated string or an array of strings; not Present when absent or null
	scp       jose.Value // likewise
	// cnf is true when the payload has a cnf member, even null: the token claims a binding (RFC 7800),
	// which Claims.SenderConstrained reports without reading the payload again.
	cnf bool
}

// decodePayload decodes the claims strictly: the payload must be one JSON object without duplicate or
// case-variant members; iss, sub, jti and client_id must be strings, aud a string or an array of
// strings, scope and scp a string or an array of strings, and exp, nbf and iat JSON numbers (a string,
// even of digits, is refused). Any of them may be null, which counts as absent.
func decodePayload(data []byte, p *payload) error {
	r := jose.Reader{Data: data, Match: matchClaimName, Registered: registeredClaimNames}
	if f := r.Open(); f != jose.None {
		return payloadFault(f, "")
	}
	for {
		index, _, more, f := r.Next()
		if f != jose.None {
			return payloadFault(f, "")
		}
		if !more {
			break
		}
		v, f := r.Value()
		if f != jose.None {
			return payloadFault(f, "")
		}
		if index == claimCnf {
			p.cnf = true // checked, whatever its value, by Claims.Confirmation
			continue
		}
		if index < 0 || !v.Present() {
			continue // unknown (validated, skipped), or null: absent
		}
		ok := true
		switch index {
		case claimIss:
			p.issuer, ok = v.Text()
			p.hasIssuer = ok
		case claimSub:
			p.subject, ok = v.Text()
		case claimJti:
			p.id, ok = v.Text()
		case claimClientID:
			p.clientID, ok = v.Text()
		case claimExp:
			ok = p.expiresAt.Set(v)
		case claimNbf:
			ok = p.notBefore.Set(v)
		case claimIat:
			ok = p.issuedAt.Set(v)
		case claimAud:
			p.audience, ok = v, isStringOrStrings(v)
		case claimScope:
			p.scope, ok = v, isStringOrStrings(v)
		case claimScp:
			p.scp, ok = v, isStringOrStrings(v)
		}
		if !ok {
			return payloadFault(jose.WrongType, registeredClaimNames[index])
		}
	}
	if f := r.Close(); f != jose.None {
		return payloadFault(f, "")
	}
	return nil
}

// payloadFault turns a JSON fault in the claims into the error Validate returns.
func payloadFault(f jose.Fault, claim string) error {
	switch f {
	case jose.NotObject:
		return newError(ErrMalformedToken, "claims are not a JSON object", nil)
	case jose.Duplicate:
		return newError(ErrMalformedToken, "claims have a duplicate member", nil)
	case jose.CaseVariant:
		return newError(ErrMalformedToken, "claims have a member named like a registered claim in another case", nil)
	case jose.WrongType:
		return newError(ErrMalformedToken, "claim "+claim+" has the wrong type", nil)
	}
	return newError(ErrMalformedToken, "claims are not JSON", nil)
}

func isStringOrStrings(v jose.Value) bool {
	switch v.Kind() {
	case '"':
		return true
	case '[':
		return v.IsStringArray()
	}
	return false
}

// audienceList decodes a validated aud value (a string or an array of strings) into dst.
func audienceList(dst []string, v jose.Value) ([]string, bool) {
	if !v.Present() {
		return dst, true
	}
	if s, ok := v.Text(); ok {
		return append(dst, s), true
	}
	return v.AppendStrings(dst)
}

// scopeList decodes a validated scope or scp value into dst by package scopes' one grammar (RFC 6749
// §3.3): a string is split at U+0020 only, an array contributes its elements, and a scope-token
// outside the grammar is left out, so the claim grants exactly what scopes.FromClaim would grant.
func scopeList(dst []string, v jose.Value) ([]string, bool) {
	if s, ok := v.Text(); ok {
		return scopes.AppendTokens(dst, s), true
	}
	start := len(dst)
	dst, ok := v.AppendStrings(dst)
	kept := dst[:start]
	for _, s := range dst[start:] {
		if scopes.ValidToken(s) {
			kept = append(kept, s)
		}
	}
	return kept, ok
}
