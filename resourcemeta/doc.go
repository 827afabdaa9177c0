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
package resourcemeta
