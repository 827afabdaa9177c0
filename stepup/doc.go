// Package stepup checks how and when the user behind a token authenticated, for routes that need a
// stronger or fresher login than other routes do: OAuth 2.0 Step-Up Authentication Challenge
// (RFC 9470).
//
// A Requirement names acceptable authentication context classes (the token's "acr" claim) and a
// maximum age of the authentication event (its "auth_time" claim). When a token falls short, the
// resource answers 401 with error="insufficient_user_authentication" and the Requirement's
// acr_values and max_age, and the client sends the user back to the authorization server for a
// stronger or fresher login. Like package scopes, stepup is a leaf: it knows nothing of tokens, only
// of the two claim values; validator.CheckAuthentication reads them from verified claims.
//
// In an adapter:
//
//	sensitive := stepup.Requirement{ACRValues: []string{"urn:example:mfa"}, MaxAge: 5 * time.Minute}
//	g := nethttp.New(v, nethttp.WithRealm("bank"))
//	mux.Handle("/transfers", g.Middleware(g.RequireAuthentication(sensitive)(transfers))) // likewise echomw, ginmw
//	grpcinterceptor.Unary(v, grpcinterceptor.WithMethodAuthentication(
//		map[string]stepup.Requirement{"/bank.Bank/Transfer": sensitive}))
//
// The zero Requirement demands nothing. When ACRValues is set, acr must be one of them (compared
// exactly); when MaxAge is positive, auth_time must be at most MaxAge ago, measured by the adapter
// against the wall clock (time.Now) without leeway (leeway would weaken the policy; a client refused
// for a few seconds of skew just steps up again). A missing acr or auth_time fails like a wrong one.
// Requirement.Validate refuses a negative MaxAge or one under a second (MaxAge: 300 is 300 ns) and ACR
// values that cannot go in a challenge; the adapters call it when the route or option is built and
// panic on an error. A failure wraps ErrInsufficientUserAuthentication (the same value as
// validator.ErrInsufficientUserAuthentication), code insufficient_user_authentication, and errors.As
// finds the *Error with the failed Requirement.
//
// Over HTTP it is a 401 with the requirement, max_age in whole seconds (RFC 9470 §3), each left out
// when the requirement does not demand it; the realm and resource_metadata come first when set; the
// body is {"error":"insufficient_user_authentication","error_description":"…"}. As sent:
//
//	WWW-Authenticate: Bearer error="insufficient_user_authentication", error_description="authentication context class not accepted", acr_values="urn:example:mfa", max_age="300"
//	WWW-Authenticate: Bearer error="insufficient_user_authentication", error_description="authentication older than 5m0s", acr_values="urn:example:mfa", max_age="300"
//	WWW-Authenticate: Bearer error="insufficient_user_authentication", error_description="token has no auth_time claim", max_age="300"
//	WWW-Authenticate: Bearer realm="bank", resource_metadata="https://api.example.com/.well-known/oauth-protected-resource", error="insufficient_user_authentication", error_description="token has no acr claim", acr_values="urn:example:mfa"
//
// A request without claims gets the plain 401 of a missing token. The client asks the authorization
// server again with the challenge's acr_values and max_age (issuertest's token endpoint honours both).
// Over gRPC the call fails with Unauthenticated and "insufficient_user_authentication: <description>";
// a method with a step-up requirement needs a token even under WithCredentialsOptional.
package stepup
