package scopes

// The scope grammar of RFC 6749 §3.3, the only one this module applies: the validator reads the
// scope and scp claims through AppendTokens and ValidToken too, so a token grants the same scopes
// whichever package reads it.
//
//	scope       = scope-token *( SP scope-token )
//	scope-token = 1*( %x21 / %x23-5B / %x5D-7E )
//
// A scope-token outside that grammar — one holding a tab, a line break, a no-break space, U+2003 or
// any other byte some library treats as white space, or a quote, a backslash, a control character
// or any non-ASCII letter — grants nothing, and the other scope-tokens of the claim are granted as
// usual. RFC 6749 says how a scope is spelled, not what a resource server does with a misspelled one;
// dropping only the offending token can never grant more than the issuer wrote, while refusing the
// whole token would let one odd scope lock every user of an identity provider out of an API.
// Runs of spaces (empty scope-tokens) are tolerated for the same reason: they grant nothing.

// ValidToken reports whether s is one RFC 6749 §3.3 scope-token: one or more of the printable ASCII
// characters other than space, '"' and '\'.
func ValidToken(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if !tokenByte(s[i]) {
			return false
		}
	}
	return true
}

func tokenByte(c byte) bool {
	return c == 0x21 || 0x23 <= c && c <= 0x5b || 0x5d <= c && c <= 0x7e
}

// AppendTokens appends to dst the valid scope-tokens of scope, a space-separated RFC 6749 §3.3
// scope string, in order. It splits at U+0020 only and skips empty and invalid scope-tokens. The
// appended strings share scope's memory; with room in dst, nothing is allocated.
func AppendTokens(dst []string, scope string) []string {
	for len(scope) > 0 {
		end, valid := 0, true
		for end < len(scope) && scope[end] != ' ' {
			valid = valid && tokenByte(scope[end])
			end++
		}
		if end > 0 && valid {
			dst = append(dst, scope[:end])
		}
		if end == len(scope) {
			break
		}
		scope = scope[end+1:]
	}
	return dst
}
