package jose

import "strconv"

// Fault says why the reader refused its input; None is success. It is a plain comparable value, so a
// refusal costs no allocation, and it implements error so that Parse can return it as one.
type Fault uint8

// The faults of a JSON object, read by a Reader or ReadObject.
const (
	None           Fault = iota
	Syntax               // not valid JSON, or not valid UTF-8
	NotObject            // valid JSON, but not an object
	Duplicate            // a member name occurs twice
	CaseVariant          // a member name is a case variant of a registered name
	WrongType            // a registered member has a value of the wrong type (the caller types values)
	TooManyMembers       // a header with more than MaxHeaderMembers members
	TooDeep              // a header nested deeper than MaxHeaderDepth levels
)

// The faults of a compact JWS, found by Split and Parse.
const (
	NotThreeSegments      Fault = iota + 32 // not three dot-separated segments
	Encrypted                               // five segments: a JWE
	LineBreak                               // a CR or LF anywhere
	EmptySegment                            // an empty header or payload segment
	HeaderTooLarge                          // a header segment that decodes to more than MaxHeaderBytes
	HeaderNotBase64URL                      // a header segment that is not unpadded, strict base64url
	PayloadNotBase64URL                     // likewise the payload
	SignatureNotBase64URL                   // likewise the signature
)

// The faults of a JOSE header's registered members, found by ReadHeader.
const (
	AlgNotString     Fault = iota + 64 // alg is not a string
	KidNotString                       // kid is not a string
	TypNotString                       // typ is not a string
	CritMalformed                      // crit is not a non-empty array (RFC 7515 §4.1.11)
	CritUnsupported                    // crit names extensions, none of which is understood
	UnencodedPayload                   // b64 other than true (RFC 7797)
	NoAlg                              // no alg
)

// Describe returns the fault's description, naming the object read as what ("header", "proof jwk")
// when the fault is about a JSON object; the compact and header faults describe themselves. It never
// quotes the input.
func (f Fault) Describe(what string) string {
	switch f {
	case None:
		return "no fault"
	case NotObject:
		return what + " is not a JSON object"
	case Duplicate:
		return what + " has a duplicate member"
	case CaseVariant:
		return what + " has a member named like a registered one in another case"
	case WrongType:
		return what + " has a member of the wrong type"
	case TooManyMembers:
		return what + " has more than " + strconv.Itoa(MaxHeaderMembers) + " members"
	case TooDeep:
		return what + " is nested deeper than " + strconv.Itoa(MaxHeaderDepth) + " levels"
	case NotThreeSegments:
		return "token is not three dot-separated segments"
	case Encrypted:
		return "encrypted tokens (JWE) are not accepted"
	case LineBreak:
		return "token contains a line break"
	case EmptySegment:
		return "token has an empty segment"
	case HeaderTooLarge:
		return "header is larger than " + strconv.Itoa(MaxHeaderBytes) + " bytes"
	case HeaderNotBase64URL:
		return "header is not unpadded base64url"
	case PayloadNotBase64URL:
		return "payload is not unpadded base64url"
	case SignatureNotBase64URL:
		return "signature is not unpadded base64url"
	case AlgNotString:
		return "alg is not a string"
	case KidNotString:
		return "kid is not a string"
	case TypNotString:
		return "typ is not a string"
	case CritMalformed:
		return "crit is not a non-empty array"
	case CritUnsupported:
		return "critical header extensions are not supported"
	case UnencodedPayload:
		return "unencoded payloads (b64) are not supported"
	case NoAlg:
		return "header has no alg"
	}
	return what + " is not JSON"
}

// Error describes the fault of a JSON object as "object ...", else as Describe does.
func (f Fault) Error() string { return f.Describe("object") }
