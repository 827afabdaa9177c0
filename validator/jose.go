package validator

import (
	"encoding/json"
	"errors"
	"time"
)

// This file lends the validator's strict JOSE parsing to checkers of other signed objects (package
// dpop reads DPoP proofs with it), so that every JWS in the kit is held to one set of rules.

// JWS is a compact JWS split and decoded by ParseJWS, its signature not yet verified.
type JWS struct {
	// Header is the decoded JOSE header JSON.
	Header []byte
	// Payload is the decoded payload JSON.
	Payload []byte
	// SigningInput is "header.payload" as sent: what the signature covers.
	SigningInput string
	// Signature is the decoded signature.
	Signature []byte
}

// ParseJWS splits token, a compact JWS, under the rules Validate applies: three segments of unpadded,
// strict base64url, no line breaks, no JWE. It does not look inside the segments or verify anything.
// A failure is a *Error wrapping ErrMalformedToken with a description that never quotes token.
// Header and Payload share one new buffer, which the caller must not modify while strings read from
// it by ReadObject are in use.
func ParseJWS(token string) (JWS, error) {
	parts, signature, err := splitCompact(token, nil)
	if err != nil {
		return JWS{}, err
	}
	return JWS{Header: parts.header, Payload: parts.payload, SigningInput: parts.signingInput, Signature: signature}, nil
}

// Member is the value of one top-level member of a JSON object read by ReadObject.
type Member struct {
	v jsonValue
}

// Present reports whether the member was there and not null (a null member counts as absent).
func (m Member) Present() bool { return m.v.raw != nil }

// Text returns the member's string value, and false when it is absent or not a JSON string. The
// string may share ReadObject's input.
func (m Member) Text() (string, bool) {
	if m.v.raw == nil {
		return "", false
	}
	return jsonString(m.v)
}

// NumericDate returns the member as an RFC 7519 NumericDate, and false when it is absent or not a
// JSON number (a string of digits is refused), exactly as the validator reads exp, nbf and iat.
func (m Member) NumericDate() (time.Time, bool) {
	if m.v.raw == nil {
		return time.Time{}, false
	}
	var d numericDate
	if !d.set(m.v) {
		return time.Time{}, false
	}
	return d.time(), true
}

// Object returns the raw JSON of the member when it is a JSON object, for ReadObject to read in
// turn, and false otherwise.
func (m Member) Object() (json.RawMessage, bool) {
	if m.v.raw == nil || m.v.kind() != '{' {
		return nil, false
	}
	return m.v.raw, true
}

// maxObjectNames bounds ReadObject's names: presence is tracked in one machine word.
const maxObjectNames = 64

// ReadObject reads data, which must be exactly one JSON object, under the rules Validate applies to a
// header and claims: valid UTF-8, no duplicate member, no member named like one of names apart from
// letter case. members[i] receives the member named exactly names[i] (the zero Member when absent);
// other members are checked as JSON and skipped. It refuses with a *Error wrapping ErrMalformedToken;
// what names the object in its descriptions ("header", "claims", "key").
func ReadObject(data []byte, what string, names []string, members []Member) error {
	if len(names) > maxObjectNames || len(members) < len(names) {
		return errors.New("validator: ReadObject: too many names, or fewer members than names")
	}
	match := func(name []byte) int {
		for i, n := range names {
			if n == string(name) {
				return i
			}
		}
		return -1
	}
	r := objectReader{data: data, match: match, registered: names}
	if f := r.open(); f != faultNone {
		return objectFault(f, what)
	}
	for {
		index, _, more, f := r.next()
		if f != faultNone {
			return objectFault(f, what)
		}
		if !more {
			break
		}
		v, f := r.value()
		if f != faultNone {
			return objectFault(f, what)
		}
		if index >= 0 && v.kind() != 'n' {
			members[index] = Member{v}
		}
	}
	if f := r.close(); f != faultNone {
		return objectFault(f, what)
	}
	return nil
}

// objectFault turns a JSON fault into ReadObject's error.
func objectFault(f jsonFault, what string) error {
	switch f {
	case faultNotObject:
		return newError(ErrMalformedToken, what+" is not a JSON object", nil)
	case faultDuplicate:
		return newError(ErrMalformedToken, what+" has a duplicate member", nil)
	case faultCase:
		return newError(ErrMalformedToken, what+" has a member named like a registered one in another case", nil)
	}
	return newError(ErrMalformedToken, what+" is not JSON", nil)
}

// Confirmation is what a token's RFC 7800 "cnf" claim binds it to.
type Confirmation struct {
	// JWKThumbprint is "jkt" (RFC 9449 §6): the RFC 7638 SHA-256 thumbprint of the DPoP key.
	JWKThumbprint string
	// CertificateThumbprint is "x5t#S256" (RFC 8705 §3.1): the SHA-256 thumbprint of the client
	// certificate.
	CertificateThumbprint string
}

// confirmationNames are the "cnf" members read; a case variant of one is refused.
var confirmationNames = []string{"jkt", "x5t#S256"}

// Confirmation returns the token's "cnf" claim; bound is false when there is none. A cnf that is not
// an object, or whose jkt or x5t#S256 is not a string, is an error: a bound token must not pass as
// unbound because its binding is garbled. Claims built without a payload (by a TokenValidator of the
// caller's own) have no cnf.
func (c *Claims) Confirmation() (conf Confirmation, bound bool, err error) {
	if len(c.payload) == 0 {
		return Confirmation{}, false, nil
	}
	var top [1]Member
	if err := ReadObject(c.payload, "claims", []string{"cnf"}, top[:]); err != nil {
		return Confirmation{}, false, err
	}
	if !top[0].Present() {
		return Confirmation{}, false, nil
	}
	raw, ok := top[0].Object()
	if !ok {
		return Confirmation{}, true, newError(ErrMalformedToken, "claim cnf is not an object", nil)
	}
	var members [2]Member
	if err := ReadObject(raw, "claim cnf", confirmationNames, members[:]); err != nil {
		return Confirmation{}, true, err
	}
	for i, dst := range []*string{&conf.JWKThumbprint, &conf.CertificateThumbprint} {
		if !members[i].Present() {
			continue
		}
		if *dst, ok = members[i].Text(); !ok {
			return Confirmation{}, true, newError(ErrMalformedToken, "claim cnf."+confirmationNames[i]+" is not a string", nil)
		}
	}
	return conf, true, nil
}
