package validator

import (
	"encoding/base64"
	"strconv"
	"strings"
	"unsafe"
)

// base64URL is the only encoding RFC 7515 §2 allows in compact JWS: URL alphabet, no padding, and —
// Strict — no stray bits in the last character, so one token has exactly one spelling.
var base64URL = base64.RawURLEncoding.Strict()

// compactParts is a compact JWS split, with header and payload decoded. The decoded signature is
// returned apart, so that escape analysis can keep it on the caller's stack while parts go to Claims.
type compactParts struct {
	header       []byte
	payload      []byte
	signingInput string // "header.payload" as sent: what the signature covers
}

// The JOSE header of a real token is a handful of members and a few hundred bytes; the largest things
// ever found in one, an RSA-4096 "jwk" or a two-certificate "x5c" chain (both ignored here), fit in
// MaxHeaderBytes. Bounding size, members and depth keeps the work done before the signature is
// checked — on input anyone can send — at about the cost of one whole RS256 validation or less
// (measured by hardening's BenchmarkHostileHeader; numbers in benchmarks/README.md).
const (
	// MaxHeaderBytes is the largest decoded JOSE header Validate reads; a larger one is refused as
	// malformed_token before it is decoded.
	MaxHeaderBytes = 4 << 10
	// MaxHeaderMembers is the most members a JOSE header may have; one with more is refused as
	// malformed_token.
	MaxHeaderMembers = 32
	// MaxHeaderDepth is the deepest nesting a JOSE header may have, the header object itself counting
	// as 1 (a "jwk" member holding an "x5c" array is 3); a deeper one is refused as malformed_token.
	MaxHeaderDepth = 8
)

// maxStackSignature is the largest decoded signature Validate keeps on its stack: an RSA-4096
// signature. Larger ones go into the heap buffer with the header and payload.
const maxStackSignature = 512

// splitCompact splits token into its three segments and decodes them: header and payload into one
// new buffer, which Claims keeps; the signature, which is needed only until it is verified, into
// sigBuf when it fits there.
func splitCompact(token string, sigBuf []byte) (parts compactParts, signature []byte, err error) {
	first := strings.IndexByte(token, '.')
	last := strings.LastIndexByte(token, '.')
	if first < 0 || first == last {
		return compactParts{}, nil, newError(ErrMalformedToken, "token is not three dot-separated segments", nil)
	}
	if strings.IndexByte(token[first+1:last], '.') >= 0 {
		if strings.Count(token, ".") == 4 {
			return compactParts{}, nil, newError(ErrMalformedToken, "encrypted tokens (JWE) are not accepted", nil)
		}
		return compactParts{}, nil, newError(ErrMalformedToken, "token is not three dot-separated segments", nil)
	}
	// encoding/base64 skips CR and LF even in strict mode; refuse them so a token keeps one spelling.
	if strings.IndexByte(token, '\n') >= 0 || strings.IndexByte(token, '\r') >= 0 {
		return compactParts{}, nil, newError(ErrMalformedToken, "token contains a line break", nil)
	}
	h, p, s := token[:first], token[first+1:last], token[last+1:]
	// An empty signature is let through to be judged with the alg: "alg":"none" tokens are then refused
	// as unsupported_algorithm, and any other alg fails verification.
	if len(h) == 0 || len(p) == 0 {
		return compactParts{}, nil, newError(ErrMalformedToken, "token has an empty segment", nil)
	}
	if base64URL.DecodedLen(len(h)) > MaxHeaderBytes {
		return compactParts{}, nil, newError(ErrMalformedToken, "header is larger than "+strconv.Itoa(MaxHeaderBytes)+" bytes", nil)
	}
	size := base64URL.DecodedLen(len(h)) + base64URL.DecodedLen(len(p))
	if sigLen := base64URL.DecodedLen(len(s)); sigLen > cap(sigBuf) {
		size += sigLen
		sigBuf = nil
	}
	buf := make([]byte, 0, size)
	if buf, err = base64URL.AppendDecode(buf, bytesOf(h)); err != nil {
		return compactParts{}, nil, newError(ErrMalformedToken, "header is not unpadded base64url", nil)
	}
	parts.header = buf[:len(buf):len(buf)]
	start := len(buf)
	if buf, err = base64URL.AppendDecode(buf, bytesOf(p)); err != nil {
		return compactParts{}, nil, newError(ErrMalformedToken, "payload is not unpadded base64url", nil)
	}
	parts.payload = buf[start:len(buf):len(buf)]
	if sigBuf == nil {
		sigBuf = buf[len(buf):]
	}
	if signature, err = base64URL.AppendDecode(sigBuf[:0], bytesOf(s)); err != nil {
		return compactParts{}, nil, newError(ErrMalformedToken, "signature is not unpadded base64url", nil)
	}
	parts.signingInput = token[:last]
	return parts, signature, nil
}

// parseCompact splits token and parses its header: all that is checked before a key is looked up.
// The decoded signature lands in sigBuf when it fits, as with splitCompact.
func parseCompact(token string, sigBuf []byte) (compactParts, []byte, header, error) {
	parts, signature, err := splitCompact(token, sigBuf)
	if err != nil {
		return compactParts{}, nil, header{}, err
	}
	h, err := parseHeader(parts.header)
	if err != nil {
		return compactParts{}, nil, header{}, err
	}
	return parts, signature, h, nil
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

// The JOSE header members read by name, by their index in headerNames.
const (
	headerAlg = iota
	headerKid
	headerTyp
	headerCrit
	headerB64
)

// headerNames are the JOSE header members read by name; case variants of them are refused.
var headerNames = []string{"alg", "kid", "typ", "crit", "b64"}

func matchHeaderName(name []byte) int {
	switch string(name) {
	case "alg":
		return headerAlg
	case "kid":
		return headerKid
	case "typ":
		return headerTyp
	case "crit":
		return headerCrit
	case "b64":
		return headerB64
	}
	return -1
}

// parseHeader reads the JOSE header. Members it does not act on, including jku, x5u, jwk and x5c, are
// ignored on purpose: keys come only from the configured KeySource (RFC 8725 §3.10).
func parseHeader(data []byte) (header, error) {
	var h header
	r := objectReader{data: data, match: matchHeaderName, registered: headerNames, limit: MaxHeaderMembers, maxDepth: MaxHeaderDepth}
	if f := r.open(); f != faultNone {
		return header{}, headerFault(f)
	}
	for {
		index, _, more, f := r.next()
		if f != faultNone {
			return header{}, headerFault(f)
		}
		if !more {
			break
		}
		v, f := r.value()
		if f != faultNone {
			return header{}, headerFault(f)
		}
		switch index {
		case headerAlg, headerKid, headerTyp:
			s, ok := jsonString(v)
			if !ok {
				return header{}, newError(ErrMalformedToken, headerNames[index]+" is not a string", nil)
			}
			switch index {
			case headerAlg:
				h.alg = s
			case headerKid:
				h.kid = s
			default:
				h.typ = s
			}
		case headerCrit:
			// RFC 7515 §4.1.11: crit is a non-empty array of extension names, and no extension is
			// understood here, so every crit is refused; null and [] for being malformed.
			if v.kind() != '[' || isEmptyArray(v) {
				return header{}, newError(ErrMalformedToken, "crit is not a non-empty array", nil)
			}
			return header{}, newError(ErrMalformedToken, "critical header extensions are not supported", nil)
		case headerB64:
			if v.kind() != 't' {
				// RFC 7797 unencoded payloads are not supported.
				return header{}, newError(ErrMalformedToken, "unencoded payloads (b64) are not supported", nil)
			}
		}
	}
	if f := r.close(); f != faultNone {
		return header{}, headerFault(f)
	}
	if r.seen&(1<<headerAlg) == 0 {
		return header{}, newError(ErrMalformedToken, "header has no alg", nil)
	}
	return h, nil
}

// headerFault turns a JSON fault in the header into the error Validate returns.
func headerFault(f jsonFault) error {
	switch f {
	case faultNotObject:
		return newError(ErrMalformedToken, "header is not a JSON object", nil)
	case faultDuplicate:
		return newError(ErrMalformedToken, "header has a duplicate member", nil)
	case faultCase:
		return newError(ErrMalformedToken, "header has a member named like a registered one in another case", nil)
	case faultTooMany:
		return newError(ErrMalformedToken, "header has more than "+strconv.Itoa(MaxHeaderMembers)+" members", nil)
	case faultTooDeep:
		return newError(ErrMalformedToken, "header is nested deeper than "+strconv.Itoa(MaxHeaderDepth)+" levels", nil)
	}
	return newError(ErrMalformedToken, "header is not JSON", nil)
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
