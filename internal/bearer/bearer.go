// Package bearer reads the Bearer credentials of an HTTP Authorization header or of gRPC
// "authorization" metadata (RFC 6750 §2.1), so the HTTP adapters and the gRPC interceptor agree on
// exactly which values carry a token, and on the refusal of a request that carries none or an
// unusable one (Refusals, ErrNoToken).
package bearer

// Client-safe descriptions of a Bearer credential that is present but unusable. They are constants so
// that a rejection never has to quote what the client sent.
const (
	// ProblemEmpty is reported for "Bearer" followed by nothing.
	ProblemEmpty = "bearer token is empty"
	// ProblemSyntax is reported when what follows "Bearer " is not exactly one b64token: two
	// credentials, a comma-separated list, or bytes a token may not contain.
	ProblemSyntax = "authorization is not a single bearer token"
	// ProblemMultiple is reported when a request carries more than one authorization value (two
	// Authorization headers, or repeated gRPC metadata): which one was meant cannot be known.
	ProblemMultiple = "more than one authorization value"
)

// ParseValues applies Parse to the authorization values of one request: none means no token, more
// than one is ProblemMultiple, and exactly one is parsed. It is the single rule the HTTP and gRPC
// adapters share.
func ParseValues(values []string) (token, problem string) {
	switch len(values) {
	case 0:
		return "", ""
	case 1:
		return Parse(values[0])
	default:
		return "", ProblemMultiple
	}
}

// Parse returns the token an Authorization value carries under the Bearer scheme, whose name is
// matched without regard to case.
//
// When the value is empty or uses another scheme (Basic, Digest, ...), token and problem are both "":
// the request simply carries no bearer token, and the caller answers with a challenge. When the
// scheme is Bearer but the credentials are not one b64token, problem is ProblemEmpty or
// ProblemSyntax and token is "". Parse does not allocate.
func Parse(value string) (token, problem string) { return ParseScheme(value, "bearer") }

// ParseScheme is Parse for the scheme whose lower-case name is scheme, such as "dpop", whose
// credentials are one b64token as Bearer's are (RFC 9449 §7.1).
func ParseScheme(value, scheme string) (token, problem string) {
	value = trimOWS(value)
	if len(value) < len(scheme) || !equalFoldASCII(value[:len(scheme)], scheme) {
		return "", ""
	}
	rest := value[len(scheme):]
	if rest == "" {
		return "", ProblemEmpty
	}
	if rest[0] != ' ' {
		// "Bearerfoo" is some other scheme's name, not ours.
		return "", ""
	}
	for rest != "" && rest[0] == ' ' {
		rest = rest[1:]
	}
	if rest == "" {
		return "", ProblemEmpty
	}
	if !isB64Token(rest) {
		return "", ProblemSyntax
	}
	return rest, ""
}

// isB64Token reports whether s matches RFC 6750's b64token:
// 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"=".
func isB64Token(s string) bool {
	i := 0
	// Eight bytes a round, their table bits ANDed without a branch between them: a token runs to a
	// kilobyte, and a byte-at-a-time loop was half of every adapter's overhead.
	for ; len(s)-i >= 8; i += 8 {
		w := s[i : i+8]
		if b64Chars[w[0]]&b64Chars[w[1]]&b64Chars[w[2]]&b64Chars[w[3]]&
			b64Chars[w[4]]&b64Chars[w[5]]&b64Chars[w[6]]&b64Chars[w[7]] == 0 {
			break
		}
	}
	for i < len(s) && b64Chars[s[i]] != 0 {
		i++
	}
	if i == 0 {
		return false
	}
	for ; i < len(s); i++ {
		if s[i] != '=' {
			return false
		}
	}
	return true
}

// b64Chars is isB64Char as a table (1 for a b64token character), which isB64Token reads eight
// entries at a time.
var b64Chars = func() (table [256]uint8) {
	for c := range 256 {
		if isB64Char(byte(c)) {
			table[c] = 1
		}
	}
	return table
}()

func isB64Char(c byte) bool {
	switch {
	case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
		return true
	}
	switch c {
	case '-', '.', '_', '~', '+', '/':
		return true
	}
	return false
}

// trimOWS drops the optional whitespace (SP, HTAB) HTTP allows around a field value; gRPC metadata
// arrives untrimmed.
func trimOWS(s string) string {
	for s != "" && (s[0] == ' ' || s[0] == '\t') {
		s = s[1:]
	}
	for s != "" && (s[len(s)-1] == ' ' || s[len(s)-1] == '\t') {
		s = s[:len(s)-1]
	}
	return s
}

// equalFoldASCII compares an ASCII-lowercase want with s, ignoring the case of s.
func equalFoldASCII(s, lower string) bool {
	for i := 0; i < len(lower); i++ {
		c := s[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c != lower[i] {
			return false
		}
	}
	return true
}
