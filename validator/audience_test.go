package validator

import "testing"

func TestAudienceMatches(t *testing.T) {
	for _, tc := range []struct {
		accepted, offered string
		want              bool
	}{
		{"https://api.example.com", "https://api.example.com", true},
		{"https://api.example.com", "https://api.example.com/", true},
		{"https://api.example.com/", "https://api.example.com", true},
		{"https://api.example.com/mcp", "https://api.example.com/mcp/", true},
		{"https://api.example.com/mcp/", "https://api.example.com/mcp", true},
		{"http://127.0.0.1:8080/mcp", "http://127.0.0.1:8080/mcp/", true},
		{"https://api.example.com:8443", "https://api.example.com:8443/", true},
		{"my-api", "my-api", true},

		{"my-api", "my-api/", false},                                             // not a URL
		{"urn:example:api", "urn:example:api/", false},                           // not http(s)
		{"https://api.example.com", "https://api.example.com//", false},          // two slashes
		{"https://api.example.com/", "https://api.example.com//", false},         // a slash after a slash
		{"https://api.example.com/mcp", "https://api.example.com/mcp/x", false},  // another path
		{"https://api.example.com", "https://API.example.com/", false},           // no case folding
		{"https://api.example.com", "HTTPS://api.example.com/", false},           // no case folding
		{"https://api.example.com/mcp", "https://api.example.com/MCP/", false},   // paths are case-sensitive
		{"https://api.example.com/a%2Fb", "https://api.example.com/a/b/", false}, // no decoding
		{"https://api.example.com?x=1", "https://api.example.com?x=1/", false},   // queries are not paths
		{"https://api.example.com?x", "https://api.example.com/?x", false},       // nor moved around
		{"https://api.example.com#f", "https://api.example.com#f/", false},       // fragments never
		{"https://user@api.example.com", "https://user@api.example.com/", false}, // userinfo never
		{"https://", "https:///", false},                                         // no host
		{"https://api.example.com", "https://api.example.co/", false},            // different host
		{"https://api.example.com", "https://api.example.comx", false},           // not a slash
		{"https://api.example.com", "", false},
		{"", "/", false},
		{"https://a.example", "https://b.example/", false},
		{"https://api.example.com/\x7f", "https://api.example.com/\x7f/", false}, // not a URL
	} {
		if got := audienceMatches(tc.accepted, tc.offered); got != tc.want {
			t.Errorf("audienceMatches(%q, %q) = %v, want %v", tc.accepted, tc.offered, got, tc.want)
		}
	}
}

func TestAudienceAccepted(t *testing.T) {
	accepted := []string{"my-api", "https://api.example.com/mcp"}
	for _, tc := range []struct {
		offered []string
		want    bool
	}{
		{[]string{"https://api.example.com/mcp/"}, true},
		{[]string{"other", "my-api"}, true},
		{[]string{"other", "https://api.example.com/mcp"}, true},
		{[]string{"my-api/", "https://api.example.com/"}, false},
		{nil, false},
	} {
		if got := audienceAccepted(accepted, tc.offered); got != tc.want {
			t.Errorf("audienceAccepted(%q, %q) = %v, want %v", accepted, tc.offered, got, tc.want)
		}
	}
}

// FuzzAudienceMatches checks the rule's invariants on any pair: equal strings match; a match is
// symmetric; two different strings match only when one is the other plus "/".
func FuzzAudienceMatches(f *testing.F) {
	f.Add("https://api.example.com", "https://api.example.com/")
	f.Add("https://api.example.com/mcp/", "https://api.example.com/mcp")
	f.Add("my-api", "my-api/")
	f.Fuzz(func(t *testing.T, a, b string) {
		got := audienceMatches(a, b)
		if got != audienceMatches(b, a) {
			t.Fatalf("not symmetric for %q, %q", a, b)
		}
		if a == b && !got {
			t.Fatalf("%q does not match itself", a)
		}
		if got && a != b && a+"/" != b && b+"/" != a {
			t.Fatalf("%q matches %q", a, b)
		}
	})
}
