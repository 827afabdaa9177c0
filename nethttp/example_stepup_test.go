package nethttp_test

import (
	"fmt"
	"log"
	"net/http"
	"time"

	"github.com/jwtguard/jwtguard/nethttp"
	"github.com/jwtguard/jwtguard/resourcemeta"
	"github.com/jwtguard/jwtguard/stepup"
)

func ExampleWithResourceMetadata() {
	v, _, cleanup := exampleSetup()
	defer cleanup()

	// The RFC 9728 document tells a refused client which authorization server issues tokens.
	doc, err := resourcemeta.New(resourcemeta.Metadata{
		Resource:             "https://api.example.com/orders",
		AuthorizationServers: []string{"https://idp.example.com"},
	})
	if err != nil {
		log.Fatal(err)
	}
	g := nethttp.New(v, nethttp.WithResourceMetadata(doc.URL()))
	mux := http.NewServeMux()
	mux.Handle("GET "+doc.Path(), doc)
	mux.Handle("GET /orders", g.Middleware(http.NotFoundHandler()))

	fmt.Println(get(mux, "/orders", "").Header().Get("WWW-Authenticate"))
	fmt.Println(get(mux, doc.Path(), "").Body.String())
	// Output:
	// Bearer resource_metadata="https://api.example.com/.well-known/oauth-protected-resource/orders"
	// {"resource":"https://api.example.com/orders","authorization_servers":["https://idp.example.com"]}
}

func ExampleGuard_RequireAuthentication() {
	v, mint, cleanup := exampleSetup()
	defer cleanup()

	// Transfers need a multi-factor login of the last five minutes; the token below has no "acr".
	g := nethttp.New(v, nethttp.WithRealm("bank"))
	mfa := stepup.Requirement{ACRValues: []string{"urn:example:mfa"}, MaxAge: 5 * time.Minute}
	transfer := g.Middleware(g.RequireAuthentication(mfa)(http.NotFoundHandler()))

	rec := get(transfer, "/transfers", "Bearer "+mint("transfers"))
	fmt.Println(rec.Code, rec.Header().Get("WWW-Authenticate"))
	// Output:
	// 401 Bearer realm="bank", error="insufficient_user_authentication", error_description="token has no acr claim", acr_values="urn:example:mfa", max_age="300"
}

func ExampleRequireAuthentication() {
	v, mint, cleanup := exampleSetup()
	defer cleanup()

	// The free functions take their options each: give both the same.
	opts := []nethttp.Option{nethttp.WithResourceMetadata("https://api.example.com/.well-known/oauth-protected-resource")}
	recent := stepup.Requirement{MaxAge: 10 * time.Minute}
	settings := nethttp.Middleware(v, opts...)(nethttp.RequireAuthentication(recent, opts...)(http.NotFoundHandler()))

	rec := get(settings, "/settings", "Bearer "+mint())
	fmt.Println(rec.Code, rec.Header().Get("WWW-Authenticate"))
	fmt.Println(rec.Body.String())
	// Output:
	// 401 Bearer resource_metadata="https://api.example.com/.well-known/oauth-protected-resource", error="insufficient_user_authentication", error_description="token has no auth_time claim", max_age="600"
	// {"error":"insufficient_user_authentication","error_description":"token has no auth_time claim"}
}
