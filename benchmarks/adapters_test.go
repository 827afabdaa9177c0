package benchmarks

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/gin-gonic/gin"
	"github.com/labstack/echo/v4"
	"google.golang.org/grpc"
	"google.golang.org/grpc/metadata"

	"github.com/jwtguard/jwtguard/benchmarks/internal/fixture"
	"github.com/jwtguard/jwtguard/echomw"
	"github.com/jwtguard/jwtguard/ginmw"
	"github.com/jwtguard/jwtguard/grpcinterceptor"
	"github.com/jwtguard/jwtguard/nethttp"
	"github.com/jwtguard/jwtguard/validator"
)

// Each adapter is measured inside its own framework around a handler that does nothing, four ways:
//
//	bare      the framework and the handler, no middleware;
//	stub      the middleware with a validator that answers at once: what the adapter itself adds;
//	cached    the middleware with jwtguard's validator and WithCache, the token seen before;
//	uncached  the middleware with jwtguard's validator verifying the RS256 token in full.
//
// Adapter overhead = stub − bare.

// stubValidator accepts one token with fixed claims, costing nothing, so adapter benchmarks measure the
// adapter.
type stubValidator struct {
	token  string
	claims *validator.Claims
}

func (s stubValidator) Validate(_ context.Context, token string) (*validator.Claims, error) {
	if token != s.token {
		return nil, &validator.Error{Reason: validator.ErrInvalidSignature}
	}
	return s.claims, nil
}

// adapterCase is one way of guarding a handler.
type adapterCase struct {
	name string
	v    validator.TokenValidator // nil: no middleware
}

func adapterCases(b *testing.B) (token string, cases []adapterCase) {
	rs := fixture.Get().Algs[0]
	cached := jwtguardValidator(b, validator.WithCache(1024))
	if _, err := cached.Validate(context.Background(), rs.Token); err != nil {
		b.Fatal(err)
	}
	return rs.Token, []adapterCase{
		{"bare", nil},
		{"stub", stubValidator{token: rs.Token, claims: &validator.Claims{Subject: "alice"}}},
		{"cached", cached},
		{"uncached", jwtguardValidator(b)},
	}
}

// runBoth runs serve sequentially ("seq") and from GOMAXPROCS goroutines ("parallel").
func runBoth(b *testing.B, newServe func() func()) {
	b.Run("seq", func(b *testing.B) { measure(b, newServe()) })
	b.Run("parallel", func(b *testing.B) { measureParallel(b, newServe) })
}

// httpServe returns a function serving one request through h with a 204 expected.
func httpServe(b *testing.B, h http.Handler, token string) func() func() {
	return func() func() {
		req := httptest.NewRequest(http.MethodGet, "/orders", nil)
		req.Header.Set("Authorization", "Bearer "+token)
		w := &discardWriter{header: http.Header{}}
		return func() {
			w.code = 0
			h.ServeHTTP(w, req)
			if w.code != http.StatusNoContent {
				b.Errorf("status %d", w.code)
			}
		}
	}
}

func BenchmarkAdapterNetHTTP(b *testing.B) {
	token, cases := adapterCases(b)
	for _, c := range cases {
		var h http.Handler = bareHandler
		if c.v != nil {
			h = nethttp.Middleware(c.v)(bareHandler)
		}
		b.Run(c.name, func(b *testing.B) { runBoth(b, httpServe(b, h, token)) })
	}
}

func BenchmarkAdapterEcho(b *testing.B) {
	token, cases := adapterCases(b)
	handler := func(c echo.Context) error { return c.NoContent(http.StatusNoContent) }
	for _, c := range cases {
		e := echo.New()
		if c.v != nil {
			e.GET("/orders", handler, echomw.Middleware(c.v))
		} else {
			e.GET("/orders", handler)
		}
		b.Run(c.name, func(b *testing.B) { runBoth(b, httpServe(b, e, token)) })
	}
}

func BenchmarkAdapterGin(b *testing.B) {
	gin.SetMode(gin.ReleaseMode)
	token, cases := adapterCases(b)
	handler := func(c *gin.Context) { c.Status(http.StatusNoContent) }
	for _, c := range cases {
		r := gin.New()
		if c.v != nil {
			r.GET("/orders", ginmw.Middleware(c.v), handler)
		} else {
			r.GET("/orders", handler)
		}
		b.Run(c.name, func(b *testing.B) { runBoth(b, httpServe(b, r, token)) })
	}
}

// BenchmarkAdapterGRPC drives the unary interceptor as a gRPC server does, with the request's metadata
// in an incoming context; "bare" calls the handler directly. The transport is left out: its cost is
// the same with or without the interceptor and would drown the difference.
func BenchmarkAdapterGRPC(b *testing.B) {
	token, cases := adapterCases(b)
	info := &grpc.UnaryServerInfo{FullMethod: "/orders.v1.Orders/Get"}
	handler := func(ctx context.Context, req any) (any, error) { return req, nil }
	for _, c := range cases {
		call := func(ctx context.Context, req any) (any, error) { return handler(ctx, req) }
		if c.v != nil {
			interceptor := grpcinterceptor.Unary(c.v)
			call = func(ctx context.Context, req any) (any, error) { return interceptor(ctx, req, info, handler) }
		}
		b.Run(c.name, func(b *testing.B) {
			runBoth(b, func() func() {
				ctx := metadata.NewIncomingContext(context.Background(), metadata.Pairs("authorization", "Bearer "+token))
				var req any = &struct{ ID string }{"order-1"}
				return func() {
					if _, err := call(ctx, req); err != nil {
						b.Error(err)
					}
				}
			})
		})
	}
}
