package validator

import (
	"math"
	"strconv"
	"time"

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
// letter case is refused (see objectReader).
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
	audience  jsonValue // a string or an array of strings; raw == nil when absent or null
	expiresAt numericDate
	notBefore numericDate
	issuedAt  numericDate
	id        string
	clientID  string
	scope     jsonValue // a space-separated string or an array of strings; raw == nil when absent or null
	scp       jsonValue // likewise
	// cnf is true when the payload has a cnf member, even null: the token claims a binding (RFC 7800),
	// which Claims.SenderConstrained reports without reading the payload again.
	cnf bool
}

// decodePayload decodes the claims strictly: the payload must be one JSON object without duplicate or
// case-variant members; iss, sub, jti and client_id must be strings, aud a string or an array of
// strings, scope and scp a string or an array of strings, and exp, nbf and iat JSON numbers (a string,
// even of digits, is refused). Any of them may be null, which counts as absent.
func decodePayload(data []byte, p *payload) error {
	r := objectReader{data: data, match: matchClaimName, registered: registeredClaimNames}
	if f := r.open(); f != faultNone {
		return payloadFault(f, "")
	}
	for {
		index, _, more, f := r.next()
		if f != faultNone {
			return payloadFault(f, "")
		}
		if !more {
			break
		}
		v, f := r.value()
		if f != faultNone {
			return payloadFault(f, "")
		}
		if index == claimCnf {
			p.cnf = true // checked, whatever its value, by Claims.Confirmation
			continue
		}
		if index < 0 || v.kind() == 'n' {
			continue // unknown (validated, skipped), or null: absent
		}
		ok := true
		switch index {
		case claimIss:
			p.issuer, ok = jsonString(v)
			p.hasIssuer = ok
		case claimSub:
			p.subject, ok = jsonString(v)
		case claimJti:
			p.id, ok = jsonString(v)
		case claimClientID:
			p.clientID, ok = jsonString(v)
		case claimExp:
			ok = p.expiresAt.set(v)
		case claimNbf:
			ok = p.notBefore.set(v)
		case claimIat:
			ok = p.issuedAt.set(v)
		case claimAud:
			p.audience, ok = v, isStringOrStrings(v)
		case claimScope:
			p.scope, ok = v, isStringOrStrings(v)
		case claimScp:
			p.scp, ok = v, isStringOrStrings(v)
		}
		if !ok {
			return payloadFault(faultType, registeredClaimNames[index])
		}
	}
	if f := r.close(); f != faultNone {
		return payloadFault(f, "")
	}
	return nil
}

// payloadFault turns a JSON fault in the claims into the error Validate returns.
func payloadFault(f jsonFault, claim string) error {
	switch f {
	case faultNotObject:
		return newError(ErrMalformedToken, "claims are not a JSON object", nil)
	case faultDuplicate:
		return newError(ErrMalformedToken, "claims have a duplicate member", nil)
	case faultCase:
		return newError(ErrMalformedToken, "claims have a member named like a registered claim in another case", nil)
	case faultType:
		return newError(ErrMalformedToken, "claim "+claim+" has the wrong type", nil)
	}
	return newError(ErrMalformedToken, "claims are not JSON", nil)
}

func isStringOrStrings(v jsonValue) bool {
	switch v.kind() {
	case '"':
		return true
	case '[':
		return isStringArray(v)
	}
	return false
}

// audienceList decodes a validated aud value (a string or an array of strings) into dst.
func audienceList(dst []string, v jsonValue) ([]string, bool) {
	if v.raw == nil {
		return dst, true
	}
	if v.kind() == '"' {
		return append(dst, stringValue(v)), true
	}
	return appendStrings(dst, v)
}

// scopeList decodes a validated scope or scp value into dst by package scopes' one grammar (RFC 6749
// §3.3): a string is split at U+0020 only, an array contributes its elements, and a scope-token
// outside the grammar is left out, so the claim grants exactly what scopes.FromClaim would grant.
func scopeList(dst []string, v jsonValue) ([]string, bool) {
	if v.kind() == '"' {
		return scopes.AppendTokens(dst, stringValue(v)), true
	}
	start := len(dst)
	dst, ok := appendStrings(dst, v)
	kept := dst[:start]
	for _, s := range dst[start:] {
		if scopes.ValidToken(s) {
			kept = append(kept, s)
		}
	}
	return kept, ok
}

// numericDate is an RFC 7519 NumericDate: a JSON number of seconds since the epoch, possibly
// fractional. A string, even one holding digits, is refused.
type numericDate struct {
	present bool
	seconds float64
}

// set decodes a non-null value into d.
func (d *numericDate) set(v jsonValue) bool {
	if v.kind() != '0' {
		return false
	}
	lit := v.raw
	// Fast path: a plain integer of up to 15 digits is exact in a float64, as ParseFloat would give it.
	if len(lit) <= 15 {
		var n int64
		plain := true
		for _, c := range lit {
			if c < '0' || c > '9' {
				plain = false
				break
			}
			n = n*10 + int64(c-'0')
		}
		if plain {
			d.present, d.seconds = true, float64(n)
			return true
		}
	}
	f, err := strconv.ParseFloat(stringView(lit), 64)
	if err != nil || math.IsInf(f, 0) || math.IsNaN(f) {
		return false
	}
	d.present, d.seconds = true, f
	return true
}

// maxUnixSeconds (about 35 000 years) keeps absurd dates such as 1e300 from overflowing time.Time
// arithmetic; no real token comes near it, so clamping there changes no verdict.
const maxUnixSeconds = 1 << 40

// time converts the date, clamping it to ±maxUnixSeconds; the zero Time when absent.
func (d numericDate) time() time.Time {
	if !d.present {
		return time.Time{}
	}
	s := math.Max(-maxUnixSeconds, math.Min(maxUnixSeconds, d.seconds))
	whole := math.Floor(s)
	return time.Unix(int64(whole), int64((s-whole)*1e9))
}
