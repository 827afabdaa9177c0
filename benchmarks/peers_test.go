package benchmarks

import (
	"context"
	"crypto"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/MicahParks/keyfunc/v3"
	jwtmiddleware "github.com/auth0/go-jwt-middleware/v2"
	auth0 "github.com/auth0/go-jwt-middleware/v2/validator"
	"github.com/coreos/go-oidc/v3/oidc"
	"github.com/golang-jwt/jwt/v5"
	"github.com/lestrrat-go/jwx/v3/jwk"
	jwxjwt "github.com/lestrrat-go/jwx/v3/jwt"

	"github.com/jwtguard/jwtguard/benchmarks/internal/fixture"
)

// Each peer is configured as its documentation suggests for protecting an API: signature with the
// published key, issuer, audience and expiry checked, and the scope and client_id claims decoded so
// the handler could use them, as jwtguard does.

// golangJWTClaims are the registered claims plus the two RFC 9068 claims an API reads.
type golangJWTClaims struct {
	jwt.RegisteredClaims
	ClientID string `json:"client_id"`
	Scope    string `json:"scope"`
}

func golangJWTParser(a *alg) *jwt.Parser {
	return jwt.NewParser(
		jwt.WithValidMethods([]string{a.Name}),
		jwt.WithIssuer(issuer),
		jwt.WithAudience(audience),
		jwt.WithExpirationRequired(),
		jwt.WithIssuedAt(),
	)
}

func BenchmarkGolangJWT(b *testing.B) {
	forEachAlg(b, func(b *testing.B, a *alg) {
		p := golangJWTParser(a)
		keyFunc := func(*jwt.Token) (any, error) { return a.Pub, nil }
		measure(b, func() {
			var c golangJWTClaims
			if _, err := p.ParseWithClaims(a.Token, &c, keyFunc); err != nil {
				b.Fatal(err)
			}
		})
	})
}

func BenchmarkKeyfuncGolangJWT(b *testing.B) {
	k, err := keyfunc.NewJWKSetJSON(fixture.Get().JWKSJSON)
	if err != nil {
		b.Fatal(err)
	}
	forEachAlg(b, func(b *testing.B, a *alg) {
		p := golangJWTParser(a)
		measure(b, func() {
			var c golangJWTClaims
			if _, err := p.ParseWithClaims(a.Token, &c, k.Keyfunc); err != nil {
				b.Fatal(err)
			}
		})
	})
}

func BenchmarkJWX(b *testing.B) {
	set, err := jwk.Parse(fixture.Get().JWKSJSON)
	if err != nil {
		b.Fatal(err)
	}
	forEachAlg(b, func(b *testing.B, a *alg) {
		token := []byte(a.Token)
		measure(b, func() {
			tok, err := jwxjwt.Parse(token,
				jwxjwt.WithKeySet(set),
				jwxjwt.WithIssuer(issuer),
				jwxjwt.WithAudience(audience),
				jwxjwt.WithRequiredClaim("exp"),
			)
			if err != nil {
				b.Fatal(err)
			}
			var scope string
			if err := tok.Get("scope", &scope); err != nil {
				b.Fatal(err)
			}
		})
	})
}

// auth0Claims decodes the RFC 9068 claims through go-jwt-middleware's custom-claims hook.
type auth0Claims struct {
	ClientID string `json:"client_id"`
	Scope    string `json:"scope"`
}

func (auth0Claims) Validate(context.Context) error { return nil }

func auth0Validator(b *testing.B, a *alg) *auth0.Validator {
	v, err := auth0.New(
		func(context.Context) (any, error) { return a.Pub, nil },
		auth0.SignatureAlgorithm(a.Name),
		issuer, []string{audience},
		auth0.WithCustomClaims(func() auth0.CustomClaims { return &auth0Claims{} }),
	)
	if err != nil {
		b.Fatal(err)
	}
	return v
}

func BenchmarkAuth0Validator(b *testing.B) {
	forEachAlg(b, func(b *testing.B, a *alg) {
		v := auth0Validator(b, a)
		ctx := context.Background()
		measure(b, func() {
			if _, err := v.ValidateToken(ctx, a.Token); err != nil {
				b.Fatal(err)
			}
		})
	})
}

func BenchmarkAuth0Middleware(b *testing.B) {
	forEachAlg(b, func(b *testing.B, a *alg) {
		h := jwtmiddleware.New(auth0Validator(b, a).ValidateToken).CheckJWT(bareHandler)
		benchHTTP(b, h, "Bearer "+a.Token)
	})
}

func BenchmarkGoOIDC(b *testing.B) {
	var keys []crypto.PublicKey
	for _, a := range fixture.Get().Algs {
		keys = append(keys, a.Pub)
	}
	forEachAlg(b, func(b *testing.B, a *alg) {
		v := oidc.NewVerifier(issuer, &oidc.StaticKeySet{PublicKeys: keys}, &oidc.Config{
			ClientID:             audience,
			SupportedSigningAlgs: []string{a.Name},
		})
		ctx := context.Background()
		measure(b, func() {
			tok, err := v.Verify(ctx, a.Token)
			if err != nil {
				b.Fatal(err)
			}
			var c auth0Claims
			if err := tok.Claims(&c); err != nil {
				b.Fatal(err)
			}
		})
	})
}

// bareHandler is the handler every middleware benchmark wraps; the bare benchmark calls it directly.
var bareHandler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusNoContent) })

// discardWriter is a ResponseWriter that keeps nothing, so the benchmark measures the middleware, not a
// recorder.
type discardWriter struct {
	header http.Header
	code   int
}

func (w *discardWriter) Header() http.Header         { return w.header }
func (w *discardWriter) Write(p []byte) (int, error) { return len(p), nil }
func (w *discardWriter) WriteHeader(code int)        { w.code = code }

// benchHTTP serves one prepared request per iteration through h and requires a 204.
func benchHTTP(b *testing.B, h http.Handler, authorization string) {
	req := httptest.NewRequest(http.MethodGet, "/orders", nil)
	if authorization != "" {
		req.Header.Set("Authorization", authorization)
	}
	w := &discardWriter{header: http.Header{}}
	measure(b, func() {
		w.code = 0
		h.ServeHTTP(w, req)
		if w.code != http.StatusNoContent {
			b.Fatalf("status %d", w.code)
		}
	})
}

func BenchmarkBareNetHTTP(b *testing.B) {
	benchHTTP(b, bareHandler, "")
}
