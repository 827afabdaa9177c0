// Package mcpauth puts jwtguard in front of the official MCP Go SDK
// (github.com/modelcontextprotocol/go-sdk): an MCP server's streamable HTTP endpoint answers every
// token problem as any jwtguard route does, refuses a tools/call the token does not allow before the
// SDK sees it, and hands the SDK the auth.TokenInfo it binds sessions to.
//
//	g := nethttp.New(v, nethttp.WithResourceMetadata(doc.URL()))
//	mcpHandler := mcp.NewStreamableHTTPHandler(func(*http.Request) *mcp.Server { return server }, nil)
//	mux.Handle("/mcp", mcpauth.Middleware(g,
//		mcpauth.WithToolScopes(map[string]scopes.Requirement{"transfer": scopes.All("payments:write")}),
//		mcpauth.WithToolAuthentication(map[string]stepup.Requirement{"transfer": {ACRValues: []string{"mfa"}}}),
//	)(mcpHandler))
//
// # Answers
//
// Middleware runs the Guard's middleware first, so a request without a valid token gets the Guard's
// answer: 401 with resource_metadata (RFC 9728) and, for a refused token, error="invalid_token"
// (RFC 6750); DPoP (RFC 9449) and certificate binding (RFC 8705) as configured on the Guard; 503 when
// no keys can be had. A tools/call of a tool named in WithToolScopes or WithToolAuthentication is then
// checked by the Guard's own Require and RequireAuthentication, as the MCP authorization
// specification asks:
//
//	token lacks the tool's scopes   403  error="insufficient_scope", scope="<only that tool's scopes>"
//	login too weak or too old       401  error="insufficient_user_authentication", acr_values, max_age
//
// Both carry the Guard's realm and resource_metadata, and are written by the Guard's error handler.
// A tool's scopes are checked before its login. Other methods, and calls of tools not listed, go to
// the SDK with a valid token only.
//
// # The request body
//
// To find the tools called, Middleware reads a POST's body once, after the token was accepted and only
// when tools are listed, and hands exactly those bytes on to the SDK. It reads at most
// DefaultMaxBodySize bytes (WithMaxBodySize): a larger body is refused with 413 before it is read
// through. The body is decoded with the SDK's own JSON-RPC decoder (jsonrpc.DecodeMessage, and for
// the parameters the same case-sensitive decoder the SDK uses), so the tool name checked is the tool
// name the SDK calls. A JSON-RPC batch (which the SDK accepts from clients of protocol versions before
// 2025-06-18) has each of its calls checked; the first that falls short answers for the batch. A body
// that cannot be read as JSON-RPC is refused with 400, as the SDK would refuse it.
//
// # TokenInfo and sessions
//
// A request with verified claims reaches the SDK with an auth.TokenInfo in its context, which tools
// find in req.Extra.TokenInfo: Scopes (the granted scopes), Expiration ("exp"), UserID (the
// subject, "sub") and Extra (every claim of the token, by name, as encoding/json decodes JSON into an
// any). The SDK's streamable handler binds a new session to its UserID and answers a request of
// another user for that session with 403. A token without "sub" has an empty UserID, and the SDK
// binds no user to a session it opens: ask the validator for the claim
// (validator.WithRequiredClaims("sub")). With several issuers (validator.Router), two issuers may
// name different users with the same subject; give each its own endpoint if that matters.
//
// Tools should read the caller from req.Extra.TokenInfo, not from their context: the SDK serves a
// stateful session with the context of the request that opened it, so validator.FromContext there
// gives that first request's claims.
//
// # Keeping the SDK's middleware
//
// Verifier adapts a validator.TokenValidator to the SDK's auth.TokenVerifier for
// auth.RequireBearerToken. Its refusals unwrap to auth.ErrInvalidToken (401, in the SDK's plain-text
// answer without an error code) and to the validator's sentinel; an outage (validator.KindUnavailable,
// such as validator.ErrKeysUnavailable) does not, and the SDK answers it with 500. The SDK then knows
// nothing of step-up, DPoP or per-tool scopes: Middleware is the one to use when the answers matter.
//
// # Bad options
//
// Middleware is a one-line wrapper, so, like regexp.MustCompile, it panics on a configuration that
// cannot be right: a nil Guard, an empty tool name, a tool listed with a zero Requirement (which would
// demand nothing), a scope requirement naming a scope no token can be granted (not an RFC 6749 §3.3
// scope-token), a step-up Requirement whose Validate fails, or a body size that is not positive. A
// typo stops the server at start-up instead of leaving a tool unprotected. Verifier panics on a nil
// validator.
package mcpauth
