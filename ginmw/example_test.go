package ginmw_test

import (
	"context"
	"fmt"
	"log"
	"net/http"
	"net/http/httptest"

	"github.com/jwtguard/jwtguard/internal/testkit/examplesetup"

	"github.com/gin-gonic/gin"

	"github.com/jwtguard/jwtguard/ginmw"
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

func call(h http.Handler, method, target, authorization string) *httptest.ResponseRecorder {
	r := httptest.NewRequest(method, target, nil)
	if authorization != "" {
		r.Header.Set("Authorization", authorization)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, r)
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

	gin.SetMode(gin.ReleaseMode)
	r := gin.New()
	api := r.Group("/api", ginmw.Middleware(v,
		ginmw.WithRealm("orders"),
		ginmw.WithSkipper(func(c *gin.Context) bool { return c.FullPath() == "/api/health" })))
	api.GET("/me", func(c *gin.Context) {
		claims, _ := ginmw.Claims(c)
		c.String(http.StatusOK, "hello "+claims.Subject)
	})
	api.GET("/health", func(c *gin.Context) { c.String(http.StatusOK, "up") })

	// The token alice's client got from the identity provider.
	token, err := iss.Mint(
		issuertest.WithAudience("https://api.example.com"),
		issuertest.WithSubject("alice"),
		issuertest.WithScope("orders:read"))
	if err != nil {
		log.Fatal(err)
	}
	rec := call(r, http.MethodGet, "/api/me", "Bearer "+token)
	fmt.Println(rec.Code, rec.Body)
	rec = call(r, http.MethodGet, "/api/me", "")
	fmt.Println(rec.Code, rec.Header().Get("WWW-Authenticate"))
	rec = call(r, http.MethodGet, "/api/health", "")
	fmt.Println(rec.Code, rec.Body)
	// Output:
	// 200 hello alice
	// 401 Bearer realm="orders"
	// 200 up
}

func ExampleRequireScopes() {
	v, mint, cleanup := exampleSetup()
	defer cleanup()

	gin.SetMode(gin.ReleaseMode)
	r := gin.New()
	r.POST("/orders", ginmw.Middleware(v), ginmw.RequireScopes(scopes.All("orders:write")),
		func(c *gin.Context) { c.Status(http.StatusCreated) })

	fmt.Println(call(r, http.MethodPost, "/orders", "Bearer "+mint("orders:write")).Code)
	rec := call(r, http.MethodPost, "/orders", "Bearer "+mint("orders:read"))
	fmt.Println(rec.Code, rec.Body)
	// Output:
	// 201
	// 403 {"error":"insufficient_scope","error_description":"token lacks scope orders:write"}
}

func ExampleClaims() {
	v, mint, cleanup := exampleSetup()
	defer cleanup()

	gin.SetMode(gin.ReleaseMode)
	r := gin.New()
	r.GET("/me", ginmw.Middleware(v, ginmw.WithCredentialsOptional()), func(c *gin.Context) {
		claims, ok := ginmw.Claims(c)
		if !ok {
			c.String(http.StatusOK, "hello stranger")
			return
		}
		c.String(http.StatusOK, "hello "+claims.Subject)
	})

	fmt.Println(call(r, http.MethodGet, "/me", "").Body)
	fmt.Println(call(r, http.MethodGet, "/me", "Bearer "+mint("orders:read")).Body)
	// Output:
	// hello stranger
	// hello alice
}

func ExampleNew() {
	v, mint, cleanup := exampleSetup()
	defer cleanup()

	// The options are given once: the realm is in the 401 of the middleware and in the 403 of Require.
	g := ginmw.New(v, ginmw.WithRealm("orders"))
	gin.SetMode(gin.ReleaseMode)
	r := gin.New()
	api := r.Group("/api", g.Middleware)
	api.POST("/orders", g.Require(scopes.All("orders:write")), func(c *gin.Context) { c.Status(http.StatusCreated) })

	for _, authorization := range []string{"", "Bearer " + mint("orders:read"), "Bearer " + mint("orders:write")} {
		rec := call(r, http.MethodPost, "/api/orders", authorization)
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

	g := ginmw.New(v)
	gin.SetMode(gin.ReleaseMode)
	r := gin.New()
	r.Use(g.Middleware)
	ok := func(c *gin.Context) { c.String(http.StatusOK, "ok") }
	// Either scope will do for reading; writing needs orders:write.
	r.GET("/orders", g.Require(scopes.Any("orders:read", "orders:admin")), ok)
	r.POST("/orders", g.Require(scopes.All("orders:write")), ok)

	token := "Bearer " + mint("orders:admin")
	fmt.Println(call(r, http.MethodGet, "/orders", token).Code, call(r, http.MethodPost, "/orders", token).Code)
	// Output:
	// 200 403
}
