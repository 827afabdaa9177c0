package ginmw_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/golang-jwt/jwt/v5"

	"github.com/jwtguard/jwtguard/ginmw"
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
	gin.SetMode(gin.ReleaseMode)
	r := gin.New()
	api := r.Group("/api", ginmw.Middleware(exampleValidator(),
		ginmw.WithRealm("orders"),
		ginmw.WithSkipper(func(c *gin.Context) bool { return c.FullPath() == "/api/health" })))
	api.GET("/me", func(c *gin.Context) {
		claims, _ := ginmw.Claims(c)
		c.String(http.StatusOK, "hello "+claims.Subject)
	})
	api.GET("/health", func(c *gin.Context) { c.String(http.StatusOK, "up") })

	rec := call(r, http.MethodGet, "/api/me", "Bearer "+exampleToken(""))
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
	gin.SetMode(gin.ReleaseMode)
	r := gin.New()
	r.POST("/orders", ginmw.Middleware(exampleValidator()), ginmw.RequireScopes(scopes.All("orders:write")),
		func(c *gin.Context) { c.Status(http.StatusCreated) })

	fmt.Println(call(r, http.MethodPost, "/orders", "Bearer "+exampleToken("orders:write")).Code)
	rec := call(r, http.MethodPost, "/orders", "Bearer "+exampleToken("orders:read"))
	fmt.Println(rec.Code, rec.Body)
	// Output:
	// 201
	// 403 {"error":"insufficient_scope","error_description":"token lacks scope orders:write"}
}

func ExampleClaims() {
	gin.SetMode(gin.ReleaseMode)
	r := gin.New()
	r.GET("/me", ginmw.Middleware(exampleValidator(), ginmw.WithCredentialsOptional()), func(c *gin.Context) {
		claims, ok := ginmw.Claims(c)
		if !ok {
			c.String(http.StatusOK, "hello stranger")
			return
		}
		c.String(http.StatusOK, "hello "+claims.Subject)
	})

	fmt.Println(call(r, http.MethodGet, "/me", "").Body)
	fmt.Println(call(r, http.MethodGet, "/me", "Bearer "+exampleToken("")).Body)
	// Output:
	// hello stranger
	// hello alice
}
