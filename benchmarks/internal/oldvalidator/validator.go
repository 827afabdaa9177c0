package oldvalidator

import (
	"context"
	"errors"
	"fmt"
	"time"
	"unsafe"

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
	// Every validation reads the settings. Padded to 256 bytes, a size class whose objects are aligned
	// to cache lines, the Validator shares no line with an object that another core may be writing
	// (false sharing halved the throughput of cache hits on two cores). If settings outgrow this, the
	// array length turns negative and the build fails: pad to the next multiple of 64 then.
	_ [256 - unsafe.Sizeof(settings{})]byte
}

// settings is what New decides and every validation reads.
type settings struct {
	keys           KeySource
	issuers        []string
	audiences      []string
	algorithms     algSet
	leeway         time.Duration
	tokenType      string
	requiredClaims []string
	requiredScopes scopes.Requirement
	maxTokenSize   int
	now            func() time.Time
	hmacSecret     []byte
	cache          *tokenCache // nil unless WithCache
}

// maxRequiredClaims bounds WithRequiredClaims so presence can be tracked in one machine word.
const maxRequiredClaims = 64

// New returns a Validator that verifies signatures with keys from keys and checks claims as the
// options say. It refuses a configuration without an issuer (WithIssuer, or WithAnyIssuer to opt out)
// or without an audience (WithAudience, or WithAnyAudience), as well as any invalid option.
// keys may be nil only when WithSymmetricKey supplies the only key.
func New(keys KeySource, opts ...Option) (*Validator, error) {
	c := config{leeway: DefaultLeeway, maxTokenSize: DefaultMaxTokenSize, now: time.Now}
	for _, opt := range opts {
		if opt == nil {
			return nil, errors.New("validator: nil option")
		}
		if err := opt(&c); err != nil {
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
	if !c.algorithmsSet {
		c.algorithms = asymmetricAlgorithms
		if c.hmacSecret != nil {
			c.algorithms |= symmetricAlgorithms
		}
	}
	if c.algorithms&symmetricAlgorithms != 0 && c.hmacSecret == nil {
		return nil, errors.New("validator: HS* algorithms need WithSymmetricKey")
	}
	if c.algorithms&asymmetricAlgorithms != 0 && keys == nil {
		return nil, errors.New("validator: nil KeySource")
	}
	var cache *tokenCache
	if c.cacheSize > 0 {
		epocher, ok := keys.(KeyEpocher)
		if keys != nil && !ok {
			return nil, errors.New("validator: WithCache needs a KeySource that implements KeyEpocher, so removed keys stop verifying cached tokens")
		}
		cache = newTokenCache(c.cacheSize, epocher, c.leeway)
	}
	return &Validator{settings: settings{
		cache:          cache,
		keys:           keys,
		issuers:        c.issuers,
		audiences:      c.audiences,
		algorithms:     c.algorithms,
		leeway:         c.leeway,
		tokenType:      c.tokenType,
		requiredClaims: c.requiredClaims,
		requiredScopes: c.requiredScopes,
		maxTokenSize:   c.maxTokenSize,
		now:            c.now,
		hmacSecret:     c.hmacSecret,
	}}, nil
}

// Validate verifies token, a compact JWS without the "Bearer " prefix, and returns its claims.
//
// The checks run in this order, each refusing with its own sentinel: presence and size; strict
// compact-JWS syntax (three unpadded base64url segments, JSON objects without duplicate members, no
// unknown "crit"); alg against the allow-list; the key, from the KeySource only (jku, x5u, jwk and x5c
// headers are never followed); the signature; then, and only then, the claims: exp (required), nbf,
// iat, iss, aud, typ, required claims and required scopes.
//
// With WithCache, a token seen before is answered from the cache after the time checks.
func (v *Validator) Validate(ctx context.Context, token string) (*Claims, error) {
	if v.cache == nil {
		return v.validate(ctx, token)
	}
	if claims, hit, err := v.cache.lookup(token, v.now()); hit {
		return claims, err
	}
	epoch := v.cache.currentEpoch() // read before validating, so a key change during it invalidates the entry
	claims, err := v.validate(ctx, token)
	if err == nil {
		v.cache.store(token, claims, epoch)
	}
	return claims, err
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
	parts, signature, err := splitCompact(token, sigBuf[:0])
	if err != nil {
		return nil, err
	}
	h, err := parseHeader(parts.header)
	if err != nil {
		return nil, err
	}
	alg, bit, known := lookupAlgorithm(h.alg)
	if !known || v.algorithms&bit == 0 {
		return nil, newError(ErrUnsupportedAlgorithm, "algorithm not allowed", nil)
	}
	key, err := v.key(ctx, alg, h.kid)
	if err != nil {
		return nil, err
	}
	if !alg.verify(parts.signingInput, signature, key) {
		return nil, newError(ErrInvalidSignature, "signature does not verify", nil)
	}
	return v.checkClaims(parts, h)
}

// key finds the verification key for alg and kid.
func (v *Validator) key(ctx context.Context, alg *algorithm, kid string) (any, error) {
	if alg.family == familyHMAC {
		return v.hmacSecret, nil
	}
	key, found, err := v.keys.VerificationKey(ctx, kid, alg.name)
	if err != nil {
		return nil, newError(ErrKeysUnavailable, "no verification keys available", err)
	}
	if !found || !alg.fits(key) {
		return nil, newError(ErrUnknownKey, "no trusted key for the token's kid and alg", nil)
	}
	return key, nil
}

// maxInlineScopes is how many scopes are gathered on the stack before scopes.New copies them.
const maxInlineScopes = 16

// checkClaims decodes the verified payload and applies every claim check.
func (v *Validator) checkClaims(parts compactParts, h header) (*Claims, error) {
	var p payload
	if err := decodePayload(parts.payload, &p); err != nil {
		return nil, err
	}
	if len(v.requiredClaims) > 0 {
		if missing := v.missingClaim(parts.payload); missing != "" {
			return nil, newError(ErrMissingClaim, "claim "+missing+" is required", nil)
		}
	}
	if !p.expiresAt.present {
		return nil, newError(ErrMissingClaim, "claim exp is required", nil)
	}
	expiresAt, notBefore, issuedAt := p.expiresAt.time(), p.notBefore.time(), p.issuedAt.time()
	if err := checkTimes(v.now(), v.leeway, expiresAt, notBefore, issuedAt); err != nil {
		return nil, err
	}
	if len(v.issuers) > 0 {
		if !p.hasIssuer {
			return nil, newError(ErrInvalidIssuer, "token has no iss claim", ErrMissingClaim)
		}
		if !contains(v.issuers, p.issuer) {
			return nil, newError(ErrInvalidIssuer, "issuer not accepted", nil)
		}
	}
	var audienceBuf [4]string
	audience, ok := audienceList(audienceBuf[:0], p.audience)
	if !ok {
		return nil, newError(ErrMalformedToken, "claim aud has the wrong type", nil)
	}
	if len(v.audiences) > 0 {
		if p.audience.raw == nil {
			return nil, newError(ErrInvalidAudience, "token has no aud claim", ErrMissingClaim)
		}
		if !containsAny(v.audiences, audience) {
			return nil, newError(ErrInvalidAudience, "audience not accepted", nil)
		}
	}
	if v.tokenType != "" && !sameMediaType(h.typ, v.tokenType) {
		return nil, newError(ErrInvalidTokenType, "token type is not "+v.tokenType, nil)
	}
	// "scope" (RFC 9068) wins over "scp" whenever it is present, even empty.
	scopeClaim := p.scope
	if scopeClaim.raw == nil {
		scopeClaim = p.scp
	}
	var granted scopes.Set
	if scopeClaim.raw != nil {
		var scopeBuf [maxInlineScopes]string
		list, ok := scopeList(scopeBuf[:0], scopeClaim)
		if !ok {
			return nil, newError(ErrMalformedToken, "claim scope has the wrong type", nil)
		}
		granted = scopes.New(list...)
	}
	if err := v.requiredScopes.Check(granted); err != nil {
		return nil, newError(ErrInsufficientScope, "token lacks scope "+v.requiredScopes.String(), err)
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
		KeyID:     h.kid,
		Algorithm: h.alg,
		Type:      h.typ,
		header:    parts.header,
		payload:   parts.payload,
	}
	switch {
	case p.audience.raw == nil:
	case len(audience) <= len(c.audience):
		// One audience, the usual case, is kept inside Claims: no allocation of its own.
		n := copy(c.audience[:], audience)
		c.Audience = c.audience[:n:n]
	default:
		c.Audience = append([]string(nil), audience...)
	}
	return c, nil
}

// missingClaim returns the first required claim absent (or null) in payload, or "". payload has
// already been validated by decodePayload.
func (v *Validator) missingClaim(payload []byte) string {
	var present uint64
	r := objectReader{data: payload}
	if r.open() != faultNone {
		return v.requiredClaims[0]
	}
	for {
		_, name, more, f := r.next()
		if f != faultNone || !more {
			break
		}
		value, f := r.value()
		if f != faultNone {
			break
		}
		if value.kind() == 'n' {
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

func containsAny(accepted, offered []string) bool {
	for _, o := range offered {
		if contains(accepted, o) {
			return true
		}
	}
	return false
}
