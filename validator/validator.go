package validator

import (
	"context"
	"errors"
	"fmt"
	"time"
	"unsafe"

	"github.com/jwtguard/jwtguard/internal/jose"
	"github.com/jwtguard/jwtguard/internal/jwa"
	"github.com/jwtguard/jwtguard/scopes"
)

// TokenValidator is what the HTTP and gRPC adapters accept. *Validator satisfies it; so can a
// validator of the caller's own that, say, picks one of several Validators by issuer.
type TokenValidator interface {
	// Validate checks the raw compact JWS and returns its verified claims, or an error wrapping one
	// of this package's sentinels (ideally a *Error).
	Validate(ctx context.Context, token string) (*Claims, error)
}

// Validator checks bearer tokens against one configuration. It is safe for concurrent use and holds
// no lock on the validation path.
type Validator struct {
	settings
	// Every validation reads the settings. Padded to a multiple of 64 bytes — a size class whose
	// objects are aligned to cache lines — the Validator shares no line with an object that another
	// core may be writing (false sharing halved the throughput of cache hits on two cores).
	// TestHotStructsFillCacheLines checks the alignment on real allocations.
	_ [(64 - unsafe.Sizeof(settings{})%64) % 64]byte
}

// settings is the one list of what the options set and New decides; every validation reads it.
type settings struct {
	// Decided by New.
	keys  keyLookup
	cache *tokenCache // nil unless WithCache

	revocations RevocationList // WithRevocation's, or nil

	observers []func(context.Context, Observation) // WithObserver's, in order

	// Set by the options.
	issuers        []string
	anyIssuer      bool
	anyAudience    bool
	algorithmsSet  bool   // WithAlgorithms was given: algorithms is not the default
	algorithms     algSet // allowed algorithms
	audiences      []string
	leeway         time.Duration
	tokenType      string
	requiredClaims []string
	requiredScopes scopes.Requirement
	maxTokenSize   int
	now            func() time.Time
	hmacSecret     []byte
	cacheSize      int
}

// maxRequiredClaims bounds WithRequiredClaims so presence can be tracked in one machine word.
const maxRequiredClaims = 64

// New returns a Validator that verifies signatures with keys from keys and checks claims as the
// options say. It refuses a configuration without an issuer (WithIssuer, or WithAnyIssuer to opt out)
// or without an audience (WithAudience, or WithAnyAudience), as well as any invalid option.
// keys may be nil only when WithSymmetricKey supplies the only key; unless WithAlgorithms says
// otherwise, such a validator allows just the HS algorithms the secret fits. A *jwks.Set, or any
// KeySource made by FromKeyfunc, is looked up through its keyfunc/v3 Keyfunc.
func New(keys KeySource, opts ...Option) (*Validator, error) {
	v := &Validator{settings: settings{leeway: DefaultLeeway, maxTokenSize: DefaultMaxTokenSize, now: time.Now}}
	c := &v.settings
	for _, opt := range opts {
		if opt == nil {
			return nil, errors.New("validator: nil option")
		}
		if err := opt(c); err != nil {
			return nil, fmt.Errorf("validator: %w", err)
		}
	}
	switch {
	case len(c.issuers) == 0 && !c.anyIssuer:
		return nil, errors.New("validator: no issuer configured: use WithIssuer, or WithAnyIssuer to accept any")
	case len(c.issuers) > 0 && c.anyIssuer:
		return nil, errors.New("validator: WithIssuer and WithAnyIssuer contradict each other")
	case len(c.audiences) == 0 && !c.anyAudience:
		return nil, errors.New("validator: no audience configured: use WithAudience, or WithAnyAudience to accept any")
	case len(c.audiences) > 0 && c.anyAudience:
		return nil, errors.New("validator: WithAudience and WithAnyAudience contradict each other")
	case len(c.requiredClaims) > maxRequiredClaims:
		return nil, fmt.Errorf("validator: more than %d required claims", maxRequiredClaims)
	}
	secretFits := symmetricAlgorithmsFor(c.hmacSecret)
	if !c.algorithmsSet {
		c.algorithms = jwa.Asymmetric | secretFits
		if keys == nil && c.hmacSecret != nil {
			// An HS-only service: the secret is the only key, so only the HS algorithms it fits.
			c.algorithms = secretFits
		}
	}
	if hs := c.algorithms & jwa.Symmetric; hs != 0 {
		if c.hmacSecret == nil {
			return nil, errors.New("validator: HS* algorithms need WithSymmetricKey")
		}
		if hs&^secretFits != 0 {
			return nil, fmt.Errorf("validator: a secret of %d bytes is too short for an HS algorithm allowed (HS384 needs 48, HS512 64)", len(c.hmacSecret))
		}
	}
	if c.algorithms&jwa.Asymmetric != 0 {
		if keys == nil {
			return nil, errors.New("validator: nil KeySource")
		}
		c.keys = newKeyLookup(keys)
	}
	if c.cacheSize > 0 {
		epocher, ok := keys.(KeyEpocher)
		if keys != nil && !ok {
			return nil, errors.New("validator: WithCache needs a KeySource that implements KeyEpocher, so removed keys stop verifying cached tokens")
		}
		c.cache = newTokenCache(c.cacheSize, epocher, c.leeway)
		c.cache.revocations = c.revocations
	}
	return v, nil
}

// Validate verifies token, a compact JWS without the "Bearer " prefix, and returns its claims.
//
// The checks run in this order, each refusing with its own sentinel:
//  1. presence (ErrMissingToken) and size (ErrTokenTooLarge), before anything is decoded;
//  2. strict compact-JWS syntax: three unpadded base64url segments, no JWE, a header of at most
//     MaxHeaderBytes, MaxHeaderMembers members and MaxHeaderDepth levels, header JSON without duplicate
//     or case-variant members, a string alg, no "crit" and no "b64" (ErrMalformedToken);
//  3. alg against the allow-list (ErrUnsupportedAlgorithm);
//  4. the key, from the KeySource only — jku, x5u, jwk and x5c headers are never followed — and the
//     signature (ErrUnknownKey, ErrInvalidSignature, ErrKeysUnavailable). When no key is found or the
//     signature does not verify and WithIssuer is set, the unverified payload is read for its iss
//     alone: a token whose iss is absent or not accepted is refused as ErrInvalidIssuer, with a
//     detail saying that the signature was not verified and why, because such a token would be
//     refused for its iss anyway and "unknown key" would hide that it was meant for another issuer.
//     Nothing else is read from an unverified payload;
//  5. then, and only then, the verified claims: the payload's syntax (ErrMalformedToken), the claims
//     WithRequiredClaims names and exp, which is always required (ErrMissingClaim), the times exp
//     (ErrTokenExpired), nbf and iat (ErrTokenNotYetValid), iss (ErrInvalidIssuer), the revocation list of
//     WithRevocation (ErrTokenRevoked), aud
//     (ErrInvalidAudience), the header's typ (ErrInvalidTokenType), and the required scopes
//     (ErrInsufficientScope).
//
// With WithCache, a token accepted before is answered from the cache before step 1, its times checked
// again, for as long as the KeySource's keys are unchanged. With WithObserver, each call is reported once its verdict is known.
func (v *Validator) Validate(ctx context.Context, token string) (*Claims, error) {
	if len(v.observers) > 0 {
		return v.validateObserved(ctx, token)
	}
	claims, _, err := v.validateCached(ctx, token)
	return claims, err
}

// validateCached is Validate without the observer; cached reports an answer from the cache.
func (v *Validator) validateCached(ctx context.Context, token string) (claims *Claims, cached bool, err error) {
	if v.cache == nil {
		claims, err = v.validate(ctx, token)
		return claims, false, err
	}
	if claims, hit, err := v.cache.lookup(token, v.now()); hit {
		return claims, true, err
	}
	epoch := v.cache.currentEpoch() // read before validating, so a key change during it invalidates the entry
	claims, err = v.validate(ctx, token)
	if err == nil {
		v.cache.store(token, claims, epoch)
	}
	return claims, false, err
}

// validate is Validate without the cache.
func (v *Validator) validate(ctx context.Context, token string) (*Claims, error) {
	if token == "" {
		return nil, newError(ErrMissingToken, "no token", nil)
	}
	if len(token) > v.maxTokenSize {
		return nil, newError(ErrTokenTooLarge, fmt.Sprintf("token is %d bytes, more than %d", len(token), v.maxTokenSize), nil)
	}
	var sigBuf [maxStackSignature]byte
	parts, signature, h, err := parseCompact(token, sigBuf[:0])
	if err != nil {
		return nil, err
	}
	return v.verify(ctx, parts, signature, h, nil)
}

// verify checks a parsed token's alg and signature, then its claims. decoded is the payload when the
// caller has decoded it already (the issuer router does, to route), else nil.
func (v *Validator) verify(ctx context.Context, parts jose.Parts, signature []byte, h jose.Header, decoded *payload) (*Claims, error) {
	alg, i, known := lookupAlgorithm(h.Alg)
	if !known || v.algorithms&jwa.Bit(i) == 0 {
		return nil, newError(ErrUnsupportedAlgorithm, "algorithm not allowed", nil).
			WithDetail("alg " + quote(h.Alg) + ", allowed " + algorithmNames(v.algorithms))
	}
	if err := v.verifySignature(ctx, alg, i, h.Kid, parts.SigningInput, signature); err != nil {
		return nil, v.signatureFailure(err, h, parts.Payload)
	}
	return v.checkClaims(parts, h, decoded)
}

// verifySignature checks the signature with the HS secret, or with each key the KeySource offers for
// the token's alg and kid until one verifies it.
func (v *Validator) verifySignature(ctx context.Context, alg *algorithm, i int, kid, input string, signature []byte) error {
	if alg.Family == jwa.HMAC {
		if alg.Fits(v.hmacSecret) && verify(alg, input, signature, v.hmacSecret) {
			return nil
		}
		return newError(ErrInvalidSignature, "signature does not verify", nil)
	}
	var buf [4]any
	keys, err := v.keys.candidates(ctx, alg, i, kid, buf[:0])
	if err != nil {
		return err
	}
	if verifiesAny(alg, input, signature, keys) {
		return nil
	}
	if verifiesAny(alg, input, signature, v.keys.more(ctx, i, kid, keys, nil)) {
		return nil
	}
	return newError(ErrInvalidSignature, "signature does not verify", nil)
}

func verifiesAny(alg *algorithm, input string, signature []byte, keys []any) bool {
	for _, key := range keys {
		if verify(alg, input, signature, key) {
			return true
		}
	}
	return false
}

// maxInlineScopes is how many scopes are gathered on the stack before scopes.New copies them.
const maxInlineScopes = 16

// checkClaims decodes the verified payload, unless decoded already holds it, and applies the claim
// checks, in the order Validate documents; each step refuses with its own sentinel.
func (v *Validator) checkClaims(parts jose.Parts, h jose.Header, decoded *payload) (*Claims, error) {
	var p payload
	if decoded != nil {
		p = *decoded
	} else if err := decodePayload(parts.Payload, &p); err != nil {
		return nil, err
	}
	if err := v.checkRequiredClaims(parts.Payload, &p); err != nil {
		return nil, err
	}
	expiresAt, notBefore, issuedAt := p.expiresAt.Time(), p.notBefore.Time(), p.issuedAt.Time()
	if err := checkTimes(v.now(), v.leeway, expiresAt, notBefore, issuedAt); err != nil {
		return nil, err
	}
	if err := v.checkIssuer(&p); err != nil {
		return nil, err
	}
	if err := v.checkRevocation(parts.Payload, &p, issuedAt); err != nil {
		return nil, err
	}
	var audienceBuf [4]string
	audience, ok := audienceList(audienceBuf[:0], p.audience)
	if !ok {
		return nil, newError(ErrMalformedToken, "claim aud has the wrong type", nil)
	}
	if err := v.checkAudience(&p, audience); err != nil {
		return nil, err
	}
	if err := v.checkTokenType(h); err != nil {
		return nil, err
	}
	granted, err := v.checkScopes(&p)
	if err != nil {
		return nil, err
	}
	c := &Claims{
		Issuer:    p.issuer,
		Subject:   p.subject,
		ExpiresAt: expiresAt,
		NotBefore: notBefore,
		IssuedAt:  issuedAt,
		ID:        p.id,
		ClientID:  p.clientID,
		Scopes:    granted,
		KeyID:     h.Kid,
		Algorithm: h.Alg,
		Type:      h.Typ,
		header:    parts.Header,
		payload:   parts.Payload,
		cnf:       p.cnf,
	}
	switch {
	case !p.audience.Present():
	case len(audience) <= len(c.audience):
		// One audience, the usual case, is kept inside Claims: no allocation of its own.
		n := copy(c.audience[:], audience)
		c.Audience = c.audience[:n:n]
	default:
		c.Audience = append([]string(nil), audience...)
	}
	return c, nil
}

// checkRequiredClaims refuses a token lacking a claim WithRequiredClaims names, then one lacking exp,
// which is always required.
func (v *Validator) checkRequiredClaims(raw []byte, p *payload) error {
	if len(v.requiredClaims) > 0 {
		if missing := v.missingClaim(raw); missing != "" {
			return newError(ErrMissingClaim, "claim "+missing+" is required", nil)
		}
	}
	if !p.expiresAt.Present {
		return newError(ErrMissingClaim, "claim exp is required", nil)
	}
	return nil
}

// checkIssuer refuses an iss that is absent or not accepted, unless WithAnyIssuer.
func (v *Validator) checkIssuer(p *payload) error {
	if len(v.issuers) == 0 {
		return nil
	}
	if !p.hasIssuer {
		return newError(ErrInvalidIssuer, "token has no iss claim", ErrMissingClaim).
			WithDetail("no iss, accepted " + quoteList(v.issuers))
	}
	if !contains(v.issuers, p.issuer) {
		return newError(ErrInvalidIssuer, "issuer not accepted", nil).
			WithDetail("iss " + quote(p.issuer) + ", accepted " + quoteList(v.issuers))
	}
	return nil
}

// checkAudience refuses an aud that is absent or names no accepted audience, unless WithAnyAudience.
func (v *Validator) checkAudience(p *payload, audience []string) error {
	if len(v.audiences) == 0 {
		return nil
	}
	if !p.audience.Present() {
		return newError(ErrInvalidAudience, "token has no aud claim", ErrMissingClaim).
			WithDetail("no aud, accepted " + quoteList(v.audiences))
	}
	if !audienceAccepted(v.audiences, audience) {
		return newError(ErrInvalidAudience, "audience not accepted", nil).
			WithDetail("aud " + quoteList(audience) + ", accepted " + quoteList(v.audiences))
	}
	return nil
}

// checkTokenType refuses a header typ other than WithTokenType's.
func (v *Validator) checkTokenType(h jose.Header) error {
	if v.tokenType != "" && !sameMediaType(h.Typ, v.tokenType) {
		return newError(ErrInvalidTokenType, "token type is not "+v.tokenType, nil).
			WithDetail("typ " + quote(h.Typ) + ", want " + quote(v.tokenType))
	}
	return nil
}

// checkScopes returns the granted scopes, refusing a token that lacks WithRequiredScopes'. "scope"
// (RFC 9068) wins over "scp" whenever it is present, even empty.
func (v *Validator) checkScopes(p *payload) (scopes.Set, error) {
	scopeClaim := p.scope
	if !scopeClaim.Present() {
		scopeClaim = p.scp
	}
	var granted scopes.Set
	if scopeClaim.Present() {
		var scopeBuf [maxInlineScopes]string
		list, ok := scopeList(scopeBuf[:0], scopeClaim)
		if !ok {
			return scopes.Set{}, newError(ErrMalformedToken, "claim scope has the wrong type", nil)
		}
		granted = scopes.New(list...)
	}
	if err := v.requiredScopes.Check(granted); err != nil {
		return scopes.Set{}, NewScopeError(v.requiredScopes, err).
			WithDetail("scopes granted " + quoteList(granted.List()) + ", required " + v.requiredScopes.String())
	}
	return granted, nil
}

// missingClaim returns the first required claim absent (or null) in payload, or "". payload has
// already been validated by decodePayload.
func (v *Validator) missingClaim(payload []byte) string {
	var present uint64
	r := jose.Reader{Data: payload}
	if r.Open() != jose.None {
		return v.requiredClaims[0]
	}
	for {
		_, name, more, f := r.Next()
		if f != jose.None || !more {
			break
		}
		value, f := r.Value()
		if f != jose.None {
			break
		}
		if !value.Present() {
			continue
		}
		for i, required := range v.requiredClaims {
			if required == string(name) {
				present |= 1 << i
			}
		}
	}
	for i, required := range v.requiredClaims {
		if present&(1<<i) == 0 {
			return required
		}
	}
	return ""
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
