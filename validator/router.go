package validator

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"
)

// Router is a TokenValidator that hands each token to the Validator configured for the token's
// issuer, and optionally hands opaque (non-JWS) tokens to another TokenValidator such as an RFC 7662
// introspector. Build one with ByIssuer. It is safe for concurrent use.
//
// Trusting several identity providers through one Validator with WithIssuer(a, b) and one merged key
// source is weaker: any key in the merged set verifies a token claiming either issuer, so each provider
// can mint tokens in the other's name. A Router binds every issuer to its own Validator, and so to its
// own keys, audience, algorithms and leeway.
type Router struct {
	byIssuer     map[string]*Validator
	cached       []*Validator   // those with WithCache
	opaque       TokenValidator // nil: non-JWS tokens are malformed
	maxTokenSize int            // the largest any Validator accepts; longer tokens are not parsed
	observed     bool           // some Validator has WithObserver: time each validation for it
}

// Router is handed to adapters as a TokenValidator: the build fails, not a test, if it stops being one.
var _ TokenValidator = (*Router)(nil)

// RouterOption configures a Router. ByIssuer checks the options and reports the first invalid one.
type RouterOption func(*routerConfig) error

type routerConfig struct {
	opaque TokenValidator
}

// WithOpaqueTokens sends every token that is not a compact JWS (not three dot-separated segments) to
// tv, typically an *introspect.Introspector. Without it such a token is refused with ErrMalformedToken.
func WithOpaqueTokens(tv TokenValidator) RouterOption {
	return func(c *routerConfig) error {
		if tv == nil {
			return errors.New("WithOpaqueTokens: nil TokenValidator")
		}
		c.opaque = tv
		return nil
	}
}

// ByIssuer returns a Router over validators, each configured with WithIssuer as usual. It refuses an
// empty list, a nil Validator, a Validator made with WithAnyIssuer (it could not be routed to), and an
// issuer claimed by two Validators.
func ByIssuer(validators []*Validator, opts ...RouterOption) (*Router, error) {
	var c routerConfig
	for _, opt := range opts {
		if opt == nil {
			return nil, errors.New("validator: ByIssuer: nil option")
		}
		if err := opt(&c); err != nil {
			return nil, fmt.Errorf("validator: ByIssuer: %w", err)
		}
	}
	if len(validators) == 0 {
		return nil, errors.New("validator: ByIssuer: no Validator given")
	}
	r := &Router{byIssuer: make(map[string]*Validator), opaque: c.opaque}
	for i, v := range validators {
		if v == nil {
			return nil, fmt.Errorf("validator: ByIssuer: Validator %d is nil", i)
		}
		issuers := v.acceptedIssuers()
		if len(issuers) == 0 {
			return nil, fmt.Errorf("validator: ByIssuer: Validator %d accepts any issuer (WithAnyIssuer); give it WithIssuer", i)
		}
		for _, iss := range issuers {
			if _, taken := r.byIssuer[iss]; taken {
				return nil, fmt.Errorf("validator: ByIssuer: issuer %q is claimed by two Validators", iss)
			}
			r.byIssuer[iss] = v
		}
		if v.tokenCache() != nil {
			r.cached = append(r.cached, v)
		}
		r.maxTokenSize = max(r.maxTokenSize, v.tokenSizeLimit())
		r.observed = r.observed || len(v.observers) > 0
	}
	return r, nil
}

// Validate routes token by its "iss" claim, read with the Validator's own strict parser before any
// key is looked up, to the Validator that claims that issuer, which then checks everything. A token
// whose issuer no Validator claims is refused with ErrInvalidIssuer without touching any key source;
// a token that is not a compact JWS goes to the WithOpaqueTokens validator, or is ErrMalformedToken.
func (r *Router) Validate(ctx context.Context, token string) (*Claims, error) {
	if !r.observed {
		_, claims, _, err := r.route(ctx, token)
		return claims, err
	}
	start := time.Now()
	v, claims, cached, err := r.route(ctx, token)
	if v != nil {
		v.report(ctx, start, token, claims, cached, err)
	}
	return claims, err
}

// route answers token: v is the Validator that decided (nil when the Router refused it before
// choosing one, or sent it to WithOpaqueTokens), cached whether v's cache answered.
func (r *Router) route(ctx context.Context, token string) (v *Validator, claims *Claims, cached bool, err error) {
	if token == "" {
		return nil, nil, false, newError(ErrMissingToken, "no token", nil)
	}
	if r.opaque != nil && strings.Count(token, ".") != 2 {
		claims, err = r.opaque.Validate(ctx, token)
		return nil, claims, false, err
	}
	if len(token) > r.maxTokenSize {
		return nil, nil, false, newError(ErrTokenTooLarge, fmt.Sprintf("token is %d bytes, more than %d", len(token), r.maxTokenSize), nil)
	}
	// A token in a Validator's cache (WithCache) was accepted by that Validator, the only one its
	// issuer routes to: answer as that Validator would, without parsing the token again.
	for _, v := range r.cached {
		if claims, hit, err := v.tokenCache().lookup(token, v.clock()); hit {
			return v, claims, true, err
		}
	}
	// The token is parsed once, here, and handed to the chosen Validator parsed.
	var sigBuf [maxStackSignature]byte
	parts, signature, h, err := parseCompact(token, sigBuf[:0])
	if err != nil {
		return nil, nil, false, err
	}
	var p payload
	if err = decodePayload(parts.Payload, &p); err != nil {
		return nil, nil, false, err
	}
	if !p.hasIssuer {
		return nil, nil, false, newError(ErrInvalidIssuer, "token has no iss claim", ErrMissingClaim)
	}
	v, ok := r.byIssuer[p.issuer]
	if !ok {
		return nil, nil, false, newError(ErrInvalidIssuer, "issuer not accepted", nil)
	}
	if limit := v.tokenSizeLimit(); len(token) > limit {
		return nil, nil, false, newError(ErrTokenTooLarge, fmt.Sprintf("token is %d bytes, more than %d", len(token), limit), nil)
	}
	cache := v.tokenCache()
	if cache == nil {
		claims, err = v.verify(ctx, parts, signature, h, &p)
		return v, claims, false, err
	}
	epoch := cache.currentEpoch() // as in Validate: read before verifying
	claims, err = v.verify(ctx, parts, signature, h, &p)
	if err == nil {
		cache.store(token, claims, epoch)
	}
	return v, claims, false, err
}

// The settings the router reads, each through one accessor, so the router does not depend on how
// the Validator stores them.

// acceptedIssuers returns the issuers v accepts; none means any (WithAnyIssuer).
func (v *Validator) acceptedIssuers() []string { return v.issuers }

// tokenSizeLimit returns the longest token v accepts.
func (v *Validator) tokenSizeLimit() int { return v.maxTokenSize }

// tokenCache returns v's token cache, nil without WithCache.
func (v *Validator) tokenCache() *tokenCache { return v.cache }

// clock returns v's notion of now.
func (v *Validator) clock() time.Time { return v.now() }
