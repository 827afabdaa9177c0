package echomw_test

import (
	"context"
	"fmt"
	"log"
	"net/http"
	"net/http/httptest"

	"github.com/jwtguard/jwtguard/internal/testkit/examplesetup"

	"github.com/labstack/echo/v4"

	"github.com/jwtguard/jwtguard/echomw"
	"github.com/jwtguard/jwtguard/issuertest"
	"github.com/jwtguard/jwtguard/jwks"
	"github.com/jwtguard/jwtguard/scopes"
	"github.com/jwtguard/jwtguard/validator"
)

// exampleSetup and bindingSetup start a local issuer and a validator for its keys; mint gives a token
// (internal/testkit/examplesetup, shared by every adapter's Examples).
var (
	exampleSetup = examplesetup.Scoped
	bindingSetup = examplesetup.Bound
)

func call(e *echo.Echo, method, target, authorization string) *httptest.ResponseRecorder {
	r := httptest.NewRequest(method, target, nil)
	if authorization != "" {
		r.Header.Set("Authorization", authorization)
	}
	rec := httptest.NewRecorder()
	e.ServeHTTP(rec, r)
	return rec
}

func ExampleMiddleware() {
	// A real OIDC issuer on 127.0.0.1 stands in for the identity provider, so the example runs on its own.
	iss, err := issuertest.Start()
	if err != nil {
		log.Fatal(err)
	}
	defer iss.Close()

	// What an API does with its identity provider's URL (e.g. "https://idp.example.com"): discover
	// the keys, which are then refreshed in the background until Close, and check issuer and audience.
	ctx := context.Background()
	keys, err := jwks.Discover(ctx, iss.URL())
	if err != nil {
		log.Fatal(err)
	}
	defer keys.Close()
	v, err := validator.New(keys,
		validator.WithIssuer(iss.URL()),
		validator.WithAudience("https://api.example.com"))
	if err != nil {
		log.Fatal(err)
	}

	e := echo.New()
	api := e.Group("/api", echomw.Middleware(v,
		echomw.WithRealm("orders"),
		echomw.WithSkipper(func(c echo.Context) bool { return c.Path() == "/api/health" })))
	api.GET("/me", func(c echo.Context) error {
		claims, _ := echomw.Claims(c)
		return c.String(http.StatusOK, "hello "+claims.Subject)
	})
	api.GET("/health", func(c echo.Context) error { return c.String(http.StatusOK, "up") })

	// The token alice's client got from the identity provider.
	token, err := iss.Mint(
		issuertest.WithAudience("https://api.example.com"),
		issuertest.WithSubject("alice"),
		issuertest.WithScope("orders:read"))
	if err != nil {
		log.Fatal(err)
	}
	rec := call(e, http.MethodGet, "/api/me", "Bearer "+token)
	fmt.Println(rec.Code, rec.Body)
	rec = call(e, http.MethodGet, "/api/me", "")
	fmt.Println(rec.Code, rec.Header().Get("WWW-Authenticate"))
	rec = call(e, http.MethodGet, "/api/health", "")
	fmt.Println(rec.Code, rec.Body)
	// Output:
	// 200 hello alice
	// 401 Bearer realm="orders"
	// 200 up
}

func ExampleRequireScopes() {
	v, mint, cleanup := exampleSetup()
	defer cleanup()

	e := echo.New()
	auth := echomw.Middleware(v)
	e.POST("/orders", func(c echo.Context) error { return c.NoContent(http.StatusCreated) },
		auth, echomw.RequireScopes(scopes.All("orders:write")))

	fmt.Println(call(e, http.MethodPost, "/orders", "Bearer "+mint("orders:write")).Code)
	rec := call(e, http.MethodPost, "/orders", "Bearer "+mint("orders:read"))
	fmt.Println(rec.Code, rec.Body)
	// Output:
	// 201
	// 403 {"error":"insufficient_scope","error_description":"token lacks scope orders:write"}
}

func ExampleClaims() {
	v, mint, cleanup := exampleSetup()
	defer cleanup()

	e := echo.New()
	e.GET("/me", func(c echo.Context) error {
		claims, ok := echomw.Claims(c)
		if !ok {
			return c.String(http.StatusOK, "hello stranger")
		}
		// Code below the handler that sees only a context.Context finds the same claims.
		fromCtx, _ := validator.FromContext(c.Request().Context())
		return c.String(http.StatusOK, fmt.Sprint("hello ", claims.Subject, " ", fromCtx == claims))
	}, echomw.Middleware(v, echomw.WithCredentialsOptional()))

	fmt.Println(call(e, http.MethodGet, "/me", "").Body)
	fmt.Println(call(e, http.MethodGet, "/me", "Bearer "+mint("orders:read")).Body)
	// Output:
	// hello stranger
	// hello alice true
}

func ExampleNew() {
	v, mint, cleanup := exampleSetup()
	defer cleanup()

	// The options are given once: the realm is in the 401 of the middleware and in the 403 of Require.
	g := echomw.New(v, echomw.WithRealm("orders"))
	e := echo.New()
	api := e.Group("/api", g.Middleware)
	api.POST("/orders", func(c echo.Context) error { return c.NoContent(http.StatusCreated) },
		g.Require(scopes.All("orders:write")))

	for _, authorization := range []string{"", "Bearer " + mint("orders:read"), "Bearer " + mint("orders:write")} {
		rec := call(e, http.MethodPost, "/api/orders", authorization)
		fmt.Println(rec.Code, rec.Header().Get("WWW-Authenticate"))
	}
	// Output:
	// 401 Bearer realm="orders"
	// 403 Bearer realm="orders", error="insufficient_scope", error_description="token lacks scope orders:write", scope="orders:write"
	// 201
}

func ExampleGuard_Require() {
	v, mint, cleanup := exampleSetup()
	defer cleanup()

	g := echomw.New(v)
	e := echo.New()
	e.Use(g.Middleware)
	ok := func(c echo.Context) error { return c.String(http.StatusOK, "ok") }
	// Either scope will do for reading; writing needs orders:write.
	e.GET("/orders", ok, g.Require(scopes.Any("orders:read", "orders:admin")))
	e.POST("/orders", ok, g.Require(scopes.All("orders:write")))

	token := "Bearer " + mint("orders:admin")
	fmt.Println(call(e, http.MethodGet, "/orders", token).Code, call(e, http.MethodPost, "/orders", token).Code)
	// Output:
	// 200 403
}
