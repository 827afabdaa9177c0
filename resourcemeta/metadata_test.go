package resourcemeta_test

import (
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/jwtguard/jwtguard/resourcemeta"
)

// full sets every field, each to a value distinct from the others.
func full() resourcemeta.Metadata {
	return resourcemeta.Metadata{
		Resource:                              "https://api.example.com/mcp",
		AuthorizationServers:                  []string{"https://idp.example.com", "https://idp.example.com/realms/b"},
		JWKSURI:                               "https://api.example.com/jwks.json",
		ScopesSupported:                       []string{"tools:read", "tools:call"},
		BearerMethodsSupported:                []string{"header", "body", "query"},
		ResourceSigningAlgValuesSupported:     []string{"RS256", "ES256"},
		ResourceName:                          "Example tools",
		ResourceDocumentation:                 "https://docs.example.com/api#auth",
		ResourcePolicyURI:                     "https://example.com/policy",
		ResourceTOSURI:                        "https://example.com/tos",
		TLSClientCertificateBoundAccessTokens: true,
		AuthorizationDetailsTypesSupported:    []string{"payment_initiation"},
		DPoPSigningAlgValuesSupported:         []string{"ES256", "EdDSA"},
		DPoPBoundAccessTokensRequired:         true,
		SignedMetadata:                        "eyJhbGciOiJFUzI1NiJ9.eyJpc3MiOiJ4In0.c2ln",
	}
}

func TestEveryFieldHasItsRFC9728Name(t *testing.T) {
	d, err := resourcemeta.New(full())
	if err != nil {
		t.Fatal(err)
	}
	var got map[string]any
	if err := json.Unmarshal(d.JSON(), &got); err != nil {
		t.Fatal(err)
	}
	want := map[string]any{
		"resource":                                   "https://api.example.com/mcp",
		"authorization_servers":                      []any{"https://idp.example.com", "https://idp.example.com/realms/b"},
		"jwks_uri":                                   "https://api.example.com/jwks.json",
		"scopes_supported":                           []any{"tools:read", "tools:call"},
		"bearer_methods_supported":                   []any{"header", "body", "query"},
		"resource_signing_alg_values_supported":      []any{"RS256", "ES256"},
		"resource_name":                              "Example tools",
		"resource_documentation":                     "https://docs.example.com/api#auth",
		"resource_policy_uri":                        "https://example.com/policy",
		"resource_tos_uri":                           "https://example.com/tos",
		"tls_client_certificate_bound_access_tokens": true,
		"authorization_details_types_supported":      []any{"payment_initiation"},
		"dpop_signing_alg_values_supported":          []any{"ES256", "EdDSA"},
		"dpop_bound_access_tokens_required":          true,
		"signed_metadata":                            "eyJhbGciOiJFUzI1NiJ9.eyJpc3MiOiJ4In0.c2ln",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("document\n got %v\nwant %v", got, want)
	}
	// Every exported field is in the document: a field added without a JSON name would show here.
	if n := reflect.TypeFor[resourcemeta.Metadata]().NumField(); n != len(want) {
		t.Errorf("Metadata has %d fields, the document %d", n, len(want))
	}
}

func TestOptionalFieldsAreLeftOut(t *testing.T) {
	d, err := resourcemeta.New(resourcemeta.Metadata{Resource: "https://api.example.com"})
	if err != nil {
		t.Fatal(err)
	}
	if got := string(d.JSON()); got != `{"resource":"https://api.example.com"}` {
		t.Errorf("minimal document %s", got)
	}
	// An empty, non-nil bearer_methods_supported is meaningful (no bearer method) and kept.
	d, err = resourcemeta.New(resourcemeta.Metadata{Resource: "https://api.example.com", BearerMethodsSupported: []string{}})
	if err != nil {
		t.Fatal(err)
	}
	if got := string(d.JSON()); got != `{"resource":"https://api.example.com","bearer_methods_supported":[]}` {
		t.Errorf("empty bearer methods: %s", got)
	}
}

func TestNewRefusesBadDocuments(t *testing.T) {
	for _, tc := range []struct {
		name  string
		edit  func(*resourcemeta.Metadata)
		field string // named in the error; "" when the document is valid
	}{
		{"full document", func(*resourcemeta.Metadata) {}, ""},
		{"loopback http resource", func(m *resourcemeta.Metadata) { m.Resource = "http://127.0.0.1:8080/mcp" }, ""},
		{"localhost http resource", func(m *resourcemeta.Metadata) { m.Resource = "http://localhost:8080" }, ""},
		{"IPv6 loopback resource", func(m *resourcemeta.Metadata) { m.Resource = "http://[::1]:8080/" }, ""},
		{"resource with query", func(m *resourcemeta.Metadata) { m.Resource = "https://api.example.com/mcp?tenant=a" }, ""},
		{"loopback http servers", func(m *resourcemeta.Metadata) { m.AuthorizationServers = []string{"http://127.0.0.1:9000/realms/x"} }, ""},

		{"no resource", func(m *resourcemeta.Metadata) { m.Resource = "" }, "resource"},
		{"http resource", func(m *resourcemeta.Metadata) { m.Resource = "http://api.example.com/mcp" }, "resource"},
		{"resource with fragment", func(m *resourcemeta.Metadata) { m.Resource = "https://api.example.com/mcp#x" }, "resource"},
		{"resource with empty fragment", func(m *resourcemeta.Metadata) { m.Resource = "https://api.example.com/mcp#" }, "resource"},
		{"relative resource", func(m *resourcemeta.Metadata) { m.Resource = "/mcp" }, "resource"},
		{"resource without host", func(m *resourcemeta.Metadata) { m.Resource = "https:///mcp" }, "resource"},
		{"opaque resource", func(m *resourcemeta.Metadata) { m.Resource = "https:api.example.com" }, "resource"},
		{"urn resource", func(m *resourcemeta.Metadata) { m.Resource = "urn:example:api" }, "resource"},
		{"resource with userinfo", func(m *resourcemeta.Metadata) { m.Resource = "https://u:p@api.example.com" }, "resource"},
		{"unparsable resource", func(m *resourcemeta.Metadata) { m.Resource = "https://api.example.com/%zz" }, "resource"},
		{"http server", func(m *resourcemeta.Metadata) { m.AuthorizationServers = []string{"http://idp.example.com"} }, "authorization_servers"},
		{"server with query", func(m *resourcemeta.Metadata) { m.AuthorizationServers = []string{"https://idp.example.com?x=1"} }, "authorization_servers"},
		{"server with fragment", func(m *resourcemeta.Metadata) { m.AuthorizationServers = []string{"https://idp.example.com#x"} }, "authorization_servers"},
		{"empty server", func(m *resourcemeta.Metadata) { m.AuthorizationServers = []string{""} }, "authorization_servers"},
		{"http jwks_uri", func(m *resourcemeta.Metadata) { m.JWKSURI = "http://api.example.com/jwks.json" }, "jwks_uri"},
		{"jwks_uri with fragment", func(m *resourcemeta.Metadata) { m.JWKSURI = "https://api.example.com/jwks.json#k" }, "jwks_uri"},
		{"empty scope", func(m *resourcemeta.Metadata) { m.ScopesSupported = []string{""} }, "scopes_supported"},
		{"scope with space", func(m *resourcemeta.Metadata) { m.ScopesSupported = []string{"a b"} }, "scopes_supported"},
		{"scope with quote", func(m *resourcemeta.Metadata) { m.ScopesSupported = []string{`a"`} }, "scopes_supported"},
		{"scope with backslash", func(m *resourcemeta.Metadata) { m.ScopesSupported = []string{`a\`} }, "scopes_supported"},
		{"non-ASCII scope", func(m *resourcemeta.Metadata) { m.ScopesSupported = []string{"é"} }, "scopes_supported"},
		{"unknown bearer method", func(m *resourcemeta.Metadata) { m.BearerMethodsSupported = []string{"cookie"} }, "bearer_methods_supported"},
		{"bearer method case", func(m *resourcemeta.Metadata) { m.BearerMethodsSupported = []string{"Header"} }, "bearer_methods_supported"},
		{"bearer method twice", func(m *resourcemeta.Metadata) { m.BearerMethodsSupported = []string{"header", "header"} }, "bearer_methods_supported"},
		{"signing alg none", func(m *resourcemeta.Metadata) { m.ResourceSigningAlgValuesSupported = []string{"none"} }, "resource_signing_alg_values_supported"},
		{"signing alg NONE", func(m *resourcemeta.Metadata) { m.ResourceSigningAlgValuesSupported = []string{"NONE"} }, "resource_signing_alg_values_supported"},
		{"empty signing alg", func(m *resourcemeta.Metadata) { m.ResourceSigningAlgValuesSupported = []string{""} }, "resource_signing_alg_values_supported"},
		{"HS256 may sign responses", func(m *resourcemeta.Metadata) { m.ResourceSigningAlgValuesSupported = []string{"HS256"} }, ""},
		{"dpop alg none", func(m *resourcemeta.Metadata) { m.DPoPSigningAlgValuesSupported = []string{"none"} }, "dpop_signing_alg_values_supported"},
		{"dpop alg HS256", func(m *resourcemeta.Metadata) { m.DPoPSigningAlgValuesSupported = []string{"HS256"} }, "dpop_signing_alg_values_supported"},
		{"dpop alg with space", func(m *resourcemeta.Metadata) { m.DPoPSigningAlgValuesSupported = []string{"ES 256"} }, "dpop_signing_alg_values_supported"},
		{"http documentation", func(m *resourcemeta.Metadata) { m.ResourceDocumentation = "http://docs.example.com" }, "resource_documentation"},
		{"relative policy", func(m *resourcemeta.Metadata) { m.ResourcePolicyURI = "/policy" }, "resource_policy_uri"},
		{"javascript tos", func(m *resourcemeta.Metadata) { m.ResourceTOSURI = "javascript:alert(1)" }, "resource_tos_uri"},
		{"empty details type", func(m *resourcemeta.Metadata) { m.AuthorizationDetailsTypesSupported = []string{""} }, "authorization_details_types_supported"},
		{"signed metadata not a JWS", func(m *resourcemeta.Metadata) { m.SignedMetadata = "not-a-jwt" }, "signed_metadata"},
		{"signed metadata padded", func(m *resourcemeta.Metadata) { m.SignedMetadata = "eyJh=.eyJp.c2ln" }, "signed_metadata"},
		{"signed metadata empty payload", func(m *resourcemeta.Metadata) { m.SignedMetadata = "eyJh..c2ln" }, "signed_metadata"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := full()
			tc.edit(&m)
			_, err := resourcemeta.New(m)
			_, herr := resourcemeta.Handler(m)
			if (err == nil) != (herr == nil) {
				t.Fatalf("New: %v, Handler: %v", err, herr)
			}
			if tc.field == "" {
				if err != nil {
					t.Fatalf("New: %v", err)
				}
				return
			}
			if !errors.Is(err, resourcemeta.ErrInvalidMetadata) {
				t.Fatalf("New = %v, want ErrInvalidMetadata", err)
			}
			if !strings.Contains(err.Error(), ": "+tc.field+": ") {
				t.Errorf("error %q does not name %s", err, tc.field)
			}
		})
	}
}

func TestDocumentIsIsolatedFromCaller(t *testing.T) {
	m := full()
	d, err := resourcemeta.New(m)
	if err != nil {
		t.Fatal(err)
	}
	before := string(d.JSON())
	m.ScopesSupported[0] = "changed"
	got := d.Metadata()
	got.AuthorizationServers[0] = "changed"
	d.JSON()[0] = 'X'
	if string(d.JSON()) != before || d.Metadata().ScopesSupported[0] != "tools:read" || d.Metadata().AuthorizationServers[0] != "https://idp.example.com" {
		t.Error("the document changed after construction")
	}
	if !reflect.DeepEqual(d.Metadata(), full()) {
		t.Errorf("Metadata() = %+v", d.Metadata())
	}
}
