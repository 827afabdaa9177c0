package redisrevoke_test

import (
	"context"
	"log"

	"github.com/redis/go-redis/v9"

	"github.com/jwtguard/jwtguard/jwks"
	"github.com/jwtguard/jwtguard/revocation/redisrevoke"
	"github.com/jwtguard/jwtguard/validator"
)

// Every replica of the API runs this: a revocation made on any of them, or received by any of their
// SSF endpoints, is refused by all of them within a second.
func ExampleNew() {
	ctx := context.Background()
	client := redis.NewClient(&redis.Options{Addr: "redis:6379"})
	list, err := redisrevoke.New(ctx, client)
	if err != nil {
		log.Fatal(err) // no Redis at start: do not serve without the revocations in force
	}
	defer list.Close()
	keys, err := jwks.Discover(ctx, "https://idp.example.com")
	if err != nil {
		log.Fatal(err)
	}
	defer keys.Close()
	v, err := validator.New(keys,
		validator.WithIssuer("https://idp.example.com"),
		validator.WithAudience("https://api.example.com"),
		validator.WithRevocation(list))
	if err != nil {
		log.Fatal(err)
	}
	_ = v // give v to nethttp.Middleware, grpcinterceptor.Unary, …
}
