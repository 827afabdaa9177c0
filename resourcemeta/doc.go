// Package resourcemeta serves OAuth 2.0 Protected Resource Metadata (RFC 9728): the JSON document
// from which a client that was refused learns which authorization servers issue tokens for this
// API, which scopes it knows and how it accepts tokens. It is how Model Context Protocol clients, and
// generic OAuth clients, find where to get a token.
//
// Describe the resource with a Metadata and serve it with Handler (or New) at WellKnownPath:
//
//	meta := resourcemeta.Metadata{
//		Resource:             "https://api.example.com/mcp",
//		AuthorizationServers: []string{"https://idp.example.com"},
//		ScopesSupported:      []string{"tools:read", "tools:call"},
//	}
//	h, err := resourcemeta.Handler(meta) // refuses a bad document
//	mux.Handle(resourcemeta.WellKnownPath(meta.Resource), h)
//
// The adapters' WithResourceMetadata option then points every 401 and 403 to the document's URL
// (MetadataURL), as the resource_metadata parameter of the WWW-Authenticate challenge (RFC 9728 §5.1).
//
// Metadata has every RFC 9728 §2 field under its JSON name (resource, authorization_servers, jwks_uri,
// scopes_supported, bearer_methods_supported, resource_signing_alg_values_supported, resource_name,
// resource_documentation, resource_policy_uri, resource_tos_uri,
// tls_client_certificate_bound_access_tokens, authorization_details_types_supported,
// dpop_signing_alg_values_supported, dpop_bound_access_tokens_required, signed_metadata); optional
// fields are left out when empty (a non-nil empty BearerMethodsSupported is sent as []: no bearer
// method). New refuses, with an error wrapping ErrInvalidMetadata that names the field: a missing
// resource, a URL that is not https (http is allowed to loopback hosts), a fragment in the resource, a
// query or fragment in an issuer identifier, a bearer method other than header, body or query, none
// among the algorithms (and HS* for DPoP), a scope that is not an RFC 6749 scope-token. The document is
// marshalled once and served to GET and HEAD (405 otherwise) as application/json, Cache-Control:
// public, max-age=3600, a strong ETag (If-None-Match gets 304) and Access-Control-Allow-Origin: *.
//
// WellKnownPath(resource) inserts /.well-known/oauth-protected-resource between host and path (RFC
// 9728 §3.1): https://api.example.com/mcp → /.well-known/oauth-protected-resource/mcp,
// https://api.example.com → /.well-known/oauth-protected-resource. MetadataURL(resource) is the full
// URL (with the resource's query, if any) and is what Document.URL returns. The adapters'
// WithResourceMetadata takes it; package nethttp shows the challenges as sent. examples/mcp puts it
// together: a tool server whose test plays a generic client from the first 401 through the metadata,
// the authorization server's RFC 8414 metadata and token endpoint (resource=<the tool URL>) to a tool
// call and a step-up.
//
// Options follow the kit's one rule for a bad option: New, the constructors that can fail,
// return every mistake in their options as an error (nothing is guessed, nothing opens); only one-line
// convenience wrappers elsewhere in the kit panic with such an error, like regexp.MustCompile.
package resourcemeta
