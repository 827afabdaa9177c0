package validator

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
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
	opaque       TokenValidator // nil: non-JWS tokens are malformed
	maxTokenSize int            // the largest any Validator accepts; longer tokens are not parsed
}

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
		r.maxTokenSize = max(r.maxTokenSize, v.tokenSizeLimit())
	}
	return r, nil
}

// Validate routes token by its "iss" claim, read with the Validator's own strict parser before any
// key is looked up, to the Validator that claims that issuer, which then checks everything. A token
// whose issuer no Validator claims is refused with ErrInvalidIssuer without touching any key source;
// a token that is not a compact JWS goes to the WithOpaqueTokens validator, or is ErrMalformedToken.
func (r *Router) Validate(ctx context.Context, token string) (*Claims, error) {
	if token == "" {
		return nil, newError(ErrMissingToken, "no token", nil)
	}
	if r.opaque != nil && strings.Count(token, ".") != 2 {
		return r.opaque.Validate(ctx, token)
	}
	if len(token) > r.maxTokenSize {
		return nil, newError(ErrTokenTooLarge, fmt.Sprintf("token is %d bytes, more than %d", len(token), r.maxTokenSize), nil)
	}
	v, err := r.route(token)
	if err != nil {
		return nil, err
	}
	return v.Validate(ctx, token)
}

// maxPooledPayload is the largest decoded payload route reads into a pooled buffer; larger ones
// get a buffer of their own.
const maxPooledPayload = 4096

// payloadBuffers lends route its decode buffers. The payload reader keeps strings that point into
// the buffer, which makes a stack buffer escape; pooling keeps routing free of allocations.
var payloadBuffers = sync.Pool{New: func() any { return new([maxPooledPayload]byte) }}

// route finds the Validator for token's issuer.
func (r *Router) route(token string) (*Validator, error) {
	_, encoded, _, err := compactSegments(token)
	if err != nil {
		return nil, err
	}
	var buf []byte
	if n := base64URL.DecodedLen(len(encoded)); n <= maxPooledPayload {
		pooled := payloadBuffers.Get().(*[maxPooledPayload]byte)
		defer payloadBuffers.Put(pooled)
		buf = pooled[:0]
	} else {
		buf = make([]byte, 0, n)
	}
	buf, err = base64URL.AppendDecode(buf, bytesOf(encoded))
	if err != nil {
		return nil, newError(ErrMalformedToken, "payload is not unpadded base64url", nil)
	}
	var p payload
	if err := decodePayload(buf, &p); err != nil {
		return nil, err
	}
	if !p.hasIssuer {
		return nil, newError(ErrInvalidIssuer, "token has no iss claim", ErrMissingClaim)
	}
	v, ok := r.byIssuer[p.issuer]
	if !ok {
		return nil, newError(ErrInvalidIssuer, "issuer not accepted", nil)
	}
	return v, nil
}

// acceptedIssuers returns the issuers v accepts; none means any (WithAnyIssuer).
func (v *Validator) acceptedIssuers() []string { return v.issuers }

// tokenSizeLimit returns the longest token v accepts.
func (v *Validator) tokenSizeLimit() int { return v.maxTokenSize }
