package validator_test

import (
	"context"
	"fmt"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/jwtguard/jwtguard/jwks"
	"github.com/jwtguard/jwtguard/validator"
)

func ExampleWithObserver() {
	idp := newExampleIssuer()
	keys, _ := jwks.Static(idp.jwks)
	defer keys.Close()
	// A metrics library would count o.Code and record o.Duration here; the nested module
	// github.com/jwtguard/jwtguard/otel does it for OpenTelemetry.
	report := func(_ context.Context, o validator.Observation) {
		result := o.Code
		if result == "" {
			result = "valid, issuer " + o.Issuer
		}
		fmt.Printf("%s %s cached=%v\n", o.Algorithm, result, o.Cached)
	}
	v, _ := validator.New(keys,
		validator.WithIssuer("https://idp.example.com"),
		validator.WithAudience("https://api.example.com"),
		validator.WithCache(1000),
		validator.WithObserver(report),
	)

	now := time.Now()
	token := idp.mint(jwt.MapClaims{
		"iss": "https://idp.example.com", "aud": "https://api.example.com", "sub": "alice",
		"exp": now.Add(time.Hour).Unix(),
	})
	ctx := context.Background()
	_, _ = v.Validate(ctx, token)
	_, _ = v.Validate(ctx, token)
	_, _ = v.Validate(ctx, idp.mint(jwt.MapClaims{"iss": "https://idp.example.com", "aud": "https://api.example.com", "exp": now.Add(-time.Hour).Unix()}))
	// Output:
	// ES256 valid, issuer https://idp.example.com cached=false
	// ES256 valid, issuer https://idp.example.com cached=true
	// ES256 token_expired cached=false
}
