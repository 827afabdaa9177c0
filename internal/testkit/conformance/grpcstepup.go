package conformance

import (
	"google.golang.org/grpc/codes"

	"github.com/jwtguard/jwtguard/scopes"
	"github.com/jwtguard/jwtguard/stepup"
)

// The gRPC configurations of the step-up table.
const (
	// GRPCStepUp skips no method (WithSkipMethods()), applies GRPCStepUpScopes and
	// GRPCMethodAuthentication.
	GRPCStepUp GRPCSetup = "step-up"
	// GRPCStepUpOptional is GRPCStepUp with WithCredentialsOptional.
	GRPCStepUpOptional GRPCSetup = "step-up-optional"
)

// GRPCStepUpSetups lists every GRPCSetup of GRPCStepUpCases.
var GRPCStepUpSetups = []GRPCSetup{GRPCStepUp, GRPCStepUpOptional}

// GRPCStepUpScopes is what the step-up setups pass to WithMethodScopes: List needs WriteScope too,
// Watch only a strong enough login.
var GRPCStepUpScopes = map[string]scopes.Requirement{MethodList: WriteScope}

// GRPCMethodAuthentication is what the step-up setups pass to WithMethodAuthentication: the unary
// List and the streaming Watch require StepUp; Check needs a valid token only.
var GRPCMethodAuthentication = map[string]stepup.Requirement{MethodList: StepUp, MethodWatch: StepUp}

// msgStepUp is the status message of a step-up refusal with the given description.
func msgStepUp(desc string) string { return codeStepUp + ": " + desc }

// GRPCStepUpCases is the step-up table for the gRPC interceptors, with the tokens of
// MintStepUpTokens.
var GRPCStepUpCases = []GRPCCase{
	{Name: "unary first acr, fresh", Setup: GRPCStepUp, Method: MethodList, Authorization: []string{"Bearer {mfa}"}, Subject: "user-1"},
	{Name: "unary second acr, fresh", Setup: GRPCStepUp, Method: MethodList, Authorization: []string{"Bearer {phr}"}, Subject: "user-1"},
	{Name: "unary acr not accepted", Setup: GRPCStepUp, Method: MethodList, Authorization: []string{"Bearer {pwd}"},
		Code: codes.Unauthenticated, Message: msgStepUp(descACR)},
	{Name: "unary authentication too old", Setup: GRPCStepUp, Method: MethodList, Authorization: []string{"Bearer {stale}"},
		Code: codes.Unauthenticated, Message: msgStepUp(descOld)},
	{Name: "unary no acr", Setup: GRPCStepUp, Method: MethodList, Authorization: []string{"Bearer {no-acr}"},
		Code: codes.Unauthenticated, Message: msgStepUp(descNoACR)},
	{Name: "unary no auth_time", Setup: GRPCStepUp, Method: MethodList, Authorization: []string{"Bearer {no-auth-time}"},
		Code: codes.Unauthenticated, Message: msgStepUp(descNoTime)},
	{Name: "unary scope is checked first", Setup: GRPCStepUp, Method: MethodList, Authorization: []string{"Bearer {mfa-reader}"},
		Code: codes.PermissionDenied, Message: msgScope},
	{Name: "unary expired token", Setup: GRPCStepUp, Method: MethodList, Authorization: []string{"Bearer {expired}"},
		Code: codes.Unauthenticated, Message: "token_expired: token expired 3m0s ago"},
	{Name: "unary no token", Setup: GRPCStepUp, Method: MethodList, Code: codes.Unauthenticated, Message: msgMissing},
	{Name: "unary method without step-up", Setup: GRPCStepUp, Method: MethodCheck, Authorization: []string{"Bearer {valid}"}, Subject: "user-1"},

	{Name: "stream fresh", Setup: GRPCStepUp, Method: MethodWatch, Authorization: []string{"Bearer {mfa}"}, Subject: "user-1"},
	{Name: "stream without scopes needs no write scope", Setup: GRPCStepUp, Method: MethodWatch,
		Authorization: []string{"Bearer {mfa-reader}"}, Subject: "user-1"},
	{Name: "stream authentication too old", Setup: GRPCStepUp, Method: MethodWatch, Authorization: []string{"Bearer {stale}"},
		Code: codes.Unauthenticated, Message: msgStepUp(descOld)},
	{Name: "stream acr not accepted", Setup: GRPCStepUp, Method: MethodWatch, Authorization: []string{"Bearer {pwd}"},
		Code: codes.Unauthenticated, Message: msgStepUp(descACR)},
	{Name: "stream plain token", Setup: GRPCStepUp, Method: MethodWatch, Authorization: []string{"Bearer {valid}"},
		Code: codes.Unauthenticated, Message: msgStepUp(descNoACR)},
	{Name: "stream no token", Setup: GRPCStepUp, Method: MethodWatch, Code: codes.Unauthenticated, Message: msgMissing},

	{Name: "optional: method without step-up, no token", Setup: GRPCStepUpOptional, Method: MethodCheck},
	{Name: "optional: step-up method still needs a token", Setup: GRPCStepUpOptional, Method: MethodWatch,
		Code: codes.Unauthenticated, Message: msgMissing},
	{Name: "optional: step-up met", Setup: GRPCStepUpOptional, Method: MethodWatch, Authorization: []string{"Bearer {phr}"}, Subject: "user-1"},
}
