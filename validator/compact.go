package validator

import (
	"encoding/base64"
	"encoding/json"
	"strings"
	"unsafe"
)

// base64URL is the only encoding RFC 7515 §2 allows in compact JWS: URL alphabet, no padding, and —
// Strict — no stray bits in the last character, so one token has exactly one spelling.
var base64URL = base64.RawURLEncoding.Strict()

// compactParts is a compact JWS split and decoded.
type compactParts struct {
	header       []byte
	payload      []byte
	signature    []byte
	signingInput string // "header.payload" as sent: what the signature covers
}

// splitCompact splits token into its three segments and decodes them into a single buffer.
func splitCompact(token string) (compactParts, error) {
	first := strings.IndexByte(token, '.')
	last := strings.LastIndexByte(token, '.')
	if first < 0 || first == last {
		return compactParts{}, newError(ErrMalformedToken, "token is not three dot-separated segments", nil)
	}
	if strings.IndexByte(token[first+1:last], '.') >= 0 {
		if strings.Count(token, ".") == 4 {
			return compactParts{}, newError(ErrMalformedToken, "encrypted tokens (JWE) are not accepted", nil)
		}
		return compactParts{}, newError(ErrMalformedToken, "token is not three dot-separated segments", nil)
	}
	h, p, s := token[:first], token[first+1:last], token[last+1:]
	if len(h) == 0 || len(p) == 0 || len(s) == 0 {
		return compactParts{}, newError(ErrMalformedToken, "token has an empty segment", nil)
	}
	// One allocation holds all three decoded segments.
	buf := make([]byte, 0, base64URL.DecodedLen(len(h))+base64URL.DecodedLen(len(p))+base64URL.DecodedLen(len(s)))
	var err error
	var parts compactParts
	if buf, err = base64URL.AppendDecode(buf, bytesOf(h)); err != nil {
		return compactParts{}, newError(ErrMalformedToken, "header is not unpadded base64url", nil)
	}
	parts.header = buf[:len(buf):len(buf)]
	start := len(buf)
	if buf, err = base64URL.AppendDecode(buf, bytesOf(p)); err != nil {
		return compactParts{}, newError(ErrMalformedToken, "payload is not unpadded base64url", nil)
	}
	parts.payload = buf[start:len(buf):len(buf)]
	start = len(buf)
	if buf, err = base64URL.AppendDecode(buf, bytesOf(s)); err != nil {
		return compactParts{}, newError(ErrMalformedToken, "signature is not unpadded base64url", nil)
	}
	parts.signature = buf[start:len(buf):len(buf)]
	parts.signingInput = token[:last]
	return parts, nil
}

// bytesOf views s as bytes without copying. The result must only be read: it is used to feed the
// base64 decoder, which does not write to its source.
func bytesOf(s string) []byte {
	return unsafe.Slice(unsafe.StringData(s), len(s))
}

// header holds the JOSE header members the validator acts on.
type header struct {
	alg string
	kid string
	typ string
}

// headerNames are the JOSE header members read by name.
var headerNames = []string{"alg", "kid", "typ", "crit", "b64"}

// parseHeader reads the JOSE header. Members it does not act on, including jku, x5u, jwk and x5c, are
// ignored on purpose: keys come only from the configured KeySource (RFC 8725 §3.10).
func parseHeader(data []byte) (header, error) {
	if !json.Valid(data) {
		return header{}, newError(ErrMalformedToken, "header is not JSON", nil)
	}
	var h header
	var hasAlg bool
	var fault string
	err := scanObject(data, headerNames, func(name, value []byte) error {
		switch string(name) {
		case "alg":
			s, ok := jsonString(value)
			if !ok {
				fault = "alg is not a string"
				return errNotObject
			}
			h.alg, hasAlg = s, true
		case "kid":
			s, ok := jsonString(value)
			if !ok {
				fault = "kid is not a string"
				return errNotObject
			}
			h.kid = s
		case "typ":
			s, ok := jsonString(value)
			if !ok {
				fault = "typ is not a string"
				return errNotObject
			}
			h.typ = s
		case "crit":
			if string(value) != "null" {
				// No JWS extension is understood here, so any critical one must be refused (RFC 7515 §4.1.11).
				fault = "critical header extensions are not supported"
				return errNotObject
			}
		case "b64":
			if string(value) != "true" {
				// RFC 7797 unencoded payloads are not supported.
				fault = "unencoded payloads (b64) are not supported"
				return errNotObject
			}
		}
		return nil
	})
	switch {
	case fault != "":
		return header{}, newError(ErrMalformedToken, fault, nil)
	case err == errDuplicateMember:
		return header{}, newError(ErrMalformedToken, "header has a duplicate member", nil)
	case err != nil:
		return header{}, newError(ErrMalformedToken, "header is not a JSON object", nil)
	case !hasAlg:
		return header{}, newError(ErrMalformedToken, "header has no alg", nil)
	}
	return h, nil
}

// jsonString decodes a JSON string literal.
func jsonString(value []byte) (string, bool) {
	if len(value) < 2 || value[0] != '"' {
		return "", false
	}
	b, err := unquote(value)
	if err != nil {
		return "", false
	}
	return string(b), true
}

// decodePayload decodes the claims and rejects duplicate or case-variant registered members.
func decodePayload(data []byte, p *payload) error {
	if err := json.Unmarshal(data, p); err != nil {
		return newError(ErrMalformedToken, "claims are not a JSON object of the registered types", nil)
	}
	if err := scanObject(data, registeredClaimNames, nil); err != nil {
		if err == errDuplicateMember {
			return newError(ErrMalformedToken, "claims have a duplicate member", nil)
		}
		return newError(ErrMalformedToken, "claims are not a JSON object", nil)
	}
	return nil
}

// sameMediaType compares a typ header with the configured type, ignoring case and an
// "application/" prefix, without allocating.
func sameMediaType(typ, want string) bool {
	const prefix = "application/"
	if len(typ) > len(prefix) && strings.EqualFold(typ[:len(prefix)], prefix) {
		typ = typ[len(prefix):]
	}
	return strings.EqualFold(typ, want)
}
