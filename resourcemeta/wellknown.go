package resourcemeta

import "net/url"

// WellKnownPrefix is the path of the metadata document of a resource without a path component, and
// the prefix of every other's (RFC 9728 §3.1).
const WellKnownPrefix = "/.well-known/oauth-protected-resource"

// WellKnownPath returns the path at which the metadata of resource is served (RFC 9728 §3.1):
// WellKnownPrefix inserted between the host and the resource's path, so "https://api.example.com/mcp"
// gives "/.well-known/oauth-protected-resource/mcp", and "https://api.example.com" or
// "https://api.example.com/" give WellKnownPrefix. The path is escaped as in the resource. A query of
// the resource is not part of the path (see MetadataURL). It does not validate resource (New and
// MetadataURL do) and returns "" for a string that does not parse as a URL.
func WellKnownPath(resource string) string {
	u, err := url.Parse(resource)
	if err != nil {
		return ""
	}
	return wellKnownPath(u)
}

func wellKnownPath(resource *url.URL) string {
	path := resource.EscapedPath()
	if path == "/" {
		// RFC 9728 §3.1: a terminating slash after the host is removed before the insertion.
		path = ""
	}
	return WellKnownPrefix + path
}

// MetadataURL returns the URL of the metadata document of resource: its scheme and host, the
// WellKnownPath, and its query if it has one. That URL is the resource_metadata value the adapters'
// WithResourceMetadata option puts in challenges. resource must be a valid resource identifier
// (https, or http to a loopback host; no fragment), else the error wraps ErrInvalidMetadata.
func MetadataURL(resource string) (string, error) {
	u, err := parseResource(resource)
	if err != nil {
		return "", invalid("resource", err)
	}
	return metadataURL(u), nil
}

func metadataURL(resource *url.URL) string {
	s := resource.Scheme + "://" + resource.Host + wellKnownPath(resource)
	if resource.RawQuery != "" {
		s += "?" + resource.RawQuery
	}
	return s
}
