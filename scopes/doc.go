// Package scopes reads the scopes an OAuth 2.0 access token grants and checks them against what a
// route requires.
//
// Tokens carry scopes either in a "scope" claim holding a space-separated string (RFC 8693 §4.2,
// RFC 9068 §2.2.3) or in a "scp" claim holding a string or an array of strings (a common
// identity-provider variant). FromClaim accepts both shapes; a Requirement built with All or Any
// checks a Set and names what is missing.
//
// Scopes are read by the RFC 6749 §3.3 grammar only: U+0020 separates them, and a scope-token holding
// anything but printable ASCII other than '"' and '\' grants nothing (see ValidToken). The validator
// package reads token claims with the same functions.
package scopes
