// Package clip bounds strings taken from requests before they reach a log line or an error detail, so
// a hostile client cannot flood either: one rule for the validator's details and the adapters' logs.
package clip

import (
	"strconv"
	"unicode/utf8"
)

// Head returns the longest prefix of s of at most limit bytes that ends on a character boundary.
func Head(s string, limit int) string {
	if len(s) <= limit {
		return s
	}
	cut := limit
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut]
}

// Mark returns what follows a cut value: "…(N bytes)", N being the full length of s.
func Mark(s string) string { return "…(" + strconv.Itoa(len(s)) + " bytes)" }

// String returns s, or Head(s, limit) followed by Mark(s) when s is longer than limit.
func String(s string, limit int) string {
	if len(s) <= limit {
		return s
	}
	return Head(s, limit) + Mark(s)
}

// Quote returns s Go-quoted and escaped, cut to Head(s, limit) and marked with its full length when
// longer: how a value taken from a request appears in a detail or a log line, always on one line.
func Quote(s string, limit int) string {
	head := Head(s, limit)
	if len(head) == len(s) {
		return strconv.Quote(s)
	}
	return strconv.Quote(head) + Mark(s)
}
