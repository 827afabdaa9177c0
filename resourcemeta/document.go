package resourcemeta

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"slices"
	"time"
)

// cacheControl lets clients and shared caches keep the document for an hour: it changes only when
// the resource is redeployed, and a stale copy at worst sends a client to an authorization server
// the resource no longer trusts, which the resource then refuses.
const cacheControl = "public, max-age=3600"

// Document is a validated metadata document, marshalled once, that serves itself over HTTP.
type Document struct {
	meta Metadata
	body []byte
	etag string
	url  string
	path string
}

// New validates m and returns its Document. It refuses a document RFC 9728 does not allow: no or a
// bad resource identifier, a URL that is not https (or http to a loopback host), a bearer method
// other than header, body and query, "none" among the algorithms, and the like. The error wraps
// ErrInvalidMetadata and names the field.
func New(m Metadata) (*Document, error) {
	m = m.clone()
	resource, err := m.validate()
	if err != nil {
		return nil, err
	}
	body, err := json.Marshal(&m)
	if err != nil {
		return nil, invalid("encode", err)
	}
	sum := sha256.Sum256(body)
	return &Document{
		meta: m,
		body: body,
		etag: `"` + base64.RawURLEncoding.EncodeToString(sum[:16]) + `"`,
		url:  metadataURL(resource),
		path: wellKnownPath(resource),
	}, nil
}

// Handler returns an http.Handler serving m as New validates it; mount it at WellKnownPath(m.Resource).
func Handler(m Metadata) (http.Handler, error) {
	d, err := New(m)
	if err != nil {
		return nil, err
	}
	return d, nil
}

// ServeHTTP answers GET and HEAD with the JSON document (Content-Type application/json), cacheable
// for an hour and validated by its ETag (If-None-Match gets 304), readable by browser-based clients
// of any origin; any other method gets 405 with Allow: GET, HEAD.
func (d *Document) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "application/json")
	h.Set("Cache-Control", cacheControl)
	h.Set("ETag", d.etag)
	// The document is public by design; letting any origin read it is what lets a browser-based
	// client discover the authorization server.
	h.Set("Access-Control-Allow-Origin", "*")
	http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(d.body))
}

// Metadata returns a copy of the document's contents.
func (d *Document) Metadata() Metadata { return d.meta.clone() }

// JSON returns a copy of the document as served.
func (d *Document) JSON() []byte { return slices.Clone(d.body) }

// URL returns the URL of the document (MetadataURL of its resource): the value for the adapters'
// WithResourceMetadata option.
func (d *Document) URL() string { return d.url }

// Path returns the path at which to mount the document (WellKnownPath of its resource).
func (d *Document) Path() string { return d.path }

// clone copies the slices, so that neither the caller's later changes nor a Metadata handed out
// reaches the document's copy. A nil slice stays nil: for BearerMethodsSupported nil and empty differ.
func (m Metadata) clone() Metadata {
	m.AuthorizationServers = slices.Clone(m.AuthorizationServers)
	m.ScopesSupported = slices.Clone(m.ScopesSupported)
	m.BearerMethodsSupported = slices.Clone(m.BearerMethodsSupported)
	m.ResourceSigningAlgValuesSupported = slices.Clone(m.ResourceSigningAlgValuesSupported)
	m.AuthorizationDetailsTypesSupported = slices.Clone(m.AuthorizationDetailsTypesSupported)
	m.DPoPSigningAlgValuesSupported = slices.Clone(m.DPoPSigningAlgValuesSupported)
	return m
}
