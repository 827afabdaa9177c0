package validator

import (
	"net/url"
	"strings"
)

// audienceAccepted reports whether any offered audience (the token's aud) names one of the accepted
// audiences under audienceMatches.
func audienceAccepted(accepted, offered []string) bool {
	for _, o := range offered {
		for _, a := range accepted {
			if audienceMatches(a, o) {
				return true
			}
		}
	}
	return false
}

// audienceMatches reports whether a token's audience value offered names the accepted audience:
// the same string, or the same http(s) URL but for one trailing slash. A resource indicator
// (RFC 8707) is a URL, and an authorization server may write "https://api.example.com/" for the
// resource the API calls "https://api.example.com"; the two name one resource, so both are accepted.
// Nothing else is normalized: no case folding, no percent-decoding, no dot segments, and neither may
// carry userinfo, a query or a fragment, so no other string is taken for the resource.
func audienceMatches(accepted, offered string) bool {
	if accepted == offered {
		return true
	}
	short, long := accepted, offered
	if len(short) > len(long) {
		short, long = long, short
	}
	if len(long) != len(short)+1 || long[len(short)] != '/' || !strings.HasPrefix(long, short) {
		return false
	}
	return isResourceURL(short)
}

// isResourceURL reports whether s is an absolute http or https URL with a host, no userinfo, no query
// and no fragment, whose path does not already end in a slash.
func isResourceURL(s string) bool {
	if !strings.HasPrefix(s, "https://") && !strings.HasPrefix(s, "http://") ||
		strings.HasSuffix(s, "/") || strings.ContainsAny(s, "?#") {
		return false
	}
	u, err := url.Parse(s)
	return err == nil && u.Host != "" && u.User == nil && u.Opaque == ""
}
