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

// requestURL is the URL a client addressed r to, for comparison with htu. Its path is the request
// line's. Its scheme and host are WithBaseURL's when set; else the scheme is the connection's (TLS or
// not) and the host the Host header, or X-Forwarded-Proto and X-Forwarded-Host with
// WithForwardedHeaders, and that host must be one of WithTrustedHosts: a client-sent host never names
// the server on its own.
func requestURL(r *http.Request, s *settings) (*url.URL, error) {
	u := &url.URL{Scheme: "http", Host: r.Host, Path: r.URL.Path, RawPath: r.URL.RawPath}
	if s.baseURL != nil {
		u.Scheme, u.Host = s.baseURL.Scheme, s.baseURL.Host
		return u, nil
	}
	if r.TLS != nil {
		u.Scheme = "https"
	}
	if s.forwarded {
		if proto, ok, err := forwardedValue(r.Header, "X-Forwarded-Proto"); err != nil {
			return nil, err
		} else if ok {
			if proto = strings.ToLower(proto); proto != "http" && proto != "https" {
				return nil, invalid("X-Forwarded-Proto is not http or https")
			}
			u.Scheme = proto
		}
		if host, ok, err := forwardedValue(r.Header, "X-Forwarded-Host"); err != nil {
			return nil, err
		} else if ok {
			u.Host = host
		}
	}
	if !s.trustedHost(u.Scheme, u.Host) {
		return nil, invalidDetail("the request's host is not one this server answers for", "host "+quoted(u.Host))
	}
	return u, nil
}

// forwardedValue returns the one value of a header field set by the proxy in front; a list or repeated
// field is refused, since which of its values the proxy added cannot be told.
func forwardedValue(h http.Header, name string) (string, bool, error) {
	values := h.Values(name)
	switch {
	case len(values) == 0:
		return "", false, nil
	case len(values) > 1 || strings.ContainsAny(values[0], ", \t") || values[0] == "":
		return "", false, invalid(name + " does not hold exactly one value")
	}
	return values[0], true, nil
}

// trustedHost reports whether host, from a request made with scheme, is one of WithTrustedHosts,
// with or without the scheme's default port.
func (s *settings) trustedHost(scheme, host string) bool {
	if len(host) > maxHostLength {
		return false
	}
	host = strings.ToLower(host)
	if _, ok := s.trustedHosts[host]; ok {
		return true
	}
	port := ":80"
	if scheme == "https" {
		port = ":443"
	}
	if bare, ok := strings.CutSuffix(host, port); ok {
		_, ok = s.trustedHosts[bare]
		return ok
	}
	_, ok := s.trustedHosts[host+port]
	return ok
}

// maxHostLength bounds a Host compared with the trusted ones: a DNS name is at most 253 characters.
const maxHostLength = 300
