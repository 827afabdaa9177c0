package validator

import (
	"strings"

	"github.com/jwtguard/jwtguard/internal/jose"
)

// The JOSE reading itself — splitting, base64url, the strict JSON reader and the header rules — is
// internal/jose's, shared with dpop, ssf and the command line; this file turns its faults into the
// validator's reason, malformed_token.

// The bounds on a JOSE header, which internal/jose enforces for every JWS the kit reads. They keep
// the work done before the signature is checked — on input anyone can send — at about the cost of
// one whole RS256 validation or less (hardening's BenchmarkHostileHeader; numbers in
// benchmarks/README.md).
const (
	// MaxHeaderBytes is the largest decoded JOSE header Validate reads; a larger one is refused as
	// malformed_token before it is decoded.
	MaxHeaderBytes = jose.MaxHeaderBytes
	// MaxHeaderMembers is the most members a JOSE header may have; one with more is refused as
	// malformed_token.
	MaxHeaderMembers = jose.MaxHeaderMembers
	// MaxHeaderDepth is the deepest nesting a JOSE header may have, the header object itself counting
	// as 1 (a "jwk" member holding an "x5c" array is 3); a deeper one is refused as malformed_token.
	MaxHeaderDepth = jose.MaxHeaderDepth
)

// maxStackSignature is the largest decoded signature Validate keeps on its stack: an RSA-4096
// signature. Larger ones go into the heap buffer with the header and payload.
const maxStackSignature = 512

// malformed refuses a token, or a JSON object read beside one, for a fault of the strict reader; what
// names the object in the description ("header", "claims", "claim cnf").
func malformed(f jose.Fault, what string) error {
	return newError(ErrMalformedToken, f.Describe(what), nil)
}

// splitCompact splits token into its three segments and decodes them: header and payload into one
// new buffer, which Claims keeps; the signature, which is needed only until it is verified, into
// sigBuf when it fits there.
func splitCompact(token string, sigBuf []byte) (jose.Parts, []byte, error) {
	parts, signature, f := jose.Split(token, sigBuf)
	if f != jose.None {
		return jose.Parts{}, nil, malformed(f, "token")
	}
	return parts, signature, nil
}

// parseHeader reads the JOSE header (see jose.ReadHeader).
func parseHeader(data []byte) (jose.Header, error) {
	h, f := jose.ReadHeader(data)
	if f != jose.None {
		return jose.Header{}, malformed(f, "header")
	}
	return h, nil
}

// parseCompact splits token and parses its header: all that is checked before a key is looked up.
// The decoded signature lands in sigBuf when it fits, as with splitCompact.
func parseCompact(token string, sigBuf []byte) (jose.Parts, []byte, jose.Header, error) {
	parts, signature, err := splitCompact(token, sigBuf)
	if err != nil {
		return jose.Parts{}, nil, jose.Header{}, err
	}
	h, err := parseHeader(parts.Header)
	if err != nil {
		return jose.Parts{}, nil, jose.Header{}, err
	}
	return parts, signature, h, nil
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
