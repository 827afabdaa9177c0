package nethttp_test

import (
	"context"
	"fmt"
	"log"
	"log/slog"
	"net/http"
	"net/http/httptest"

	"github.com/jwtguard/jwtguard/internal/testkit/examplesetup"

	"github.com/jwtguard/jwtguard/issuertest"
	"github.com/jwtguard/jwtguard/jwks"
	"github.com/jwtguard/jwtguard/nethttp"
	"github.com/jwtguard/jwtguard/scopes"
	"github.com/jwtguard/jwtguard/validator"
)

// exampleSetup and bindingSetup start a local issuer and a validator for its keys; mint gives a token
// (internal/testkit/examplesetup, shared by every adapter's Examples).
var (
	exampleSetup = examplesetup.Scoped
	bindingSetup = examplesetup.Bound
)

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

	hello := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		claims, _ := validator.FromContext(r.Context())
		fmt.Fprintf(w, "hello %s", claims.Subject)
	})
	protected := nethttp.Middleware(v, nethttp.WithRealm("orders"))(hello)

	// The token alice's client got from the identity provider.
	token, err := iss.Mint(
		issuertest.WithAudience("https://api.example.com"),
		issuertest.WithSubject("alice"),
		issuertest.WithScope("orders:read"))
	if err != nil {
		log.Fatal(err)
	}
	rec := get(protected, "/", "Bearer "+token)
	fmt.Println(rec.Code, rec.Body)

	rec = get(protected, "/", "")
	fmt.Println(rec.Code, rec.Header().Get("WWW-Authenticate"))
	// Output:
	// 200 hello alice
	// 401 Bearer realm="orders"
}

func ExampleRequireScopes() {
	v, mint, cleanup := exampleSetup()
	defer cleanup()

	auth := nethttp.Middleware(v)
	mux := http.NewServeMux()
	mux.Handle("POST /orders", auth(nethttp.RequireScopes(scopes.All("orders:write"))(
		http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(http.StatusCreated) }))))

	r := httptest.NewRequest(http.MethodPost, "/orders", nil)
	r.Header.Set("Authorization", "Bearer "+mint("orders:read"))
	rec := httptest.NewRecorder()
	mux.ServeHTTP(rec, r)
	fmt.Println(rec.Code, rec.Header().Get("WWW-Authenticate"))
	// Output:
	// 403 Bearer error="insufficient_scope", error_description="token lacks scope orders:write", scope="orders:write"
}

func ExampleNewErrorWriter() {
	v, _, cleanup := exampleSetup()
	defer cleanup()

	// A custom error handler that records why a request was refused and then answers as usual.
	// validator.Code and validator.Description never contain the token, so they are safe to log.
	ew := nethttp.NewErrorWriter("orders")
	logged := func(w http.ResponseWriter, r *http.Request, err error) {
		slog.Info("refused", "path", r.URL.Path, "reason", validator.Code(err))
		ew.WriteError(w, r, err)
	}
	protected := nethttp.Middleware(v, nethttp.WithErrorHandler(logged))(http.NotFoundHandler())

	rec := get(protected, "/", "Bearer not-a-jwt")
	fmt.Println(rec.Code, rec.Body)
	// Output:
	// 401 {"error":"invalid_token","error_description":"token is not three dot-separated segments"}
}

func ExampleFirstOf() {
	v, mint, cleanup := exampleSetup()
	defer cleanup()

	// Browsers send a session cookie; API clients send the Authorization header. Sending both is
	// refused, as RFC 6750 allows one method per request.
	extract := nethttp.FirstOf(nethttp.FromAuthorizationHeader, nethttp.FromCookie("session"))
	protected := nethttp.Middleware(v, nethttp.WithExtractor(extract))(
		http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			claims, _ := validator.FromContext(r.Context())
			fmt.Fprint(w, claims.Subject)
		}))

	r := httptest.NewRequest(http.MethodGet, "/", nil)
	r.AddCookie(&http.Cookie{Name: "session", Value: mint("orders:read")})
	rec := httptest.NewRecorder()
	protected.ServeHTTP(rec, r)
	fmt.Println(rec.Code, rec.Body)

	r.Header.Set("Authorization", "Bearer "+mint("orders:read"))
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
	v, mint, cleanup := exampleSetup()
	defer cleanup()

	greet := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if claims, ok := validator.FromContext(r.Context()); ok {
			fmt.Fprintf(w, "hello %s", claims.Subject)
			return
		}
		fmt.Fprint(w, "hello stranger")
	})
	h := nethttp.Middleware(v, nethttp.WithCredentialsOptional())(greet)
	fmt.Println(get(h, "/", "").Body)
	fmt.Println(get(h, "/", "Bearer "+mint("orders:read")).Body)
	fmt.Println(get(h, "/", "Bearer forged.token.value").Code)
	// Output:
	// hello stranger
	// hello alice
	// 401
}

func ExampleNew() {
	v, mint, cleanup := exampleSetup()
	defer cleanup()

	// The options are given once: the realm is in the 401 of the middleware and in the 403 of Require.
	g := nethttp.New(v, nethttp.WithRealm("orders"))
	created := http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(http.StatusCreated) })
	mux := http.NewServeMux()
	mux.Handle("POST /orders", g.Middleware(g.Require(scopes.All("orders:write"))(created)))

	r := httptest.NewRequest(http.MethodPost, "/orders", nil)
	for _, authorization := range []string{"", "Bearer " + mint("orders:read"), "Bearer " + mint("orders:write")} {
		r.Header.Set("Authorization", authorization)
		rec := httptest.NewRecorder()
		mux.ServeHTTP(rec, r)
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

	g := nethttp.New(v)
	ok := http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { fmt.Fprint(w, "ok") })
	// Either scope will do for reading; writing needs orders:write.
	read := g.Middleware(g.Require(scopes.Any("orders:read", "orders:admin"))(ok))
	write := g.Middleware(g.Require(scopes.All("orders:write"))(ok))

	token := "Bearer " + mint("orders:admin")
	fmt.Println(get(read, "/", token).Code, get(write, "/", token).Code)
	// Output:
	// 200 403
}
