package validator

import (
	"errors"
	"strconv"
	"strings"

	"github.com/jwtguard/jwtguard/internal/clip"
	"github.com/jwtguard/jwtguard/internal/jwa"
)

// This file builds the server-side detail of a refusal (Error.Detail): what a check expected next to
// what the token said. It runs only on the refusal path, so the valid path allocates nothing for it.

// Bounds on what a detail quotes from a token: a hostile 16 KiB iss must not flood a log line.
const (
	maxQuotedBytes  = 128 // of one value
	maxQuotedValues = 8   // of one list, such as aud
)

// Detail returns the server-side detail of the *Error err wraps (see Error.Detail), or "".
func Detail(err error) string {
	if ve, ok := errors.AsType[*Error](err); ok {
		return ve.detail
	}
	return ""
}

// WithDetail sets e's server-side detail (see Error.Detail) and returns e, so a check site reads as
// one expression. detail is for logs only: it may name what a request said, but never the token, and
// every value taken from the request must be bounded and quoted on one line. Other token checkers (a
// DPoP verifier, a caller's own TokenValidator) use it to say what they expected and what they got.
func (e *Error) WithDetail(detail string) *Error {
	e.detail = detail
	return e
}

// quote returns s as clip.Quote gives it, cut to its first 128 bytes: how a value taken from a token
// appears in a detail.
func quote(s string) string { return clip.Quote(s, maxQuotedBytes) }

// quoteList returns list as [a, b, …], each element as quote gives it, at most maxQuotedValues of
// them followed by the count of the others.
func quoteList(list []string) string {
	var b strings.Builder
	b.WriteByte('[')
	for i, s := range list {
		if i == maxQuotedValues {
			b.WriteString(", …" + strconv.Itoa(len(list)-i) + " more")
			break
		}
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(quote(s))
	}
	b.WriteByte(']')
	return b.String()
}

// algorithmNames lists the algorithms of set, for a detail.
func algorithmNames(set algSet) string {
	var names []string
	for i, a := range jwa.Algorithms {
		if set&jwa.Bit(i) != 0 {
			names = append(names, a.Name)
		}
	}
	return "[" + strings.Join(names, " ") + "]"
}
