package oldvalidator

import (
	"math"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
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
)

// registeredClaimNames are the payload members read by name; a member equal to one of them apart from
// letter case is refused (see objectReader).
var registeredClaimNames = []string{"iss", "sub", "aud", "exp", "nbf", "iat", "jti", "client_id", "scope", "scp"}

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
		if index < 0 || v.kind() == 'n' {
			continue // unknown (validated, skipped), or null: absent
		}
		ok := true
		switch index {
		case claimIss:
			p.issuer, ok = claimString(v)
			p.hasIssuer = ok
		case claimSub:
			p.subject, ok = claimString(v)
		case claimJti:
			p.id, ok = claimString(v)
		case claimClientID:
			p.clientID, ok = claimString(v)
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

// claimString decodes a string claim.
func claimString(v jsonValue) (string, bool) {
	if v.kind() != '"' {
		return "", false
	}
	return stringValue(v)
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
		s, ok := stringValue(v)
		return append(dst, s), ok
	}
	return appendStrings(dst, v)
}

// scopeList decodes a validated scope or scp value into dst: a string is split at whitespace (as
// strings.Fields does), an array contributes its elements as they are.
func scopeList(dst []string, v jsonValue) ([]string, bool) {
	if v.kind() != '"' {
		return appendStrings(dst, v)
	}
	s, ok := stringValue(v)
	if !ok {
		return dst, false
	}
	return appendFields(dst, s), true
}

// appendFields appends the whitespace-separated fields of s to dst, exactly as strings.Fields splits,
// without allocating when dst has room.
func appendFields(dst []string, s string) []string {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return append(dst, strings.Fields(s)...) // Unicode white space: rare, let the library decide
		}
	}
	start := -1
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case ' ', '\t', '\n', '\v', '\f', '\r':
			if start >= 0 {
				dst = append(dst, s[start:i])
				start = -1
			}
		default:
			if start < 0 {
				start = i
			}
		}
	}
	if start >= 0 {
		dst = append(dst, s[start:])
	}
	return dst
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
	f, err := strconv.ParseFloat(transient(lit), 64)
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
