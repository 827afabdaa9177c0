package ssf

import (
	"context"
	"encoding/json"
	"strings"
	"time"

	"github.com/jwtguard/jwtguard/internal/jose"
	"github.com/jwtguard/jwtguard/internal/jwa"
	"github.com/jwtguard/jwtguard/validator"
)

// MaxSETSize bounds one SET, in bytes, before anything is decoded: a SET is a few hundred bytes to a
// few kilobytes, and push bodies are refused beyond it before they are read in full.
const MaxSETSize = 64 << 10

// maxJTILength bounds the jti remembered for replay detection.
const maxJTILength = 256

// secEvent is a SET that verified: signature, typ, iss, aud and iat checked.
type secEvent struct {
	jti    string
	iat    time.Time
	subID  json.RawMessage // the SSF 1.0 "sub_id" object, nil when absent
	events json.RawMessage // the "events" object
}

// The SET header and claim members read, by their index in setHeaderNames and setClaimNames.
const (
	hAlg = iota
	hKid
	hTyp
	hCrit
)

const (
	cIss = iota
	cAud
	cIat
	cJti
	cEvents
	cSubID
)

var (
	setHeaderNames = []string{"alg", "kid", "typ", "crit"}
	setClaimNames  = []string{"iss", "aud", "iat", "jti", "events", "sub_id"}
)

// setType is the JOSE "typ" RFC 8417 §2.3 gives SETs; requiring it keeps an access or ID token signed
// by the same keys from being replayed as an event.
const setType = "secevent+jwt"

// verify reads raw strictly and checks it as a SET for this receiver, in the order a reviewer
// expects: size, syntax, typ, alg, key and signature, and only then the claims. Every failure is a
// *validator.Error whose description never quotes the SET.
func (r *Receiver) verify(ctx context.Context, raw string) (secEvent, error) {
	if raw == "" {
		return secEvent{}, validator.NewError(validator.ErrMissingToken, "no SET", nil)
	}
	if len(raw) > MaxSETSize {
		return secEvent{}, validator.NewError(validator.ErrTokenTooLarge, "SET is larger than 64 KiB", nil)
	}
	jws, h, err := parseSET(raw)
	if err != nil {
		return secEvent{}, err
	}
	typ, _ := h[hTyp].Text()
	if !isSETType(typ) {
		return secEvent{}, validator.NewError(validator.ErrInvalidTokenType, "typ is not "+setType, nil)
	}
	alg, _ := h[hAlg].Text()
	kid, _ := h[hKid].Text()
	if err := r.verifySignature(ctx, jws, alg, kid); err != nil {
		return secEvent{}, err
	}
	return r.checkClaims(jws.Payload)
}

// parseSET splits raw and reads its header with the strict reader access tokens go through. It is the
// one place this package touches the JOSE reader, so moving the reader (to internal/jose) changes
// this function only.
func parseSET(raw string) (jose.JWS, [4]jose.Value, error) {
	var h [4]jose.Value
	jws, err := jose.Parse(raw)
	if f, ok := err.(jose.Fault); ok {
		return jose.JWS{}, h, validator.NewError(validator.ErrMalformedToken, f.Describe("token"), nil)
	}
	if err := readObject(jws.Header, "header", setHeaderNames, h[:]); err != nil {
		return jose.JWS{}, h, err
	}
	if h[hCrit].Present() {
		return jose.JWS{}, h, validator.NewError(validator.ErrMalformedToken, "critical header extensions are not supported", nil)
	}
	if _, ok := h[hAlg].Text(); !ok {
		return jose.JWS{}, h, validator.NewError(validator.ErrMalformedToken, "header has no alg", nil)
	}
	if h[hKid].Present() {
		if _, ok := h[hKid].Text(); !ok {
			return jose.JWS{}, h, validator.NewError(validator.ErrMalformedToken, "kid is not a string", nil)
		}
	}
	return jws, h, nil
}

// readObject reads data with the strict reader (jose.ReadObject), turning its fault into a malformed
// SET; what names the object in the description.
func readObject(data []byte, what string, names []string, members []jose.Value) error {
	if f := jose.ReadObject(data, names, members); f != jose.None {
		return validator.NewError(validator.ErrMalformedToken, f.Describe(what), nil)
	}
	return nil
}

// isSETType compares typ with "secevent+jwt" as RFC 7515 §4.1.9 says: without regard to case, with an
// optional "application/" prefix.
func isSETType(typ string) bool {
	const prefix = "application/"
	if len(typ) > len(prefix) && strings.EqualFold(typ[:len(prefix)], prefix) {
		typ = typ[len(prefix):]
	}
	return strings.EqualFold(typ, setType)
}

// verifySignature checks the SET's signature with a key of the transmitter's Set, looked up through
// the Set's keyfunc/v3 Keyfunc exactly as the validator looks up access-token keys (kid, JWK alg, use
// and key_ops, key type, curve and size), and only with the asymmetric algorithms of the one algorithm
// table: HS* and "none" are never accepted from a transmitter. The lookup gives one key: a SET
// without kid is checked with the first key of the Set that fits its alg.
func (r *Receiver) verifySignature(ctx context.Context, jws jose.JWS, alg, kid string) error {
	a, ok := jwa.Lookup(alg)
	if !ok || a.Family == jwa.HMAC {
		return validator.NewError(validator.ErrUnsupportedAlgorithm, "algorithm not allowed", nil)
	}
	key, found, err := r.keys.VerificationKey(ctx, kid, alg)
	if err != nil {
		return validator.NewError(validator.ErrKeysUnavailable, "no transmitter keys available", err)
	}
	if !found || !a.Fits(key) {
		return validator.NewError(validator.ErrUnknownKey, "no transmitter key for the SET's kid and alg", nil)
	}
	if a.Method.Verify(jws.SigningInput, jws.Signature, key) != nil {
		return validator.NewError(validator.ErrInvalidSignature, "signature does not verify", nil)
	}
	return nil
}

// checkClaims reads the verified payload: iss, aud, iat and jti (RFC 8417 §2.2), and the events.
func (r *Receiver) checkClaims(payload []byte) (secEvent, error) {
	var c [6]jose.Value
	if err := readObject(payload, "claims", setClaimNames, c[:]); err != nil {
		return secEvent{}, err
	}
	iss, ok := c[cIss].Text()
	switch {
	case !c[cIss].Present():
		return secEvent{}, validator.NewError(validator.ErrInvalidIssuer, "SET has no iss claim", validator.ErrMissingClaim)
	case !ok || iss != r.cfg.issuer:
		return secEvent{}, validator.NewError(validator.ErrInvalidIssuer, "issuer not accepted", nil)
	}
	if !c[cAud].Present() {
		return secEvent{}, validator.NewError(validator.ErrInvalidAudience, "SET has no aud claim", validator.ErrMissingClaim)
	}
	accepted, err := audienceContains(payload, r.cfg.audience)
	if err != nil {
		return secEvent{}, err
	}
	if !accepted {
		return secEvent{}, validator.NewError(validator.ErrInvalidAudience, "audience not accepted", nil)
	}
	var s secEvent
	if s.iat, ok = c[cIat].NumericDate(); !ok {
		return secEvent{}, validator.NewError(validator.ErrMissingClaim, "claim iat is missing or not a number", nil)
	}
	if s.iat.After(r.cfg.now().Add(r.cfg.leeway)) {
		return secEvent{}, validator.NewError(validator.ErrTokenNotYetValid, "SET is issued in the future", nil)
	}
	if s.jti, ok = c[cJti].Text(); !ok || s.jti == "" {
		return secEvent{}, validator.NewError(validator.ErrMissingClaim, "claim jti is missing or not a string", nil)
	}
	if len(s.jti) > maxJTILength {
		return secEvent{}, validator.NewError(validator.ErrMalformedToken, "claim jti is too long", nil)
	}
	if s.events, ok = c[cEvents].Object(); !ok {
		return secEvent{}, validator.NewError(validator.ErrMissingClaim, "claim events is missing or not an object", nil)
	}
	if c[cSubID].Present() {
		if s.subID, ok = c[cSubID].Object(); !ok {
			return secEvent{}, validator.NewError(validator.ErrMalformedToken, "claim sub_id is not an object", nil)
		}
	}
	return s, nil
}

// audienceContains reports whether the payload's aud, a string or an array of strings, contains aud.
// The payload has passed ReadObject, so it is one JSON object without duplicate or case-variant
// members, and encoding/json reads exactly the member ReadObject saw.
func audienceContains(payload []byte, aud string) (bool, error) {
	var p struct {
		Aud json.RawMessage `json:"aud"`
	}
	if err := json.Unmarshal(payload, &p); err != nil {
		return false, validator.NewError(validator.ErrMalformedToken, "claims are not JSON", nil)
	}
	var one string
	if json.Unmarshal(p.Aud, &one) == nil {
		return one == aud, nil
	}
	var many []string
	if json.Unmarshal(p.Aud, &many) != nil {
		return false, validator.NewError(validator.ErrMalformedToken, "claim aud has the wrong type", nil)
	}
	for _, a := range many {
		if a == aud {
			return true, nil
		}
	}
	return false, nil
}
