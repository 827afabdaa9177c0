package scopes_test

import (
	"errors"
	"fmt"

	"github.com/jwtguard/jwtguard/scopes"
)

func ExampleAll() {
	granted := scopes.FromClaim("orders:read profile")
	req := scopes.All("orders:read", "orders:write")
	err := req.Check(granted)
	fmt.Println(errors.Is(err, scopes.ErrInsufficientScope))
	fmt.Println(err)
	fmt.Println(req) // the RFC 6750 scope attribute
	// Output:
	// true
	// insufficient scope: missing ["orders:write"]
	// orders:read orders:write
}

func ExampleAny() {
	granted := scopes.FromClaim([]any{"admin"})
	fmt.Println(scopes.Any("orders:write", "admin").Check(granted))
	// Output: <nil>
}

func ExampleFromClaim() {
	fmt.Println(scopes.FromClaim("b a").List())
	fmt.Println(scopes.FromClaim([]any{"x", "y"}).Has("y"))
	// Output:
	// [a b]
	// true
}
