package echomw_test

import (
	"fmt"
	"log"
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/jwtguard/jwtguard/echomw"
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
	g := echomw.New(v, echomw.WithResourceMetadata(doc.URL()))
	e := echo.New()
	e.GET(doc.Path(), echo.WrapHandler(doc))
	e.GET("/orders", func(c echo.Context) error { return c.NoContent(http.StatusOK) }, g.Middleware)

	fmt.Println(call(e, http.MethodGet, "/orders", "").Header().Get("WWW-Authenticate"))
	// Output:
	// Bearer resource_metadata="https://api.example.com/.well-known/oauth-protected-resource/orders"
}

func ExampleGuard_RequireAuthentication() {
	v, mint, cleanup := exampleSetup()
	defer cleanup()

	// Transfers need a multi-factor login of the last five minutes; the token below has no "acr".
	g := echomw.New(v, echomw.WithRealm("bank"))
	mfa := stepup.Requirement{ACRValues: []string{"urn:example:mfa"}, MaxAge: 5 * time.Minute}
	e := echo.New()
	e.POST("/transfers", func(c echo.Context) error { return c.NoContent(http.StatusOK) },
		g.Middleware, g.RequireAuthentication(mfa))

	rec := call(e, http.MethodPost, "/transfers", "Bearer "+mint("transfers"))
	fmt.Println(rec.Code, rec.Header().Get("WWW-Authenticate"))
	// Output:
	// 401 Bearer realm="bank", error="insufficient_user_authentication", error_description="token has no acr claim", acr_values="urn:example:mfa", max_age="300"
}

func ExampleRequireAuthentication() {
	v, mint, cleanup := exampleSetup()
	defer cleanup()

	// The free functions take their options each: give both the same.
	opts := []echomw.Option{echomw.WithResourceMetadata("https://api.example.com/.well-known/oauth-protected-resource")}
	e := echo.New()
	e.PUT("/settings", func(c echo.Context) error { return c.NoContent(http.StatusOK) },
		echomw.Middleware(v, opts...), echomw.RequireAuthentication(stepup.Requirement{MaxAge: 10 * time.Minute}, opts...))

	rec := call(e, http.MethodPut, "/settings", "Bearer "+mint())
	fmt.Println(rec.Code, rec.Header().Get("WWW-Authenticate"))
	// Output:
	// 401 Bearer resource_metadata="https://api.example.com/.well-known/oauth-protected-resource", error="insufficient_user_authentication", error_description="token has no auth_time claim", max_age="600"
}
