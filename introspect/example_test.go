package introspect_test

import (
	"context"
	"fmt"
	"log"
	"time"

	"github.com/jwtguard/jwtguard/introspect"
	"github.com/jwtguard/jwtguard/issuertest"
	"github.com/jwtguard/jwtguard/validator"
)

// startIssuer stands in for an authorization server that issues opaque tokens.
func startIssuer() *issuertest.Issuer {
	iss, err := issuertest.Start()
	if err != nil {
		log.Fatal(err)
	}
	return iss
}

func ExampleNew() {
	as := startIssuer()
	defer as.Close()
	id, secret := as.IntrospectionClient()

	in, err := introspect.New(as.IntrospectionURL(), // https in production; http only to loopback
		introspect.WithClientSecretBasic(id, secret),
		introspect.WithIssuer(as.URL()),
		introspect.WithAudience("https://api.example.com"),
		introspect.WithCacheTTL(30*time.Second),
	)
	fmt.Println(in != nil, err)

	_, err = introspect.New(as.IntrospectionURL())
	fmt.Println(err)
	_, err = introspect.New(as.IntrospectionURL(), introspect.WithClientSecretBasic(id, secret))
	fmt.Println(err)
	// Output:
	// true <nil>
	// introspect: no client authentication: use WithClientSecretBasic or WithClientSecretPost
	// introspect: no audience configured: use WithAudience, or WithAnyAudience to accept any
}

func ExampleDiscover() {
	as := startIssuer()
	defer as.Close()
	id, secret := as.IntrospectionClient()

	// Reads introspection_endpoint from the issuer's metadata; answers must then name this issuer.
	in, err := introspect.Discover(context.Background(), as.URL(), introspect.WithClientSecretPost(id, secret),
		introspect.WithAudience("https://api.example.com"))
	if err != nil {
		log.Fatal(err)
	}
	token, _ := as.MintOpaque(issuertest.WithSubject("alice"), issuertest.WithAudience("https://api.example.com"))
	claims, err := in.Validate(context.Background(), token)
	fmt.Println(claims.Subject, err)
	// Output: alice <nil>
}

func ExampleIntrospector_Validate() {
	as := startIssuer()
	defer as.Close()
	id, secret := as.IntrospectionClient()
	in, _ := introspect.New(as.IntrospectionURL(), introspect.WithClientSecretBasic(id, secret), introspect.WithAudience("https://api.example.com"))

	token, _ := as.MintOpaque(issuertest.WithAudience("https://api.example.com"), issuertest.WithScope("orders:read"))
	claims, err := in.Validate(context.Background(), token)
	fmt.Println(claims.Scopes.Has("orders:read"), err)

	revoked, _ := as.MintOpaque(issuertest.WithAudience("https://api.example.com"))
	as.Revoke(revoked)
	_, err = in.Validate(context.Background(), revoked)
	fmt.Println(validator.Code(err), validator.KindOf(err))

	as.Close() // the authorization server is gone: our outage, not the client's fault
	_, err = in.Validate(context.Background(), "some-other-token")
	fmt.Println(validator.Code(err), validator.KindOf(err))
	// Output:
	// true <nil>
	// token_inactive token_refused
	// introspection_unavailable unavailable
}

func ExampleWithAnyAudience() {
	as := startIssuer()
	defer as.Close()
	id, secret := as.IntrospectionClient()

	// This authorization server reports no audiences, and every token it issues is for this API.
	in, err := introspect.New(as.IntrospectionURL(), introspect.WithClientSecretBasic(id, secret), introspect.WithAnyAudience())
	if err != nil {
		log.Fatal(err)
	}
	token, _ := as.MintOpaque(issuertest.WithSubject("alice"))
	claims, err := in.Validate(context.Background(), token)
	fmt.Println(claims.Subject, err)
	// Output: alice <nil>
}
