// Package validator is the core of jwtguard: one Validate(ctx, token) that every adapter calls to
// decide whether a bearer token is genuine and meant for this API.
//
// A Validator is built once with New from a KeySource (usually a *jwks.Set) and options, all checked at
// construction. The zero-config choices are the secure ones: asymmetric algorithms only, issuer and
// audience required (opting out takes WithAnyIssuer / WithAnyAudience), exp required, 30 s leeway,
// tokens over 16 KiB refused unread, and keys taken only from the KeySource — never from a token's
// jku, x5u, jwk or x5c header.
//
// Validate checks, in order: size; strict compact-JWS syntax; alg against the allow-list; the key for
// kid and alg and the signature; and only then the claims (required claims and exp, the times exp,
// nbf and iat, iss, the revocation list, aud, typ, scopes). One exception names a reason early: when the key is not found or
// the signature fails and the unverified iss is not an accepted issuer, the token is refused as
// invalid_issuer, its detail saying that the signature was not verified — a token meant for another
// identity provider is shown as such, not as an unknown key. Every failure is a *Error wrapping exactly
// one sentinel (ErrTokenExpired, ErrUnknownKey, ...), so callers branch with errors.Is and report
// Error.Code, a stable snake_case reason. Descriptions never contain the token.
//
// Verified claims travel in a context.Context (NewContext, FromContext); custom claims are read with
// Claims.Decode.
package validator
