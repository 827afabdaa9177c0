package httpguard

import (
	"strings"
	"testing"
)

// bearerChallenge is the challenge of every answer the Writer makes, from its four parameters.
func bearerChallenge(realm, code, description, scope string) string {
	return challenge(scheme, Param{"realm", realm}, Param{"error", code},
		Param{"error_description", description}, Param{"scope", scope})
}

func TestChallenge(t *testing.T) {
	tests := []struct {
		name, realm, code, desc, scope, want string
	}{
		{"bare", "", "", "", "", "Bearer"},
		{"realm only", "api", "", "", "", `Bearer realm="api"`},
		{"no realm", "", "invalid_token", "expired", "", `Bearer error="invalid_token", error_description="expired"`},
		{"all", "api", "insufficient_scope", "lacks a b", "a b", `Bearer realm="api", error="insufficient_scope", error_description="lacks a b", scope="a b"`},
		{"quote and backslash escaped", `a"b\c`, "", "", "", `Bearer realm="a\"b\\c"`},
		{"control characters dropped", "a\r\nSet-Cookie: x\x00\x7f", "", "", "", `Bearer realm="aSet-Cookie: x"`},
		{"non-ascii dropped", "Bücher", "", "", "", `Bearer realm="Bcher"`},
		{"tab dropped", "a\tb", "", "", "", `Bearer realm="ab"`},
		{"description bounded", "", "e", strings.Repeat("x", 1000), "", `Bearer error="e", error_description="` + strings.Repeat("x", maxDescription) + `"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := bearerChallenge(tt.realm, tt.code, tt.desc, tt.scope); got != tt.want {
				t.Errorf("challenge = %q\nwant        %q", got, tt.want)
			}
		})
	}
}

// parseChallenge parses `Bearer` [SP param *(", " param)] with param = token "=" quoted-string, as
// RFC 9110 §11.3 defines them, returning the unquoted values; ok is false if h is not of that form.
func parseChallenge(h string) (params map[string]string, ok bool) {
	rest, found := strings.CutPrefix(h, "Bearer")
	if !found {
		return nil, false
	}
	params = map[string]string{}
	if rest == "" {
		return params, true
	}
	rest, found = strings.CutPrefix(rest, " ")
	for found {
		name, after, hasEq := strings.Cut(rest, "=")
		if !hasEq || name == "" || strings.ContainsAny(name, " \",=\\") || !strings.HasPrefix(after, `"`) {
			return nil, false
		}
		var value strings.Builder
		i := 1
		for ; i < len(after) && after[i] != '"'; i++ {
			c := after[i]
			if c == '\\' {
				i++
				if i == len(after) {
					return nil, false
				}
				c = after[i]
			}
			if c < 0x20 || c == 0x7f {
				return nil, false
			}
			value.WriteByte(c)
		}
		if i == len(after) {
			return nil, false
		}
		params[name] = value.String()
		rest = after[i+1:]
		if rest == "" {
			return params, true
		}
		rest, found = strings.CutPrefix(rest, ", ")
	}
	return nil, false
}

// FuzzChallenge checks that whatever realm, description or scope is given, the WWW-Authenticate
// value is one valid challenge of quoted-strings, holds no CR, LF or other control byte, and gives
// back the sanitized inputs when unquoted.
func FuzzChallenge(f *testing.F) {
	f.Add("api", "invalid_token", "token expired 3m0s ago", "")
	f.Add(`a"b\c`, "insufficient_scope", `lacks "x"`, "orders:write orders:read")
	f.Add("\r\nSet-Cookie: a=b", "e", "\x00\x1f\x7f\xff", "\\")
	f.Add("", "", "", "")
	f.Add("ü", "invalid_request", strings.Repeat(`\"`, 200), "a\nb")
	f.Fuzz(func(t *testing.T, realm, code, desc, scope string) {
		if strings.ContainsAny(code, " \",=\\") || strings.ContainsFunc(code, func(r rune) bool { return r < 0x21 || r >= 0x7f }) {
			// code is always one of this package's constants, never client input.
			return
		}
		h := bearerChallenge(realm, code, desc, scope)
		if strings.ContainsAny(h, "\r\n\x00") {
			t.Fatalf("challenge %q contains CR, LF or NUL", h)
		}
		params, ok := parseChallenge(h)
		if !ok {
			t.Fatalf("challenge %q is not a valid Bearer challenge", h)
		}
		for name, in := range map[string]string{"realm": realm, "error": code, "error_description": desc, "scope": scope} {
			if want := sanitize(in); params[name] != want {
				t.Fatalf("%s = %q, want %q (challenge %q)", name, params[name], want, h)
			}
		}
	})
}
