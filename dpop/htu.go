package dpop

import (
	"net/http"
	"net/url"
	"strings"
)

// normalURI returns scheme://host/path in the normal form of RFC 3986 §6.2.2-6.2.3, which is how a
// proof's htu and the request URL are compared (RFC 9449 §4.3): scheme and host in lower case, the
// scheme's default port removed, an empty path as "/", percent-encodings in upper case and those of
// unreserved characters decoded, dot segments removed. ok is false for a URI that is not absolute
// http(s), or that carries userinfo.
func normalURI(u *url.URL) (string, bool) {
	n, ok := normalParts(u)
	if !ok {
		return "", false
	}
	return n.scheme + "://" + n.host + n.path, true
}

// normalized is a URI in normal form, in the parts that are compared.
type normalized struct{ scheme, host, path string }

// normalParts is normalURI without joining the parts, which the request path compares as they are.
func normalParts(u *url.URL) (normalized, bool) {
	scheme := strings.ToLower(u.Scheme)
	if (scheme != "https" && scheme != "http") || u.Host == "" || u.User != nil || u.Opaque != "" {
		return normalized{}, false
	}
	host := strings.ToLower(u.Host)
	if scheme == "https" {
		host = strings.TrimSuffix(host, ":443")
	} else {
		host = strings.TrimSuffix(host, ":80")
	}
	host = strings.TrimSuffix(host, ":") // an empty port is the default one (RFC 3986 §6.2.3)
	path, ok := normalPath(u.EscapedPath())
	if !ok {
		return normalized{}, false
	}
	return normalized{scheme, host, path}, true
}

// normalPath normalises an escaped path: percent-encoding case and unreserved characters (§6.2.2.1,
// §6.2.2.2), then dot segments (§6.2.2.3); "" becomes "/".
func normalPath(p string) (string, bool) {
	if p == "" {
		return "/", true
	}
	if strings.IndexByte(p, '%') >= 0 {
		var b strings.Builder
		b.Grow(len(p))
		for i := 0; i < len(p); i++ {
			if p[i] != '%' {
				b.WriteByte(p[i])
				continue
			}
			if i+2 >= len(p) || !isHex(p[i+1]) || !isHex(p[i+2]) {
				return "", false
			}
			c := unhex(p[i+1])<<4 | unhex(p[i+2])
			if isUnreserved(c) {
				b.WriteByte(c)
			} else {
				b.WriteByte('%')
				b.WriteString(strings.ToUpper(p[i+1 : i+3]))
			}
			i += 2
		}
		p = b.String()
	}
	if strings.Contains(p, "/.") {
		p = removeDotSegments(p)
	}
	return p, true
}

// removeDotSegments applies RFC 3986 §5.2.4 to an absolute path.
func removeDotSegments(p string) string {
	segments := strings.Split(p, "/")[1:]
	out := make([]string, 0, len(segments))
	for i, s := range segments {
		last := i == len(segments)-1
		switch s {
		case ".":
			if last {
				out = append(out, "")
			}
		case "..":
			if len(out) > 0 {
				out = out[:len(out)-1]
			}
			if last {
				out = append(out, "")
			}
		default:
			out = append(out, s)
		}
	}
	return "/" + strings.Join(out, "/")
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

func unhex(c byte) byte {
	switch {
	case c <= '9':
		return c - '0'
	case c <= 'F':
		return c - 'A' + 10
	}
	return c - 'a' + 10
}

// isUnreserved reports whether c is an RFC 3986 §2.3 unreserved character.
func isUnreserved(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' ||
		c == '-' || c == '.' || c == '_' || c == '~'
}

// requestURL is the URL a client addressed r to, for comparison with htu: scheme and host from base
// when set, else from the connection (TLS or not) and the Host header; path from the request line.
// X-Forwarded-* headers are never consulted.
func requestURL(r *http.Request, base *url.URL) *url.URL {
	u := &url.URL{Scheme: "http", Host: r.Host, Path: r.URL.Path, RawPath: r.URL.RawPath}
	if r.TLS != nil {
		u.Scheme = "https"
	}
	if base != nil {
		u.Scheme, u.Host = base.Scheme, base.Host
	}
	return u
}
