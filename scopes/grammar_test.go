package scopes_test

import (
	"slices"
	"testing"

	"github.com/jwtguard/jwtguard/scopes"
)

// separators are characters some parser or other treats as white space; RFC 6749 §3.3 separates
// scope-tokens with U+0020 only, and none of these may appear inside a scope-token.
var separators = []string{"\t", "\n", "\v", "\f", "\r", "\u0085", "\u00a0", "\u1680", "\u2003", "\u2028", "\u3000", "\ufeff"}

// TestOnlySpaceSeparates is issue 14 item 3: "read\u00a0admin" must not grant admin, in a scope
// string, an scp string or an scp array item.
func TestOnlySpaceSeparates(t *testing.T) {
	for _, sep := range separators {
		for _, claim := range []any{"read" + sep + "admin", []any{"read" + sep + "admin"}, []string{"read" + sep + "admin"}} {
			got := scopes.FromClaim(claim)
			if got.Has("admin") || got.Has("read") || got.Len() != 0 {
				t.Errorf("FromClaim(%q) = %q: a scope-token outside RFC 6749 §3.3 granted something", claim, got.List())
			}
		}
		if got := scopes.Parse("orders:read " + "read" + sep + "admin"); !slices.Equal(got.List(), []string{"orders:read"}) {
			t.Errorf("Parse with %q = %q, want only the valid token [orders:read]", sep, got.List())
		}
	}
}

func TestTokenGrammar(t *testing.T) {
	valid := []string{"a", "orders:read", "https://api.example.com/orders.read", "!#$%&'()*+,-./09:;<=>?@AZ[]^_`az{|}~"}
	invalid := []string{"", " ", "a b", `a"b`, `a\b`, "a\x00", "a\x7f", "é", "a\u00a0", "\x1f"}
	for _, s := range valid {
		if !scopes.ValidToken(s) {
			t.Errorf("ValidToken(%q) = false", s)
		}
		if !scopes.FromClaim(s).Has(s) || !scopes.FromClaim([]any{s}).Has(s) {
			t.Errorf("FromClaim does not grant the valid scope-token %q", s)
		}
	}
	for _, s := range invalid {
		if scopes.ValidToken(s) {
			t.Errorf("ValidToken(%q) = true", s)
		}
	}
	// Every single byte: the grammar is %x21 / %x23-5B / %x5D-7E.
	for b := 0; b < 256; b++ {
		want := b == 0x21 || 0x23 <= b && b <= 0x5b || 0x5d <= b && b <= 0x7e
		if got := scopes.ValidToken(string([]byte{byte(b)})); got != want {
			t.Errorf("ValidToken(%#x) = %v, want %v", b, got, want)
		}
	}
}

func TestBadTokenDropsOnlyItself(t *testing.T) {
	cases := []struct {
		claim any
		want  []string
	}{
		{"read write", []string{"read", "write"}},
		{"  read   write  ", []string{"read", "write"}}, // empty tokens between spaces grant nothing
		{"read a\"b write", []string{"read", "write"}},
		{"read\twrite admin", []string{"admin"}},
		{[]any{"read", "a b", "write"}, []string{"read", "write"}},
		{[]any{"read", "", "write\n"}, []string{"read"}},
		{[]string{"x", "y\u2003z"}, []string{"x"}},
	}
	for _, tc := range cases {
		if got := scopes.FromClaim(tc.claim).List(); !slices.Equal(got, tc.want) {
			t.Errorf("FromClaim(%q) = %q, want %q", tc.claim, got, tc.want)
		}
	}
}

func TestAppendTokens(t *testing.T) {
	buf := make([]string, 0, 4)
	got := scopes.AppendTokens(buf, " a b\u00a0c d ")
	if !slices.Equal(got, []string{"a", "d"}) {
		t.Fatalf("AppendTokens = %q", got)
	}
	if n := testing.AllocsPerRun(100, func() { _ = scopes.AppendTokens(buf[:0], "orders:read orders:write") }); n != 0 {
		t.Errorf("AppendTokens allocates %v times with room in dst", n)
	}
}
