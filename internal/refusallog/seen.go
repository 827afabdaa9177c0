package refusallog

import "strings"

// maxScheme bounds the scheme name a line quotes: the longest registered HTTP authentication scheme
// names are about 20 bytes, and a longer first word is more likely a token sent without a scheme,
// which must not be quoted.
const maxScheme = 24

// What Seen reports; none of them holds a part of the request.
const (
	seenNothing    = "no Authorization header"
	seenQuery      = "access_token in the query string, not accepted without FromQuery"
	seenBareHeader = "an Authorization header without a scheme name, not Bearer"
)

// Seen says what a request refused with missing_token carried instead of a token, so that an
// operator can tell a client's mistake at a glance: an Authorization header of another scheme (its
// name only, e.g. `Authorization scheme "JWT", not Bearer`), a header without a scheme, an
// access_token in the query string (queryToken), or no Authorization header at all. It never quotes
// anything but a short scheme name made of token characters.
func Seen(authorization []string, queryToken bool) string {
	var seen []string
	if len(authorization) > 0 {
		seen = append(seen, seenScheme(authorization[0]))
	}
	if queryToken {
		seen = append(seen, seenQuery)
	}
	if len(seen) == 0 {
		return seenNothing
	}
	return strings.Join(seen, "; ")
}

// seenScheme describes the scheme of one Authorization value.
func seenScheme(value string) string {
	value = strings.TrimLeft(value, " \t")
	// A value without a space is a bare credential (perhaps the token itself), never a scheme to quote.
	name, _, found := strings.Cut(value, " ")
	if !found || name == "" || len(name) > maxScheme || !isToken(name) {
		return seenBareHeader
	}
	return `Authorization scheme "` + name + `", not Bearer`
}

// isToken reports whether s is made of RFC 9110 tchar only, as a scheme name is.
func isToken(s string) bool {
	for i := range len(s) {
		c := s[i]
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
		case strings.IndexByte("!#$%&'*+-.^_`|~", c) >= 0:
		default:
			return false
		}
	}
	return true
}

// HasQueryToken reports whether rawQuery, a URL's query string, has an access_token parameter (RFC
// 6750 §2.3), whatever its value.
func HasQueryToken(rawQuery string) bool {
	for rawQuery != "" {
		var param string
		param, rawQuery, _ = strings.Cut(rawQuery, "&")
		if name, _, _ := strings.Cut(param, "="); name == "access_token" {
			return true
		}
	}
	return false
}
