package grpcinterceptor_test

import (
	"strings"
	"testing"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"

	"github.com/jwtguard/jwtguard/grpcinterceptor"
	"github.com/jwtguard/jwtguard/internal/testkit/conformance"
	"github.com/jwtguard/jwtguard/scopes"
)

// TestConformanceMultiIssuer runs the opaque-token and multi-issuer rows over gRPC: Check is open,
// List (unary) and Watch (streaming) require conformance.MultiIssuerScope.
func TestConformanceMultiIssuer(t *testing.T) {
	setup := conformance.NewMultiIssuer(t)
	logs := conformance.CaptureLogs(t)
	methodScopes := grpcinterceptor.WithMethodScopes(map[string]scopes.Requirement{
		conformance.MethodList:  scopes.All(conformance.MultiIssuerScope),
		conformance.MethodWatch: scopes.All(conformance.MultiIssuerScope),
	})
	protectHealth := grpcinterceptor.WithSkipMethods() // the health service is skipped by default
	up := serve(t, grpcinterceptor.Unary(setup.Router, methodScopes, protectHealth), grpcinterceptor.Stream(setup.Router, methodScopes, protectHealth))
	down := serve(t, grpcinterceptor.Unary(setup.Down, methodScopes, protectHealth), grpcinterceptor.Stream(setup.Down, methodScopes, protectHealth))
	for _, c := range conformance.MultiIssuerCases {
		methods := []string{conformance.MethodCheck}
		if c.Scoped {
			methods = []string{conformance.MethodList, conformance.MethodWatch}
		}
		for _, method := range methods {
			t.Run(c.Name+" "+method, func(t *testing.T) {
				client := up
				if c.Down {
					client = down
				}
				ctx := metadata.AppendToOutgoingContext(t.Context(), "authorization", "Bearer "+setup.Tokens[c.Token])
				subject, err := call(ctx, client, method)
				st := status.Convert(err)
				if strings.Contains(st.Message(), setup.Tokens[c.Token]) {
					t.Fatal("the status holds the token")
				}
				want := codes.OK
				switch c.Code {
				case "":
				case "insufficient_scope":
					want = codes.PermissionDenied
				case "keys_unavailable", "introspection_unavailable":
					want = codes.Unavailable
				default:
					want = codes.Unauthenticated
				}
				if st.Code() != want || (c.Code != "" && !strings.HasPrefix(st.Message(), c.Code+": ")) {
					t.Fatalf("status %v %q, want %v with reason %s", st.Code(), st.Message(), want, c.Code)
				}
				if subject != c.Subject {
					t.Fatalf("claims subject in the handler's context = %q, want %q", subject, c.Subject)
				}
			})
		}
	}
	for _, token := range setup.Tokens {
		if strings.Contains(logs.String()+grpcLogs.String(), token) {
			t.Fatal("a token reached the log")
		}
	}
}
