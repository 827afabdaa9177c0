package resourcemeta_test

import (
	"errors"
	"net/url"
	"strings"
	"testing"

	"github.com/jwtguard/jwtguard/resourcemeta"
)

func TestWellKnownPathAndURL(t *testing.T) {
	for _, tc := range []struct {
		resource, path, url string
	}{
		{"https://api.example.com", "/.well-known/oauth-protected-resource", "https://api.example.com/.well-known/oauth-protected-resource"},
		{"https://api.example.com/", "/.well-known/oauth-protected-resource", "https://api.example.com/.well-known/oauth-protected-resource"},
		{"https://api.example.com/mcp", "/.well-known/oauth-protected-resource/mcp", "https://api.example.com/.well-known/oauth-protected-resource/mcp"},
		{"https://api.example.com/mcp/", "/.well-known/oauth-protected-resource/mcp/", "https://api.example.com/.well-known/oauth-protected-resource/mcp/"},
		{"https://api.example.com/a/b", "/.well-known/oauth-protected-resource/a/b", "https://api.example.com/.well-known/oauth-protected-resource/a/b"},
		{"https://api.example.com:8443/v1", "/.well-known/oauth-protected-resource/v1", "https://api.example.com:8443/.well-known/oauth-protected-resource/v1"},
		{"https://api.example.com/a%20b", "/.well-known/oauth-protected-resource/a%20b", "https://api.example.com/.well-known/oauth-protected-resource/a%20b"},
		{"https://api.example.com/a%2Fb", "/.well-known/oauth-protected-resource/a%2Fb", "https://api.example.com/.well-known/oauth-protected-resource/a%2Fb"},
		{"https://api.example.com/mcp?tenant=a", "/.well-known/oauth-protected-resource/mcp", "https://api.example.com/.well-known/oauth-protected-resource/mcp?tenant=a"},
		{"https://api.example.com?tenant=a", "/.well-known/oauth-protected-resource", "https://api.example.com/.well-known/oauth-protected-resource?tenant=a"},
		{"HTTPS://api.example.com/mcp", "/.well-known/oauth-protected-resource/mcp", "https://api.example.com/.well-known/oauth-protected-resource/mcp"},
		{"http://127.0.0.1:8080/mcp", "/.well-known/oauth-protected-resource/mcp", "http://127.0.0.1:8080/.well-known/oauth-protected-resource/mcp"},
	} {
		if got := resourcemeta.WellKnownPath(tc.resource); got != tc.path {
			t.Errorf("WellKnownPath(%q) = %q, want %q", tc.resource, got, tc.path)
		}
		got, err := resourcemeta.MetadataURL(tc.resource)
		if err != nil || got != tc.url {
			t.Errorf("MetadataURL(%q) = %q, %v; want %q", tc.resource, got, err, tc.url)
		}
		d, err := resourcemeta.New(resourcemeta.Metadata{Resource: tc.resource})
		if err != nil {
			t.Fatalf("New(%q): %v", tc.resource, err)
		}
		if d.Path() != tc.path || d.URL() != tc.url {
			t.Errorf("Document of %q: Path %q URL %q", tc.resource, d.Path(), d.URL())
		}
	}
}

func TestWellKnownPathOfBadInput(t *testing.T) {
	if got := resourcemeta.WellKnownPath("https://api.example.com/%zz"); got != "" {
		t.Errorf("unparsable: %q", got)
	}
	// Not validated: a bare path still gives its well-known path.
	if got := resourcemeta.WellKnownPath("/mcp"); got != "/.well-known/oauth-protected-resource/mcp" {
		t.Errorf("bare path: %q", got)
	}
	for _, bad := range []string{"", "http://api.example.com", "https://api.example.com#f", "mcp", "https://u@api.example.com"} {
		if u, err := resourcemeta.MetadataURL(bad); !errors.Is(err, resourcemeta.ErrInvalidMetadata) || u != "" {
			t.Errorf("MetadataURL(%q) = %q, %v; want ErrInvalidMetadata", bad, u, err)
		}
	}
}

// FuzzMetadataURL checks that no input panics and that every URL MetadataURL accepts yields a
// metadata URL on the same origin, under the well-known prefix, itself a valid URL.
func FuzzMetadataURL(f *testing.F) {
	for _, s := range []string{"https://api.example.com/mcp", "https://api.example.com/", "http://127.0.0.1:1/a?b#c", "https://[::1]/%41", "/x", "https://a/%zz"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, resource string) {
		path := resourcemeta.WellKnownPath(resource)
		if path != "" && !strings.HasPrefix(path, resourcemeta.WellKnownPrefix) {
			t.Fatalf("WellKnownPath(%q) = %q", resource, path)
		}
		meta, err := resourcemeta.MetadataURL(resource)
		if err != nil {
			return
		}
		r, _ := url.Parse(resource)
		m, err := url.Parse(meta)
		if err != nil {
			t.Fatalf("MetadataURL(%q) = %q does not parse: %v", resource, meta, err)
		}
		if m.Scheme != strings.ToLower(r.Scheme) || m.Host != r.Host || m.EscapedPath() != path || m.RawQuery != r.RawQuery || m.Fragment != "" {
			t.Fatalf("MetadataURL(%q) = %q (path %q)", resource, meta, path)
		}
	})
}
