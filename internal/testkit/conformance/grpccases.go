package conformance

import (
	"google.golang.org/grpc/codes"

	"github.com/jwtguard/jwtguard/scopes"
)

// GRPCSetup names one configuration of the gRPC interceptors under test. Every setup serves the
// standard health service (grpc.health.v1.Health): Check and List are unary, Watch is streaming.
type GRPCSetup string

// The gRPC configurations the table uses.
const (
	// GRPCProtected skips no method (WithSkipMethods()) and applies GRPCMethodScopes.
	GRPCProtected GRPCSetup = "protected"
	// GRPCDefaultSkip uses no options at all, so the health service is skipped.
	GRPCDefaultSkip GRPCSetup = "default-skip"
	// GRPCOptional is GRPCProtected with WithCredentialsOptional.
	GRPCOptional GRPCSetup = "optional"
	// GRPCKeysDown is GRPCProtected with a key source that always fails.
	GRPCKeysDown GRPCSetup = "keys-down"
)

// GRPCSetups lists every GRPCSetup.
var GRPCSetups = []GRPCSetup{GRPCProtected, GRPCDefaultSkip, GRPCOptional, GRPCKeysDown}

// Full method names of the health service.
const (
	MethodCheck = "/grpc.health.v1.Health/Check"
	MethodList  = "/grpc.health.v1.Health/List"
	MethodWatch = "/grpc.health.v1.Health/Watch"
)

// GRPCMethodScopes is what the protected setups pass to WithMethodScopes: one unary and one streaming
// method need WriteScope, Check needs a valid token only.
var GRPCMethodScopes = map[string]scopes.Requirement{MethodList: WriteScope, MethodWatch: WriteScope}

// GRPCCase is one call and the outcome the interceptors must give it.
type GRPCCase struct {
	Name  string
	Setup GRPCSetup
	// Method is MethodCheck, MethodList (unary) or MethodWatch (streaming).
	Method string
	// Authorization holds the "authorization" metadata values sent, expanded like HTTPCase.Path.
	Authorization []string
	Code          codes.Code
	// Message is the status message; "" for codes.OK.
	Message string
	// Subject is the sub of the claims the handler's context must carry on success; "" for none.
	Subject string
}

// Status messages that recur in the gRPC table.
const (
	msgMissing = "missing_token: no bearer token in the request"
	msgScope   = "insufficient_scope: token lacks scope orders:write"
	msgKeys    = "keys_unavailable: no verification keys available"
)

// GRPCCases is the conformance table for the gRPC interceptors.
var GRPCCases = []GRPCCase{
	{Name: "unary valid", Setup: GRPCProtected, Method: MethodCheck, Authorization: []string{"Bearer {valid}"}, Subject: "user-1"},
	{Name: "unary lowercase bearer", Setup: GRPCProtected, Method: MethodCheck, Authorization: []string{"bearer {valid}"}, Subject: "user-1"},
	{Name: "unary no token", Setup: GRPCProtected, Method: MethodCheck, Code: codes.Unauthenticated, Message: msgMissing},
	{Name: "unary basic scheme", Setup: GRPCProtected, Method: MethodCheck, Authorization: []string{"Basic dXNlcjpwYXNz"},
		Code: codes.Unauthenticated, Message: msgMissing},
	{Name: "unary bearer with no token", Setup: GRPCProtected, Method: MethodCheck, Authorization: []string{"Bearer"},
		Code: codes.Unauthenticated, Message: "invalid_request: bearer token is empty"},
	{Name: "unary two credentials", Setup: GRPCProtected, Method: MethodCheck, Authorization: []string{"Bearer {valid} {write}"},
		Code: codes.Unauthenticated, Message: "invalid_request: authorization is not a single bearer token"},
	{Name: "unary two authorization values", Setup: GRPCProtected, Method: MethodCheck,
		Authorization: []string{"Bearer {valid}", "Bearer {valid}"},
		Code:          codes.Unauthenticated, Message: "invalid_request: more than one authorization value"},
	{Name: "unary expired", Setup: GRPCProtected, Method: MethodCheck, Authorization: []string{"Bearer {expired}"},
		Code: codes.Unauthenticated, Message: "token_expired: token expired 3m0s ago"},
	{Name: "unary not yet valid", Setup: GRPCProtected, Method: MethodCheck, Authorization: []string{"Bearer {future}"},
		Code: codes.Unauthenticated, Message: "token_not_yet_valid: token not valid before its nbf"},
	{Name: "unary bad signature", Setup: GRPCProtected, Method: MethodCheck, Authorization: []string{"Bearer {forged}"},
		Code: codes.Unauthenticated, Message: "invalid_signature: signature does not verify"},
	{Name: "unary unknown kid", Setup: GRPCProtected, Method: MethodCheck, Authorization: []string{"Bearer {unknown-kid}"},
		Code: codes.Unauthenticated, Message: "unknown_key: no trusted key for the token's kid and alg"},
	{Name: "unary wrong audience", Setup: GRPCProtected, Method: MethodCheck, Authorization: []string{"Bearer {wrong-aud}"},
		Code: codes.Unauthenticated, Message: "invalid_audience: audience not accepted"},
	{Name: "unary wrong issuer", Setup: GRPCProtected, Method: MethodCheck, Authorization: []string{"Bearer {wrong-iss}"},
		Code: codes.Unauthenticated, Message: "invalid_issuer: issuer not accepted"},
	{Name: "unary malformed", Setup: GRPCProtected, Method: MethodCheck, Authorization: []string{"Bearer {malformed}"},
		Code: codes.Unauthenticated, Message: "malformed_token: token is not three dot-separated segments"},
	{Name: "unary scoped with the scope", Setup: GRPCProtected, Method: MethodList, Authorization: []string{"Bearer {write}"}, Subject: "user-1"},
	{Name: "unary scoped without the scope", Setup: GRPCProtected, Method: MethodList, Authorization: []string{"Bearer {valid}"},
		Code: codes.PermissionDenied, Message: msgScope},
	{Name: "unary scoped without a token", Setup: GRPCProtected, Method: MethodList, Code: codes.Unauthenticated, Message: msgMissing},

	{Name: "stream valid", Setup: GRPCProtected, Method: MethodWatch, Authorization: []string{"Bearer {write}"}, Subject: "user-1"},
	{Name: "stream without the scope", Setup: GRPCProtected, Method: MethodWatch, Authorization: []string{"Bearer {valid}"},
		Code: codes.PermissionDenied, Message: msgScope},
	{Name: "stream no token", Setup: GRPCProtected, Method: MethodWatch, Code: codes.Unauthenticated, Message: msgMissing},
	{Name: "stream expired", Setup: GRPCProtected, Method: MethodWatch, Authorization: []string{"Bearer {expired}"},
		Code: codes.Unauthenticated, Message: "token_expired: token expired 3m0s ago"},
	{Name: "stream two authorization values", Setup: GRPCProtected, Method: MethodWatch,
		Authorization: []string{"Bearer {write}", "Bearer {write}"},
		Code:          codes.Unauthenticated, Message: "invalid_request: more than one authorization value"},

	{Name: "health skipped by default, unary", Setup: GRPCDefaultSkip, Method: MethodCheck},
	{Name: "health skipped by default, stream", Setup: GRPCDefaultSkip, Method: MethodWatch},
	{Name: "health skipped by default ignores a bad token", Setup: GRPCDefaultSkip, Method: MethodCheck,
		Authorization: []string{"Bearer {forged}"}},

	{Name: "optional without a token", Setup: GRPCOptional, Method: MethodCheck},
	{Name: "optional with a valid token", Setup: GRPCOptional, Method: MethodCheck, Authorization: []string{"Bearer {valid}"}, Subject: "user-1"},
	{Name: "optional with an invalid token", Setup: GRPCOptional, Method: MethodCheck, Authorization: []string{"Bearer {expired}"},
		Code: codes.Unauthenticated, Message: "token_expired: token expired 3m0s ago"},
	{Name: "optional scoped method without a token", Setup: GRPCOptional, Method: MethodWatch,
		Code: codes.Unauthenticated, Message: msgMissing},

	{Name: "keys unavailable, unary", Setup: GRPCKeysDown, Method: MethodCheck, Authorization: []string{"Bearer {valid}"},
		Code: codes.Unavailable, Message: msgKeys},
	{Name: "keys unavailable, stream", Setup: GRPCKeysDown, Method: MethodWatch, Authorization: []string{"Bearer {write}"},
		Code: codes.Unavailable, Message: msgKeys},
	{Name: "keys unavailable and no token", Setup: GRPCKeysDown, Method: MethodCheck, Code: codes.Unauthenticated, Message: msgMissing},

	// gRPC carries no DPoP proof: a DPoP-bound token is always refused; a certificate-bound one
	// without WithCertificateBinding too (issue 22 item 4).
	{Name: "unary DPoP-bound token", Setup: GRPCProtected, Method: MethodCheck, Authorization: []string{"Bearer {jkt-bound}"},
		Code: codes.Unauthenticated, Message: "unsupported_binding: " + DescUnsupportedDPoPBinding},
	{Name: "stream DPoP-bound token", Setup: GRPCProtected, Method: MethodWatch, Authorization: []string{"Bearer {jkt-bound}"},
		Code: codes.Unauthenticated, Message: "unsupported_binding: " + DescUnsupportedDPoPBinding},
	{Name: "unary certificate-bound token without WithCertificateBinding", Setup: GRPCProtected, Method: MethodCheck,
		Authorization: []string{"Bearer {x5t-bound}"}, Code: codes.Unauthenticated, Message: "unsupported_binding: " + DescUnsupportedCertBinding},
	{Name: "stream certificate-bound token without WithCertificateBinding", Setup: GRPCProtected, Method: MethodWatch,
		Authorization: []string{"Bearer {x5t-bound}"}, Code: codes.Unauthenticated, Message: "unsupported_binding: " + DescUnsupportedCertBinding},
	{Name: "unary token bound by an unknown cnf member", Setup: GRPCProtected, Method: MethodCheck, Authorization: []string{"Bearer {jwk-bound}"},
		Code: codes.Unauthenticated, Message: "unsupported_binding: " + DescUnsupportedJWKBinding},
	{Name: "unary DPoP-bound token, optional credentials", Setup: GRPCOptional, Method: MethodCheck, Authorization: []string{"Bearer {jkt-bound}"},
		Code: codes.Unauthenticated, Message: "unsupported_binding: " + DescUnsupportedDPoPBinding},
}
