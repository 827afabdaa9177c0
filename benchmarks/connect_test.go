package benchmarks

import (
	"context"
	"testing"

	"connectrpc.com/connect"

	"github.com/jwtguard/jwtguard/connectmw"
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
