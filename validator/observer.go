package validator

import (
	"context"
	"errors"
	"time"
)

// Observation describes one call of Validate, for metrics and tracing (the nested module
// github.com/jwtguard/jwtguard/otel turns it into OpenTelemetry metrics and spans). Every string in
// it comes from a bounded set, so each may label a metric: nothing an unverified token says is
// copied into it.
type Observation struct {
	// Code is the rejection's reason code, as Code(Err) returns it ("token_expired",
	// "keys_unavailable", ...); "" when the token was accepted.
	Code string
	// Err is what Validate returned; nil when the token was accepted. KindOf(Err) tells a refusal
	// (401, 403) from an outage (503).
	Err error
	// Algorithm is the token's "alg" when it names an algorithm this package knows, accepted or
	// refused; "" otherwise (no parsable header, or an unknown name).
	Algorithm string
	// Issuer is the verified "iss" of an accepted token; "" for a refused one, whose "iss" was not
	// verified and is whatever its sender chose.
	Issuer string
	// Cached reports that the answer came from the WithCache cache, without a signature check.
	Cached bool
	// Start is when Validate was called; Duration is how long it took, measured on the monotonic
	// clock whatever WithClock says.
	Start    time.Time
	Duration time.Duration
}

// WithObserver has observe called once per Validate, after the verdict, with the context Validate was
// given and what happened. It runs on the request path, so it must be fast and must not block; it
// must not keep Err beyond the call if that matters to the caller's memory. Given more than once, the
// observers are called in order. Without it Validate measures nothing and costs nothing more.
// A Router (ByIssuer) reports to the observers of the Validator it routes a token to; a token it
// refuses before choosing one (an issuer no Validator claims) is reported to none.
func WithObserver(observe func(ctx context.Context, o Observation)) Option {
	return func(c *settings) error {
		if observe == nil {
			return errors.New("WithObserver: nil observer")
		}
		c.observers = append(c.observers, observe)
		return nil
	}
}

// validateObserved is Validate with WithObserver: the same verdict, timed and reported.
func (v *Validator) validateObserved(ctx context.Context, token string) (*Claims, error) {
	start := time.Now()
	claims, cached, err := v.validateCached(ctx, token)
	v.report(ctx, start, token, claims, cached, err)
	return claims, err
}

// report tells v's observers of one validation of token that began at start, by Validate or by a
// Router for v.
func (v *Validator) report(ctx context.Context, start time.Time, token string, claims *Claims, cached bool, err error) {
	if len(v.observers) == 0 {
		return
	}
	o := Observation{Err: err, Cached: cached, Start: start, Duration: time.Since(start)}
	if err != nil {
		o.Code = Code(err)
		o.Algorithm = v.knownAlgorithm(token)
	} else {
		o.Algorithm = claims.Algorithm
		o.Issuer = claims.Issuer
	}
	for _, observe := range v.observers {
		observe(ctx, o)
	}
}

// knownAlgorithm returns the header's alg of a refused token if it is one of the algorithm table's
// names, else "". It parses the header again, which only observed refusals pay for, and never for a
// token that the size limit refused unread.
func (v *Validator) knownAlgorithm(token string) string {
	if token == "" || len(token) > v.maxTokenSize {
		return ""
	}
	var sigBuf [maxStackSignature]byte
	parts, _, err := splitCompact(token, sigBuf[:0])
	if err != nil {
		return ""
	}
	h, err := parseHeader(parts.Header)
	if err != nil {
		return ""
	}
	if alg, _, known := lookupAlgorithm(h.Alg); known {
		return alg.Name
	}
	return ""
}
