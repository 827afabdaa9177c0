package otel

import (
	"context"
	"net/url"
	"time"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/metric"
	semconv "go.opentelemetry.io/otel/semconv/v1.43.0"
	"go.opentelemetry.io/otel/trace"

	"github.com/jwtguard/jwtguard/jwks"
)

// Attribute keys of key fetches (with url.full, and error.type for a failure).
const (
	// JWKSIssuerKey is the issuer given to jwks.Discover.
	JWKSIssuerKey = attribute.Key("jwtguard.jwks.issuer")
	// KeysChangedKey tells a fetch that changed the keys lookups use.
	KeysChangedKey = attribute.Key("jwtguard.jwks.keys_changed")
)

// keySource names one JWK Set for the gauges.
type keySource struct{ url, issuer string }

// keyState is what the gauges report for a keySource: its last fetch's usable keys and confirmation.
type keyState struct {
	keys        int
	lastRefresh time.Time
}

// ObserveJWKS records one fetch of a jwks.Set: it counts it, records its duration, updates the keys
// and age gauges and makes its span. It is what JWKSOption installs.
func (i *Instrumentation) ObserveJWKS(ctx context.Context, o jwks.Observation) {
	src := keySource{url: redacted(o.URL), issuer: o.Issuer}
	i.mu.Lock()
	i.sources[src] = keyState{keys: o.Keys, lastRefresh: o.LastRefresh}
	i.mu.Unlock()

	attrs := append(src.attributes(), KeysChangedKey.Bool(o.EpochChanged))
	if o.Err != nil {
		attrs = append(attrs, semconv.ErrorTypeKey.String(o.Reason))
	}
	set := metric.WithAttributeSet(attribute.NewSet(attrs...))
	i.fetches.Add(ctx, 1, set)
	i.fetchDuration.Record(ctx, o.Duration.Seconds(), set)

	_, span := i.tracer.Start(ctx, "jwtguard.jwks.fetch",
		trace.WithSpanKind(trace.SpanKindInternal), trace.WithTimestamp(o.Start), trace.WithAttributes(attrs...))
	if o.Err != nil {
		span.RecordError(o.Err, trace.WithTimestamp(o.Start.Add(o.Duration)))
		span.SetStatus(codes.Error, o.Reason)
	}
	span.End(trace.WithTimestamp(o.Start.Add(o.Duration)))
}

// observeKeys reports the gauges of every JWK Set observed so far.
func (i *Instrumentation) observeKeys(o metric.Observer, keys metric.Int64Observable, age metric.Float64Observable) {
	now := time.Now()
	i.mu.Lock()
	defer i.mu.Unlock()
	for src, st := range i.sources {
		set := metric.WithAttributeSet(attribute.NewSet(src.attributes()...))
		o.ObserveInt64(keys, int64(st.keys), set)
		if !st.lastRefresh.IsZero() {
			o.ObserveFloat64(age, now.Sub(st.lastRefresh).Seconds(), set)
		}
	}
}

func (s keySource) attributes() []attribute.KeyValue {
	attrs := make([]attribute.KeyValue, 0, 4)
	if s.url != "" {
		attrs = append(attrs, semconv.URLFull(s.url))
	}
	if s.issuer != "" {
		attrs = append(attrs, JWKSIssuerKey.String(s.issuer))
	}
	return attrs
}

// redacted drops user information from a URL, as the semantic conventions ask of url.full.
func redacted(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || u.User == nil {
		return raw
	}
	u.User = url.UserPassword("REDACTED", "REDACTED")
	return u.String()
}
