package jose

import (
	"encoding/base64"
	"strings"
	"unsafe"
)

// base64URL is the only encoding RFC 7515 §2 allows in compact JWS: URL alphabet, no padding, and —
// Strict — no stray bits in the last character, so one token has exactly one spelling.
var base64URL = base64.RawURLEncoding.Strict()

// The JOSE header of a real token is a handful of members and a few hundred bytes; the largest things
// ever found in one, an RSA-4096 "jwk" or a two-certificate "x5c" chain, fit in MaxHeaderBytes.
// Bounding size, members and depth keeps the work done before a signature is checked — on input
// anyone can send — at about the cost of one whole RS256 validation or less (measured by hardening's
// BenchmarkHostileHeader; numbers in benchmarks/README.md). Package validator re-exports them for its users.
const (
	// MaxHeaderBytes is the largest decoded JOSE header Split reads; a larger one is HeaderTooLarge
	// before it is decoded.
	MaxHeaderBytes = 4 << 10
	// MaxHeaderMembers is the most members ReadHeader reads (TooManyMembers beyond).
	MaxHeaderMembers = 32
	// MaxHeaderDepth is the deepest nesting ReadHeader reads, the header object itself counting as 1
	// (a "jwk" member holding an "x5c" array is 3); TooDeep beyond.
	MaxHeaderDepth = 8
)

// Parts is a compact JWS split by Split, header and payload decoded. The decoded signature is
// returned apart, so that escape analysis can keep it on the caller's stack while Parts go to the heap.
type Parts struct {
	// Header is the decoded JOSE header JSON.
	Header []byte
	// Payload is the decoded payload JSON.
	Payload []byte
	// SigningInput is "header.payload" as sent: what the signature covers.
	SigningInput string
}

// Split splits token, a compact JWS, and decodes its segments: three segments of unpadded, strict
// base64url, no line breaks, no JWE, a header of at most MaxHeaderBytes. Header and payload are decoded
// into one new buffer, which nothing writes afterwards (strings read from it share it); the signature,
// which is needed only until it is verified, into sigBuf when it fits there. An empty signature is
// let through, to be judged with the alg: "alg":"none" is then refused as an unsupported algorithm,
// and any other alg fails verification. Split does not look inside the segments.
func Split(token string, sigBuf []byte) (parts Parts, signature []byte, fault Fault) {
	first := strings.IndexByte(token, '.')
	last := strings.LastIndexByte(token, '.')
	if first < 0 || first == last {
		return Parts{}, nil, NotThreeSegments
	}
	if strings.IndexByte(token[first+1:last], '.') >= 0 {
		if strings.Count(token, ".") == 4 {
			return Parts{}, nil, Encrypted
		}
		return Parts{}, nil, NotThreeSegments
	}
	// encoding/base64 skips CR and LF even in strict mode; refuse them so a token keeps one spelling.
	if strings.IndexByte(token, '\n') >= 0 || strings.IndexByte(token, '\r') >= 0 {
		return Parts{}, nil, LineBreak
	}
	h, p, s := token[:first], token[first+1:last], token[last+1:]
	if len(h) == 0 || len(p) == 0 {
		return Parts{}, nil, EmptySegment
	}
	if base64URL.DecodedLen(len(h)) > MaxHeaderBytes {
		return Parts{}, nil, HeaderTooLarge
	}
	size := base64URL.DecodedLen(len(h)) + base64URL.DecodedLen(len(p))
	if sigLen := base64URL.DecodedLen(len(s)); sigLen > cap(sigBuf) {
		size += sigLen
		sigBuf = nil
	}
	buf := make([]byte, 0, size)
	var err error
	if buf, err = base64URL.AppendDecode(buf, bytesOf(h)); err != nil {
		return Parts{}, nil, HeaderNotBase64URL
	}
	parts.Header = buf[:len(buf):len(buf)]
	start := len(buf)
	if buf, err = base64URL.AppendDecode(buf, bytesOf(p)); err != nil {
		return Parts{}, nil, PayloadNotBase64URL
	}
	parts.Payload = buf[start:len(buf):len(buf)]
	if sigBuf == nil {
		sigBuf = buf[len(buf):]
	}
	if signature, err = base64URL.AppendDecode(sigBuf[:0], bytesOf(s)); err != nil {
		return Parts{}, nil, SignatureNotBase64URL
	}
	parts.SigningInput = token[:last]
	return parts, signature, None
}

// JWS is a compact JWS split and decoded by Parse, its signature not yet verified.
type JWS struct {
	Parts
	// Signature is the decoded signature.
	Signature []byte
}

// Parse splits token as Split does, the signature decoded into the same new buffer as header and
// payload. A failure is a Fault (the error is nil on success). It is for callers that keep the
// signature with the parts, such as a DPoP proof or a Security Event Token; the validator's own hot
// path uses Split.
func Parse(token string) (JWS, error) {
	parts, signature, f := Split(token, nil)
	if f != None {
		return JWS{}, f
	}
	return JWS{Parts: parts, Signature: signature}, nil
}

// bytesOf views s as bytes without copying. The result must only be read: it is used to feed the
// base64 decoder, which does not write to its source.
func bytesOf(s string) []byte {
	return unsafe.Slice(unsafe.StringData(s), len(s))
}
