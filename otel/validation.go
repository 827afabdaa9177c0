package otel

import (
	"context"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/metric"
	semconv "go.opentelemetry.io/otel/semconv/v1.43.0"
	"go.opentelemetry.io/otel/trace"

	"github.com/jwtguard/jwtguard/validator"
)

// Attribute keys of validations.
const (
	// ResultKey is "valid" or the refusal's validator.Kind: token_refused, scope_missing,
	// unavailable, bad_request.
	ResultKey = attribute.Key("jwtguard.validation.result")
	// CachedKey tells a validation answered from the token cache.
	CachedKey = attribute.Key("jwtguard.validation.cached")
	// AlgorithmKey is the token's alg, when it is one jwtguard knows.
	AlgorithmKey = attribute.Key("jwtguard.token.alg")
	// IssuerKey is the verified iss of an accepted token.
	IssuerKey = attribute.Key("jwtguard.token.issuer")
)

// ObserveValidation records one validation: it counts it, records its duration and makes its span.
// It is what ValidatorOption installs.
func (i *Instrumentation) ObserveValidation(ctx context.Context, o validator.Observation) {
	attrs := validationAttributes(o)
	set := metric.WithAttributeSet(attribute.NewSet(attrs...))
	i.validations.Add(ctx, 1, set)
	i.validationDuration.Record(ctx, o.Duration.Seconds(), set)

	_, span := i.tracer.Start(ctx, "jwtguard.validate",
		trace.WithSpanKind(trace.SpanKindInternal), trace.WithTimestamp(o.Start), trace.WithAttributes(attrs...))
	if validator.KindOf(o.Err) == validator.KindUnavailable {
		span.SetStatus(codes.Error, o.Code)
	}
	span.End(trace.WithTimestamp(o.Start.Add(o.Duration)))
}

func validationAttributes(o validator.Observation) []attribute.KeyValue {
	attrs := make([]attribute.KeyValue, 0, 5)
	if o.Err == nil {
		attrs = append(attrs, ResultKey.String("valid"))
	} else {
		code := o.Code
		if code == "" {
			code = semconv.ErrorTypeOther.Value.AsString()
		}
		attrs = append(attrs, ResultKey.String(validator.KindOf(o.Err).String()), semconv.ErrorTypeKey.String(code))
	}
	attrs = append(attrs, CachedKey.Bool(o.Cached))
	if o.Algorithm != "" {
		attrs = append(attrs, AlgorithmKey.String(o.Algorithm))
	}
	if o.Issuer != "" {
		attrs = append(attrs, IssuerKey.String(o.Issuer))
	}
	return attrs
}
