package refusallog

import (
	"strings"
	"testing"
)

// TestSeen checks what missing_token's line says was sent instead, and that nothing but a short
// scheme name made of token characters is ever quoted.
func TestSeen(t *testing.T) {
	const token = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhIn0.c2lnbmF0dXJl"
	for _, tt := range []struct {
		authorization []string
		query         bool
		want          string
	}{
		{nil, false, seenNothing},
		{nil, true, seenQuery},
		{[]string{"JWT " + token}, false, `Authorization scheme "JWT", not Bearer`},
		{[]string{"  Token " + token}, false, `Authorization scheme "Token", not Bearer`},
		{[]string{"Basic dXNlcjpwYXNz", "Bearer x"}, false, `Authorization scheme "Basic", not Bearer`},
		{[]string{token}, false, seenBareHeader},
		{[]string{"abc123"}, false, seenBareHeader},           // a short bare credential is not a scheme
		{[]string{"a\"b c"}, false, seenBareHeader},           // not token characters
		{[]string{"Bearer\t" + token}, false, seenBareHeader}, // no space after the name
		{[]string{strings.Repeat("S", maxScheme+1) + " x"}, false, seenBareHeader},
		{[]string{""}, true, seenBareHeader + "; " + seenQuery},
	} {
		got := Seen(tt.authorization, tt.query)
		if got != tt.want {
			t.Errorf("Seen(%q, %v) = %q, want %q", tt.authorization, tt.query, got, tt.want)
		}
		if strings.Contains(got, "eyJ") || strings.Contains(got, "dXNl") {
			t.Errorf("Seen(%q) quotes the credentials: %q", tt.authorization, got)
		}
	}
}

func TestHasQueryToken(t *testing.T) {
	for q, want := range map[string]bool{
		"":                        false,
		"access_token=x":          true,
		"a=1&access_token=":       true,
		"access_token":            true,
		"access_tokens=1":         false,
		"x=access_token%3D1":      false,
		"a=1&&b=2&access_token=y": true,
	} {
		if got := HasQueryToken(q); got != want {
			t.Errorf("HasQueryToken(%q) = %v, want %v", q, got, want)
		}
	}
}
