package nethttp_test

import (
	"errors"
	"fmt"
	"net/http"

	"github.com/jwtguard/jwtguard/nethttp"
	"github.com/jwtguard/jwtguard/validator"
)

// Build reports a mistake in the options as an error, for a program that reads its configuration at
// run time; New and Middleware panic on the same mistake instead.
func ExampleBuild() {
	v, mint, cleanup := exampleSetup()
	defer cleanup()

	// A typo: the resource metadata must be served over https.
	if _, err := nethttp.Build(v, nethttp.WithResourceMetadata("http://api.example.com/.well-known/oauth-protected-resource")); err != nil {
		fmt.Println("refused:", err != nil)
	}

	g, err := nethttp.Build(v, nethttp.WithRealm("orders"),
		// A custom error handler sees every refusal as a *validator.Error with its reason's code and kind.
		nethttp.WithErrorHandler(func(w http.ResponseWriter, _ *http.Request, err error) {
			_, isError := errors.AsType[*validator.Error](err)
			fmt.Println(validator.Code(err), validator.KindOf(err), isError)
			w.WriteHeader(http.StatusUnauthorized)
		}))
	if err != nil {
		fmt.Println(err)
		return
	}
	h := g.Middleware(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
	fmt.Println(get(h, "/orders", "Bearer "+mint("orders:read")).Code)
	get(h, "/orders", "Bearer not-a-jwt")
	get(h, "/orders", "Bearer")
	// Output:
	// refused: true
	// 200
	// malformed_token token_refused true
	// invalid_request bad_request true
}
