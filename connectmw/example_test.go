package connectmw_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"

	"connectrpc.com/connect"
	"google.golang.org/protobuf/types/known/emptypb"
	"google.golang.org/protobuf/types/known/wrapperspb"

	"github.com/jwtguard/jwtguard/connectmw"
	"github.com/jwtguard/jwtguard/internal/testkit/examplesetup"
	"github.com/jwtguard/jwtguard/scopes"
	"github.com/jwtguard/jwtguard/validator"
)

func ExampleNew() {
	v, mint, cleanup := examplesetup.Scoped()
	defer cleanup()

	guard, err := connectmw.New(v,
		connectmw.WithRealm("orders"),
		connectmw.WithProcedureScopes(map[string]scopes.Requirement{"/shop.v1.Orders/*": scopes.All("orders:read")}),
		connectmw.WithUnlistedProcedures(scopes.All("admin")))
	if err != nil {
		fmt.Println(err)
		return
	}
	const procedure = "/shop.v1.Orders/Get"
	mux := http.NewServeMux()
	mux.Handle(procedure, connect.NewUnaryHandler(procedure,
		func(ctx context.Context, _ *connect.Request[emptypb.Empty]) (*connect.Response[wrapperspb.StringValue], error) {
			claims, _ := validator.FromContext(ctx)
			return connect.NewResponse(wrapperspb.String("hello " + claims.Subject)), nil
		}, connect.WithInterceptors(guard)))
	srv := httptest.NewServer(mux)
	defer srv.Close()

	client := connect.NewClient[emptypb.Empty, wrapperspb.StringValue](srv.Client(), srv.URL+procedure)
	for _, scope := range []string{"profile", "orders:read"} {
		req := connect.NewRequest(&emptypb.Empty{})
		req.Header().Set("Authorization", "Bearer "+mint(scope))
		res, err := client.CallUnary(context.Background(), req)
		if ce := new(connect.Error); errors.As(err, &ce) {
			fmt.Println(ce.Code(), ce.Message())
			fmt.Println(ce.Meta().Get("WWW-Authenticate"))
			continue
		}
		fmt.Println(res.Msg.GetValue())
	}
	// Output:
	// permission_denied insufficient_scope: token lacks scope orders:read
	// Bearer realm="orders", error="insufficient_scope", error_description="token lacks scope orders:read", scope="orders:read"
	// hello alice
}

func ExampleWithProcedureScopes() {
	v, _, cleanup := examplesetup.Scoped()
	defer cleanup()

	// The keys are grpcinterceptor's: a malformed one fails New, naming every mistake.
	_, err := connectmw.New(v, connectmw.WithProcedureScopes(map[string]scopes.Requirement{
		"shop.v1.Orders/Get": scopes.All("orders:read"), // no leading slash
	}))
	fmt.Println(errors.Is(err, connectmw.ErrInvalidProcedure))
	fmt.Println(err)
	// Output:
	// true
	// WithProcedureScopes: connectmw: invalid procedure name: "shop.v1.Orders/Get" does not start with "/"
}
