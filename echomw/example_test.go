package echomw_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"github.com/labstack/echo/v4"

	"github.com/jwtguard/jwtguard/echomw"
	"github.com/jwtguard/jwtguard/scopes"
	"github.com/jwtguard/jwtguard/validator"
)

// The examples verify HS256 tokens with a shared secret so they run on their own. A real API gets its
// keys from the identity provider: set, err := jwks.Discover(ctx, issuerURL); validator.New(set, ...).
var exampleSecret = []byte("an example secret of at least 32 bytes")

func exampleValidator() *validator.Validator {
	v, err := validator.New(nil,
		validator.WithSymmetricKey(exampleSecret),
		validator.WithAlgorithms("HS256"),
		validator.WithIssuer("https://idp.example.com"),
		validator.WithAudience("https://api.example.com"))
	if err != nil {
		panic(err)
	}
	return v
}

func exampleToken(scope string) string {
	token, err := jwt.NewWithClaims(jwt.SigningMethodHS256, jwt.MapClaims{
		"iss": "https://idp.example.com", "aud": "https://api.example.com", "sub": "alice",
		"scope": scope, "exp": time.Now().Add(time.Hour).Unix(),
	}).SignedString(exampleSecret)
	if err != nil {
		panic(err)
	}
	return token
}

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
	e := echo.New()
	api := e.Group("/api", echomw.Middleware(exampleValidator(),
		echomw.WithRealm("orders"),
		echomw.WithSkipper(func(c echo.Context) bool { return c.Path() == "/api/health" })))
	api.GET("/me", func(c echo.Context) error {
		claims, _ := echomw.Claims(c)
		return c.String(http.StatusOK, "hello "+claims.Subject)
	})
	api.GET("/health", func(c echo.Context) error { return c.String(http.StatusOK, "up") })

	rec := call(e, http.MethodGet, "/api/me", "Bearer "+exampleToken(""))
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
	e := echo.New()
	auth := echomw.Middleware(exampleValidator())
	e.POST("/orders", func(c echo.Context) error { return c.NoContent(http.StatusCreated) },
		auth, echomw.RequireScopes(scopes.All("orders:write")))

	fmt.Println(call(e, http.MethodPost, "/orders", "Bearer "+exampleToken("orders:write")).Code)
	rec := call(e, http.MethodPost, "/orders", "Bearer "+exampleToken("orders:read"))
	fmt.Println(rec.Code, rec.Body)
	// Output:
	// 201
	// 403 {"error":"insufficient_scope","error_description":"token lacks scope orders:write"}
}

func ExampleClaims() {
	e := echo.New()
	e.GET("/me", func(c echo.Context) error {
		claims, ok := echomw.Claims(c)
		if !ok {
			return c.String(http.StatusOK, "hello stranger")
		}
		// Code below the handler that sees only a context.Context finds the same claims.
		fromCtx, _ := validator.FromContext(c.Request().Context())
		return c.String(http.StatusOK, fmt.Sprint("hello ", claims.Subject, " ", fromCtx == claims))
	}, echomw.Middleware(exampleValidator(), echomw.WithCredentialsOptional()))

	fmt.Println(call(e, http.MethodGet, "/me", "").Body)
	fmt.Println(call(e, http.MethodGet, "/me", "Bearer "+exampleToken("")).Body)
	// Output:
	// hello stranger
	// hello alice true
}
