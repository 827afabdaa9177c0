package httpguard

import "strings"

// maxDescription bounds an error_description, which ends up in a response header.
const maxDescription = 256

// Param is one auth-param of a WWW-Authenticate challenge (RFC 9110 §11.2), such as realm="api".
type Param struct {
	Name, Value string
}

// challenge builds a WWW-Authenticate value for scheme from params, in order. Each value is sanitized
// and quoted; params with an empty value are left out, so challenge("Bearer") is the bare scheme.
func challenge(scheme string, params ...Param) string {
	var b strings.Builder
	b.WriteString(scheme)
	sep := " "
	for _, p := range params {
		if p.Value == "" {
			continue
		}
		b.WriteString(sep)
		b.WriteString(p.Name)
		b.WriteByte('=')
		appendQuoted(&b, sanitize(p.Value))
		sep = ", "
	}
	return b.String()
}

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
