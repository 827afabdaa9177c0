package nethttp

import "strings"

// maxDescription bounds an error_description, which ends up in a response header.
const maxDescription = 256

// sanitize keeps only the bytes RFC 6750 §3 allows in error_description and scope (printable ASCII)
// plus space, and truncates to maxDescription. Everything else, notably CR, LF and other control
// bytes, is dropped so that no value can split or corrupt a header.
func sanitize(s string) string {
	clean := true
	for i := 0; i < len(s); i++ {
		if !printable(s[i]) {
			clean = false
			break
		}
	}
	if clean && len(s) <= maxDescription {
		return s
	}
	var b strings.Builder
	b.Grow(min(len(s), maxDescription))
	for i := 0; i < len(s) && b.Len() < maxDescription; i++ {
		if printable(s[i]) {
			b.WriteByte(s[i])
		}
	}
	return b.String()
}

func printable(c byte) bool { return c >= 0x20 && c < 0x7f }

// appendQuoted appends s, already sanitized, to b as an RFC 9110 quoted-string: the quote and the
// backslash are escaped with a backslash.
func appendQuoted(b *strings.Builder, s string) {
	b.WriteByte('"')
	for i := 0; i < len(s); i++ {
		if s[i] == '"' || s[i] == '\\' {
			b.WriteByte('\\')
		}
		b.WriteByte(s[i])
	}
	b.WriteByte('"')
}

// challenge builds a Bearer WWW-Authenticate value. Each argument is sanitized; empty ones are
// left out, so challenge("", "", "", "") is the bare scheme "Bearer".
func challenge(realm, code, description, scope string) string {
	var b strings.Builder
	b.WriteString("Bearer")
	sep := " "
	param := func(name, value string) {
		if value == "" {
			return
		}
		b.WriteString(sep)
		b.WriteString(name)
		b.WriteByte('=')
		appendQuoted(&b, sanitize(value))
		sep = ", "
	}
	param("realm", realm)
	param("error", code)
	param("error_description", description)
	param("scope", scope)
	return b.String()
}
