// Package otel reports jwtguard's token validations and key fetches as OpenTelemetry metrics and
// spans. It lives in its own module, github.com/jwtguard/jwtguard/otel, so that a program which does
// not use OpenTelemetry never has it in its go.mod.
//
// It is built on the observers of the core: an Instrumentation's ValidatorOption is
// validator.WithObserver and its JWKSOption is jwks.WithObserver, so wiring it is two options:
//
//	inst, err := otel.New() // global MeterProvider and TracerProvider, or WithMeterProvider / WithTracerProvider
//	keys, err := jwks.Discover(ctx, issuer, inst.JWKSOption())
//	v, err := validator.New(keys, validator.WithIssuer(issuer), validator.WithAudience(aud), inst.ValidatorOption())
//
// Metrics (names and units follow the OpenTelemetry semantic conventions' rules: dotted names,
// seconds for durations, error.type for the failure's class):
//
//	jwtguard.validations            counter {validation}   jwtguard.validation.result, error.type, jwtguard.validation.cached, jwtguard.token.alg, jwtguard.token.issuer
//	jwtguard.validation.duration    histogram s            same attributes
//	jwtguard.jwks.fetches           counter {fetch}        url.full, jwtguard.jwks.issuer, error.type, jwtguard.jwks.keys_changed
//	jwtguard.jwks.fetch.duration    histogram s            same attributes
//	jwtguard.jwks.keys              gauge {key}            url.full, jwtguard.jwks.issuer: keys lookups may use now
//	jwtguard.jwks.keys.age          gauge s                url.full, jwtguard.jwks.issuer: time since a fetch last confirmed them
//
// jwtguard.validation.result is "valid" or the refusal's kind ("token_refused", "scope_missing",
// "unavailable", "bad_request"), error.type its reason code ("token_expired", "keys_unavailable",
// ...). Validations by result, the rate of 503s (result "unavailable") and the cache hit ratio
// (jwtguard.validations with jwtguard.validation.cached=true over all of them) are all read off
// jwtguard.validations. JWKS failures are jwtguard.jwks.fetches with an error.type (a stable word
// such as "http_status" or "timeout", see jwks.Observation.Reason). Every attribute value comes from
// a bounded set: an unverified token's iss or kid never becomes a label.
//
// Spans: "jwtguard.validate" around each validation and "jwtguard.jwks.fetch" around each key fetch,
// both of kind Internal with the attributes above, timed as the observation says. A validation span
// is a child of the span in Validate's context (the request's, under otelhttp or otelgrpc); its
// status is Error only when the server could not decide (result "unavailable"), since refusing a bad
// token is the service working as it should. A failed fetch's span has status Error and the error
// recorded. Spans are made once the work is done, so HTTP client spans of the fetch itself (an
// otelhttp transport given to jwks.WithHTTPClient) are siblings, not children.
//
// Options follow the kit's one rule for a bad option: New, the constructors that can fail,
// return every mistake in their options as an error (nothing is guessed, nothing opens); only one-line
// convenience wrappers elsewhere in the kit panic with such an error, like regexp.MustCompile.
package otel

import (
	"context"
	"errors"
	"sync"

	"go.opentelemetry.io/otel/metric"
	"go.opentelemetry.io/otel/trace"

	globalotel "go.opentelemetry.io/otel"

	"github.com/jwtguard/jwtguard/jwks"
	"github.com/jwtguard/jwtguard/validator"
)

// ScopeName is the instrumentation scope of every meter and tracer this package makes.
const ScopeName = "github.com/jwtguard/jwtguard/otel"

// Instrumentation records validator and jwks observations. Make one with New and give its options to
// every Validator and Set it should watch; it is safe for concurrent use.
type Instrumentation struct {
	tracer             trace.Tracer
	validations        metric.Int64Counter
	validationDuration metric.Float64Histogram
	fetches            metric.Int64Counter
	fetchDuration      metric.Float64Histogram
	registration       metric.Registration

	mu      sync.Mutex
	sources map[keySource]keyState // what the gauges report, per JWK Set
}

// Option configures New.
type Option func(*config) error

type config struct {
	meters  metric.MeterProvider
	tracers trace.TracerProvider
}

// WithMeterProvider sets where metrics go (default: the global MeterProvider, otel.GetMeterProvider).
func WithMeterProvider(mp metric.MeterProvider) Option {
	return func(c *config) error {
		if mp == nil {
			return errors.New("otel: nil MeterProvider")
		}
		c.meters = mp
		return nil
	}
}

// WithTracerProvider sets where spans go (default: the global TracerProvider, otel.GetTracerProvider).
func WithTracerProvider(tp trace.TracerProvider) Option {
	return func(c *config) error {
		if tp == nil {
			return errors.New("otel: nil TracerProvider")
		}
		c.tracers = tp
		return nil
	}
}

// New makes the instruments and registers the gauges' callback. Call Close when done with it, to
// unregister the callback.
func New(opts ...Option) (*Instrumentation, error) {
	var c config
	for _, opt := range opts {
		if opt == nil {
			return nil, errors.New("otel: nil Option")
		}
		if err := opt(&c); err != nil {
			return nil, err
		}
	}
	if c.meters == nil {
		c.meters = globalotel.GetMeterProvider()
	}
	if c.tracers == nil {
		c.tracers = globalotel.GetTracerProvider()
	}
	i := &Instrumentation{tracer: c.tracers.Tracer(ScopeName), sources: map[keySource]keyState{}}
	if err := i.newInstruments(c.meters.Meter(ScopeName)); err != nil {
		return nil, err
	}
	return i, nil
}

// ValidatorOption is validator.WithObserver(i.ObserveValidation).
func (i *Instrumentation) ValidatorOption() validator.Option {
	return validator.WithObserver(i.ObserveValidation)
}

// JWKSOption is jwks.WithObserver(i.ObserveJWKS).
func (i *Instrumentation) JWKSOption() jwks.Option {
	return jwks.WithObserver(i.ObserveJWKS)
}

// Close unregisters the gauges' callback; the counters and histograms stay usable. It returns the
// MeterProvider's error, if any.
func (i *Instrumentation) Close() error {
	return i.registration.Unregister()
}

// newInstruments creates every instrument on meter.
func (i *Instrumentation) newInstruments(meter metric.Meter) error {
	var errs [7]error
	i.validations, errs[0] = meter.Int64Counter("jwtguard.validations",
		metric.WithUnit("{validation}"), metric.WithDescription("Token validations, by result."))
	i.validationDuration, errs[1] = meter.Float64Histogram("jwtguard.validation.duration",
		metric.WithUnit("s"), metric.WithDescription("Duration of token validations."),
		metric.WithExplicitBucketBoundaries(validationBuckets...))
	i.fetches, errs[2] = meter.Int64Counter("jwtguard.jwks.fetches",
		metric.WithUnit("{fetch}"), metric.WithDescription("Fetches of a JWK Set (with discovery when it ran), by result."))
	i.fetchDuration, errs[3] = meter.Float64Histogram("jwtguard.jwks.fetch.duration",
		metric.WithUnit("s"), metric.WithDescription("Duration of JWK Set fetches."),
		metric.WithExplicitBucketBoundaries(fetchBuckets...))
	keys, err := meter.Int64ObservableGauge("jwtguard.jwks.keys",
		metric.WithUnit("{key}"), metric.WithDescription("Keys a JWK Set's lookups may use: 0 before the first fetch and while stale."))
	errs[4] = err
	age, err := meter.Float64ObservableGauge("jwtguard.jwks.keys.age",
		metric.WithUnit("s"), metric.WithDescription("Time since a fetch last confirmed a JWK Set's keys."))
	errs[5] = err
	if err := errors.Join(errs[:]...); err != nil {
		return err
	}
	i.registration, errs[6] = meter.RegisterCallback(func(ctx context.Context, o metric.Observer) error {
		i.observeKeys(o, keys, age)
		return nil
	}, keys, age)
	return errs[6]
}

// Histogram buckets, in seconds. A validation takes from 100 ns (a cache hit) through tens of µs (a
// signature) to the unknown-kid wait (2 s by default); a fetch from milliseconds to the HTTP timeout.
var (
	validationBuckets = []float64{1e-6, 5e-6, 1e-5, 2.5e-5, 5e-5, 1e-4, 2.5e-4, 5e-4, 1e-3, 5e-3, 0.025, 0.1, 0.5, 1, 2.5}
	fetchBuckets      = []float64{0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10}
)
