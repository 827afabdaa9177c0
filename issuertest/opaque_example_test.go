package issuertest_test

import (
	"context"
	"fmt"
	"log"

	"github.com/jwtguard/jwtguard/introspect"
	"github.com/jwtguard/jwtguard/issuertest"
	"github.com/jwtguard/jwtguard/validator"
)

func ExampleIssuer_MintOpaque() {
	iss, err := issuertest.Start()
	if err != nil {
		log.Fatal(err)
	}
	defer iss.Close()
	id, secret := iss.IntrospectionClient()
	in, err := introspect.New(iss.IntrospectionURL(), introspect.WithClientSecretBasic(id, secret),
		introspect.WithAudience("https://api.example.com"))
	if err != nil {
		log.Fatal(err)
	}

	token, _ := iss.MintOpaque(issuertest.WithSubject("alice"), issuertest.WithScope("orders:read"),
		issuertest.WithAudience("https://api.example.com"))
	claims, err := in.Validate(context.Background(), token)
	fmt.Println(claims.Subject, claims.Scopes.Has("orders:read"), err)

	revoked, _ := iss.MintOpaque()
	iss.Revoke(revoked)
	_, err = in.Validate(context.Background(), revoked)
	fmt.Println(validator.Code(err))
	// Output:
	// alice true <nil>
	// token_inactive
}
