package validator_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/jwtguard/jwtguard/jwks"
	"github.com/jwtguard/jwtguard/validator"
)

func ExampleByIssuer() {
	staffIdP, customerIdP := newExampleIssuer(), newExampleIssuer()
	staffKeys, _ := jwks.Static(staffIdP.jwks) // in production: jwks.Discover(ctx, issuer) for each
	defer staffKeys.Close()
	customerKeys, _ := jwks.Static(customerIdP.jwks)
	defer customerKeys.Close()

	// One Validator per issuer, each with its own keys: neither provider can mint the other's tokens.
	staff, _ := validator.New(staffKeys, validator.WithIssuer("https://staff.example.com"), validator.WithAudience("https://api.example.com"))
	customers, _ := validator.New(customerKeys, validator.WithIssuer("https://login.example.com"), validator.WithAudience("https://api.example.com"))
	router, err := validator.ByIssuer([]*validator.Validator{staff, customers})
	if err != nil {
		log.Fatal(err)
	}

	claims := jwt.MapClaims{"iss": "https://login.example.com", "aud": "https://api.example.com", "sub": "bob", "exp": time.Now().Add(time.Hour).Unix()}
	got, err := router.Validate(context.Background(), customerIdP.mint(claims))
	fmt.Println(got.Subject, err)

	// A staff key cannot vouch for a customer token, even under the same kid.
	_, err = router.Validate(context.Background(), staffIdP.mint(claims))
	fmt.Println(errors.Is(err, validator.ErrInvalidSignature))
	// Output:
	// bob <nil>
	// true
}

// opaqueTokens stands in for an *introspect.Introspector.
type opaqueTokens struct{}

func (opaqueTokens) Validate(context.Context, string) (*validator.Claims, error) {
	return nil, validator.NewError(validator.ErrTokenInactive, "token is not active", nil)
}

func ExampleWithOpaqueTokens() {
	idp := newExampleIssuer()
	keys, _ := jwks.Static(idp.jwks)
	defer keys.Close()
	v, _ := validator.New(keys, validator.WithIssuer("https://idp.example.com"), validator.WithAudience("https://api.example.com"))

	// Typically: introspector, _ := introspect.Discover(ctx, "https://idp.example.com", ...)
	router, err := validator.ByIssuer([]*validator.Validator{v}, validator.WithOpaqueTokens(opaqueTokens{}))
	if err != nil {
		log.Fatal(err)
	}
	_, err = router.Validate(context.Background(), "2YotnFZFEjr1zCsicMWpAA")
	fmt.Println(validator.Code(err))
	// Output: token_inactive
}

func ExampleClaimsFromJSON() {
	// An RFC 7662 introspection answer the caller has already checked.
	claims, err := validator.ClaimsFromJSON([]byte(`{"active":true,"sub":"alice","client_id":"cli","scope":"orders:read profile","exp":4102444800,"tenant":"acme"}`))
	if err != nil {
		log.Fatal(err)
	}
	tenant, _ := claims.Get("tenant")
	fmt.Println(claims.Subject, claims.ClientID, claims.Scopes.Has("orders:read"), claims.ExpiresAt.UTC().Year(), tenant)
	// Output: alice cli true 2100 acme
}

func ExampleAudienceAccepted() {
	accepted := []string{"https://api.example.com"}
	fmt.Println(validator.AudienceAccepted(accepted, []string{"https://api.example.com/"}))
	fmt.Println(validator.AudienceAccepted(accepted, []string{"https://other.example.com"}))
	// Output:
	// true
	// false
}
