package nethttp_test

import (
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/jwtguard/jwtguard/nethttp"
	"github.com/jwtguard/jwtguard/scopes"
	"github.com/jwtguard/jwtguard/validator"
)

// The examples verify HS256 tokens with a shared secret so they run on their own. A real API gets its
// keys from the identity provider instead:
//
//	set, err := jwks.Discover(ctx, "https://idp.example.com")
//	v, err := validator.New(set, validator.WithIssuer(...), validator.WithAudience(...))
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

// exampleToken mints what the identity provider would issue.
func exampleToken(scope string) string {
	token, err := jwt.NewWithClaims(jwt.SigningMethodHS256, jwt.MapClaims{
		"iss":   "https://idp.example.com",
		"aud":   "https://api.example.com",
		"sub":   "alice",
		"scope": scope,
		"exp":   time.Now().Add(time.Hour).Unix(),
	}).SignedString(exampleSecret)
	if err != nil {
		panic(err)
	}
	return token
}

func get(h http.Handler, target, authorization string) *httptest.ResponseRecorder {
	r := httptest.NewRequest(http.MethodGet, target, nil)
	if authorization != "" {
		r.Header.Set("Authorization", authorization)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, r)
	return rec
}

func ExampleMiddleware() {
	hello := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		claims, _ := validator.FromContext(r.Context())
		fmt.Fprintf(w, "hello %s", claims.Subject)
	})
	protected := nethttp.Middleware(exampleValidator(), nethttp.WithRealm("orders"))(hello)

	rec := get(protected, "/", "Bearer "+exampleToken("orders:read"))
	fmt.Println(rec.Code, rec.Body)

	rec = get(protected, "/", "")
	fmt.Println(rec.Code, rec.Header().Get("WWW-Authenticate"))
	// Output:
	// 200 hello alice
	// 401 Bearer realm="orders"
}

func ExampleRequireScopes() {
	auth := nethttp.Middleware(exampleValidator())
	mux := http.NewServeMux()
	mux.Handle("POST /orders", auth(nethttp.RequireScopes(scopes.All("orders:write"))(
		http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(http.StatusCreated) }))))

	r := httptest.NewRequest(http.MethodPost, "/orders", nil)
	r.Header.Set("Authorization", "Bearer "+exampleToken("orders:read"))
	rec := httptest.NewRecorder()
	mux.ServeHTTP(rec, r)
	fmt.Println(rec.Code, rec.Header().Get("WWW-Authenticate"))
	// Output:
	// 403 Bearer error="insufficient_scope", error_description="token lacks scope orders:write", scope="orders:write"
}

func ExampleNewErrorWriter() {
	// A custom error handler that records why a request was refused and then answers as usual.
	// validator.Code and validator.Description never contain the token, so they are safe to log.
	ew := nethttp.NewErrorWriter("orders")
	logged := func(w http.ResponseWriter, r *http.Request, err error) {
		slog.Info("refused", "path", r.URL.Path, "reason", validator.Code(err))
		ew.WriteError(w, r, err)
	}
	protected := nethttp.Middleware(exampleValidator(), nethttp.WithErrorHandler(logged))(http.NotFoundHandler())

	rec := get(protected, "/", "Bearer not-a-jwt")
	fmt.Println(rec.Code, rec.Body)
	// Output:
	// 401 {"error":"invalid_token","error_description":"token is not three dot-separated segments"}
}

func ExampleFirstOf() {
	// Browsers send a session cookie; API clients send the Authorization header. Sending both is
	// refused, as RFC 6750 allows one method per request.
	extract := nethttp.FirstOf(nethttp.FromAuthorizationHeader, nethttp.FromCookie("session"))
	protected := nethttp.Middleware(exampleValidator(), nethttp.WithExtractor(extract))(
		http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			claims, _ := validator.FromContext(r.Context())
			fmt.Fprint(w, claims.Subject)
		}))

	r := httptest.NewRequest(http.MethodGet, "/", nil)
	r.AddCookie(&http.Cookie{Name: "session", Value: exampleToken("")})
	rec := httptest.NewRecorder()
	protected.ServeHTTP(rec, r)
	fmt.Println(rec.Code, rec.Body)

	r.Header.Set("Authorization", "Bearer "+exampleToken(""))
	rec = httptest.NewRecorder()
	protected.ServeHTTP(rec, r)
	fmt.Println(rec.Code, rec.Body)
	// Output:
	// 200 alice
	// 400 {"error":"invalid_request","error_description":"token sent by more than one method"}
}

func ExampleFromQuery() {
	extract := nethttp.FromQuery("") // RFC 6750 §2.3's access_token parameter
	r := httptest.NewRequest(http.MethodGet, "/feed?access_token=abc", nil)
	token, err := extract(r)
	fmt.Println(token, err)
	// Output:
	// abc <nil>
}

func ExampleWithCredentialsOptional() {
	greet := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if claims, ok := validator.FromContext(r.Context()); ok {
			fmt.Fprintf(w, "hello %s", claims.Subject)
			return
		}
		fmt.Fprint(w, "hello stranger")
	})
	h := nethttp.Middleware(exampleValidator(), nethttp.WithCredentialsOptional())(greet)
	fmt.Println(get(h, "/", "").Body)
	fmt.Println(get(h, "/", "Bearer "+exampleToken("")).Body)
	fmt.Println(get(h, "/", "Bearer forged.token.value").Code)
	// Output:
	// hello stranger
	// hello alice
	// 401
}
