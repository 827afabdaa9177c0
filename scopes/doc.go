// Package scopes reads the scopes an OAuth 2.0 access token grants and checks them against what a
// route requires.
//
// Tokens carry scopes either in a "scope" claim holding a space-separated string (RFC 8693 §4.2,
// RFC 9068 §2.2.3) or in a "scp" claim holding a string or an array of strings (a common
// identity-provider variant). FromClaim accepts both shapes; a Requirement built with All or Any
// checks a Set and names what is missing.
package scopes
