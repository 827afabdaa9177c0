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
package stepup
