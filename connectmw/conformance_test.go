package connectmw_test

import (
	"errors"
	"strings"
	"testing"

	"connectrpc.com/connect"

	"github.com/jwtguard/jwtguard/connectmw"
	"github.com/jwtguard/jwtguard/internal/testkit/conformance"
	"github.com/jwtguard/jwtguard/internal/testkit/testtoken"
	"github.com/jwtguard/jwtguard/validator"
)

// setupOptions returns the options of one of the gRPC table's setups, as grpcinterceptor's test
// builds them, and the validator to use.
func setupOptions(t *testing.T, setup conformance.GRPCSetup, m *testtoken.Minter) (validator.TokenValidator, []connectmw.Option) {
	t.Helper()
	v, err := m.Validator()
	if err != nil {
		t.Fatal(err)
	}
	protected := []connectmw.Option{
		connectmw.WithSkipProcedures(),
		connectmw.WithProcedureScopes(conformance.GRPCMethodScopes),
	}
	switch setup {
	case conformance.GRPCProtected:
		return v, protected
	case conformance.GRPCDefaultSkip:
		return v, nil
	case conformance.GRPCOptional:
		return v, append(protected, connectmw.WithCredentialsOptional())
	case conformance.GRPCKeysDown:
		down, err := testtoken.UnavailableValidator()
		if err != nil {
			t.Fatal(err)
		}
		return down, protected
	}
	t.Fatalf("unknown setup %q", setup)
	return nil, nil
}

// wantConnect returns what connectmw answers a case of the gRPC table with. The table is the same;
// connect runs over HTTP, so two things are the HTTP core's: a malformed request is
// CodeInvalidArgument (HTTP 400, as the HTTP adapters answer it) where gRPC has only Unauthenticated,
// and two Authorization header fields are described as the HTTP adapters describe them.
func wantConnect(c conformance.GRPCCase) (connect.Code, string) {
	code, msg := connect.Code(c.Code), c.Message // connect's codes are gRPC's numbers
	if strings.HasPrefix(msg, "invalid_request: ") {
		code = connect.CodeInvalidArgument
		msg = strings.Replace(msg, "more than one authorization value", "more than one Authorization header", 1)
	}
	return code, msg
}

// TestConformance runs the gRPC adapter's table through connectmw over each of connect's protocols:
// unary calls and server streams, every answer class, the claims the handler sees.
func TestConformance(t *testing.T) {
	m, err := testtoken.NewMinter()
	if err != nil {
		t.Fatal(err)
	}
	tokens := conformance.MintTokens(m)
	servers := make(map[conformance.GRPCSetup]server)
	for _, setup := range conformance.GRPCSetups {
		v, opts := setupOptions(t, setup, m)
		ic, err := connectmw.New(v, opts...)
		if err != nil {
			t.Fatal(err)
		}
		servers[setup] = serve(t, ic)
	}
	for name, proto := range protocols {
		t.Run(name, func(t *testing.T) {
			for _, c := range conformance.GRPCCases {
				t.Run(c.Name, func(t *testing.T) {
					auth := make([]string, len(c.Authorization))
					for i, v := range c.Authorization {
						auth[i] = tokens.Expand(v)
					}
					sub, err := servers[c.Setup].call(t.Context(), c.Method, proto, auth...)
					wantCode, wantMsg := wantConnect(c)
					if wantMsg == "" {
						if err != nil {
							t.Fatalf("call refused: %v", err)
						}
					} else if ce := new(connect.Error); !errors.As(err, &ce) || ce.Code() != wantCode || ce.Message() != wantMsg {
						t.Fatalf("error = %v, want %v %q", err, wantCode, wantMsg)
					} else if name := tokens.LeakedIn(ce.Message()); name != "" {
						t.Errorf("the error holds the %s token", name)
					}
					if sub != c.Subject {
						t.Errorf("claims subject in the handler's context = %q, want %q", sub, c.Subject)
					}
				})
			}
		})
	}
}
