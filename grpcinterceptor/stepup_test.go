package grpcinterceptor_test

import (
	"fmt"
	"maps"
	"strings"
	"testing"
	"time"

	healthpb "google.golang.org/grpc/health/grpc_health_v1"

	"github.com/jwtguard/jwtguard/grpcinterceptor"
	"github.com/jwtguard/jwtguard/internal/testkit/conformance"
	"github.com/jwtguard/jwtguard/internal/testkit/testtoken"
	"github.com/jwtguard/jwtguard/stepup"
	"github.com/jwtguard/jwtguard/validator"
)

// stepUpValidator returns a validator of the tokens its minter mints.
func stepUpValidator(t *testing.T) (*testtoken.Minter, validator.TokenValidator) {
	t.Helper()
	m, err := testtoken.NewMinter()
	if err != nil {
		t.Fatal(err)
	}
	v, err := m.Validator()
	if err != nil {
		t.Fatal(err)
	}
	return m, v
}

// TestStepUp runs the step-up table through the unary and stream interceptors and through AuthFunc.
func TestStepUp(t *testing.T) {
	m, v := stepUpValidator(t)
	tokens := conformance.MintTokens(m)
	maps.Copy(tokens, conformance.MintStepUpTokens(m, time.Now()))
	for _, mode := range []string{"interceptors", "AuthFunc"} {
		t.Run(mode, func(t *testing.T) {
			clients := make(map[conformance.GRPCSetup]healthpb.HealthClient)
			for _, setup := range conformance.GRPCStepUpSetups {
				opts := []grpcinterceptor.Option{
					grpcinterceptor.WithSkipMethods(),
					grpcinterceptor.WithMethodScopes(conformance.GRPCStepUpScopes),
					grpcinterceptor.WithMethodAuthentication(conformance.GRPCMethodAuthentication),
				}
				if setup == conformance.GRPCStepUpOptional {
					opts = append(opts, grpcinterceptor.WithCredentialsOptional())
				}
				clients[setup] = serveWith(t, mode, v, opts)
			}
			runGRPCCases(t, clients, tokens, conformance.GRPCStepUpCases)
		})
	}
}

// TestWithMethodAuthenticationInvalid checks that a requirement that cannot be stated in a challenge
// stops every constructor, naming the method.
func TestWithMethodAuthenticationInvalid(t *testing.T) {
	_, v := stepUpValidator(t)
	for why, req := range conformance.InvalidRequirements {
		t.Run(why, func(t *testing.T) {
			opt := grpcinterceptor.WithMethodAuthentication(map[string]stepup.Requirement{conformance.MethodList: req})
			for name, build := range map[string]func(){
				"Unary":    func() { grpcinterceptor.Unary(v, opt) },
				"Stream":   func() { grpcinterceptor.Stream(v, opt) },
				"AuthFunc": func() { grpcinterceptor.AuthFunc(v, opt) },
			} {
				func() {
					defer func() {
						r := fmt.Sprint(recover())
						if !strings.HasPrefix(r, "grpcinterceptor: WithMethodAuthentication "+conformance.MethodList+": stepup: ") {
							t.Errorf("%s panicked with %q", name, r)
						}
					}()
					build()
				}()
			}
		})
	}
}
