// Package testkit is the home of jwtguard's test kits — the conformance tables every adapter answers
// (conformance), the token minter they share (testtoken), and the Example and example-program helpers
// (examplesetup, exampletest). Runtime packages never import anything below it; only tests, Examples
// and the nested modules' tests do.
package testkit
