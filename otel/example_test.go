package otel_test

import (
	"context"
	"fmt"
	"log"
	"log/slog"
	"slices"

	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"

	"github.com/jwtguard/jwtguard/issuertest"
	"github.com/jwtguard/jwtguard/jwks"
	jwtotel "github.com/jwtguard/jwtguard/otel"
	"github.com/jwtguard/jwtguard/validator"
)

func ExampleNew() {
	// In production the providers come from the OpenTelemetry SDK set up with an OTLP or Prometheus
	// exporter (or from the globals, when New is given no option); a ManualReader shows what they get.
	reader := sdkmetric.NewManualReader()
	meters := sdkmetric.NewMeterProvider(sdkmetric.WithReader(reader))
	tracers := sdktrace.NewTracerProvider()
	defer meters.Shutdown(context.Background())
	defer tracers.Shutdown(context.Background())

	inst, err := jwtotel.New(jwtotel.WithMeterProvider(meters), jwtotel.WithTracerProvider(tracers))
	if err != nil {
		log.Fatal(err)
	}
	defer inst.Close()

	iss, err := issuertest.Start() // stands in for the identity provider
	if err != nil {
		log.Fatal(err)
	}
	defer iss.Close()
	ctx := context.Background()
	keys, err := jwks.New(ctx, iss.JWKSURL(), inst.JWKSOption(), jwks.WithLogger(slog.New(slog.DiscardHandler)))
	if err != nil {
		log.Fatal(err)
	}
	defer keys.Close()
	v, err := validator.New(keys, validator.WithIssuer(iss.URL()), validator.WithAudience("api"), inst.ValidatorOption())
	if err != nil {
		log.Fatal(err)
	}

	token, _ := iss.Mint(issuertest.WithAudience("api"))
	_, _ = v.Validate(ctx, token)
	_, _ = v.Validate(ctx, "not-a-token")

	var rm metricdata.ResourceMetrics
	if err := reader.Collect(ctx, &rm); err != nil {
		log.Fatal(err)
	}
	var names []string
	for _, m := range rm.ScopeMetrics[0].Metrics {
		names = append(names, m.Name)
	}
	slices.Sort(names)
	fmt.Println(names)
	for _, m := range rm.ScopeMetrics[0].Metrics {
		if m.Name != "jwtguard.validations" {
			continue
		}
		for _, dp := range m.Data.(metricdata.Sum[int64]).DataPoints {
			result, _ := dp.Attributes.Value(jwtotel.ResultKey)
			code, _ := dp.Attributes.Value("error.type")
			fmt.Println("validations", result.AsString(), code.AsString(), dp.Value)
		}
	}
	// Unordered output:
	// [jwtguard.jwks.fetch.duration jwtguard.jwks.fetches jwtguard.jwks.keys jwtguard.jwks.keys.age jwtguard.validation.duration jwtguard.validations]
	// validations valid  1
	// validations token_refused malformed_token 1
}
