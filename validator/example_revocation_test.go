package validator_test

import (
	"context"
	"fmt"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/jwtguard/jwtguard/jwks"
	"github.com/jwtguard/jwtguard/revocation"
	"github.com/jwtguard/jwtguard/validator"
)

// A session signed out at the identity provider: its tokens are refused from then on, cached or not,
// while a token issued after the sign-out is accepted. An ssf.Receiver makes the RevokeSession call
// when the provider pushes the event; redisrevoke.New shares the list between replicas.
func ExampleWithRevocation() {
	idp := newExampleIssuer()
	keys, _ := jwks.Static(idp.jwks)
	defer keys.Close()
	list := revocation.NewMemory()
	v, _ := validator.New(keys,
		validator.WithIssuer("https://idp.example.com"),
		validator.WithAudience("https://api.example.com"),
		validator.WithCache(1000),
		validator.WithRevocation(list),
	)
	ctx := context.Background()
	now := time.Now().Truncate(time.Second)
	mint := func(iat time.Time) string {
		return idp.mint(jwt.MapClaims{
			"iss": "https://idp.example.com", "aud": "https://api.example.com", "sub": "alice", "sid": "s-42",
			"exp": iat.Add(time.Hour).Unix(), "iat": iat.Unix(),
		})
	}
	before := mint(now.Add(-time.Minute))
	_, err := v.Validate(ctx, before)
	fmt.Println(err)

	_ = list.RevokeSession(ctx, "https://idp.example.com", "s-42", now)
	_, err = v.Validate(ctx, before)
	fmt.Println(validator.Code(err))
	_, err = v.Validate(ctx, mint(now))
	fmt.Println(err)
	// Output:
	// <nil>
	// token_revoked
	// <nil>
}
