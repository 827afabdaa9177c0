package benchmarks

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"

	"connectrpc.com/connect"

	"github.com/jwtguard/jwtguard/connectmw"
	"github.com/jwtguard/jwtguard/nethttp"
)

// BenchmarkAdapterConnect drives connectmw's unary interceptor as a connect handler does, around a
// unary function that does nothing; "bare" calls the function directly. Like BenchmarkAdapterGRPC it
// leaves the transport and connect's codec out: their cost is the same with or without the
// interceptor and would drown the difference. Compare with BenchmarkAdapterNetHTTP in the same run.
func BenchmarkAdapterConnect(b *testing.B) {
	token, cases := adapterCases(b)
	next := func(_ context.Context, req connect.AnyRequest) (connect.AnyResponse, error) {
		return connect.NewResponse(&struct{}{}), nil
	}
	for _, c := range cases {
		call := connect.UnaryFunc(next)
		if c.v != nil {
			guard, err := connectmw.New(c.v)
			if err != nil {
				b.Fatal(err)
			}
			call = guard.WrapUnary(next)
		}
		b.Run(c.name, func(b *testing.B) {
			runBoth(b, func() func() {
				req := connect.NewRequest(&struct{ ID string }{"order-1"})
				req.Header().Set("Authorization", "Bearer "+token)
				ctx := context.Background()
				return func() {
					if _, err := call(ctx, req); err != nil {
						b.Error(err)
					}
				}
			})
		})
	}
}

// BenchmarkAdapterRefusal measures the answer to a call without a token, through the connect
// interceptor (the error with the HTTP core's challenge) and through the nethttp middleware (the
// written 401): a refusal must not cost more than an admitted call (BenchmarkAdapterConnect/stub).
func BenchmarkAdapterRefusal(b *testing.B) {
	_, cases := adapterCases(b)
	v := cases[1].v // stub
	b.Run("connect", func(b *testing.B) {
		guard, err := connectmw.New(v)
		if err != nil {
			b.Fatal(err)
		}
		call := guard.WrapUnary(func(context.Context, connect.AnyRequest) (connect.AnyResponse, error) {
			b.Error("admitted")
			return nil, nil
		})
		req := connect.NewRequest(&struct{}{})
		ctx := context.Background()
		measure(b, func() {
			if _, err := call(ctx, req); err == nil {
				b.Error("not refused")
			}
		})
	})
	b.Run("nethttp", func(b *testing.B) {
		h := nethttp.Middleware(v)(bareHandler)
		req := httptest.NewRequest(http.MethodGet, "/orders", nil)
		w := &discardWriter{header: http.Header{}}
		measure(b, func() {
			w.code = 0
			h.ServeHTTP(w, req)
			if w.code != http.StatusUnauthorized {
				b.Errorf("status %d", w.code)
			}
		})
	})
}
