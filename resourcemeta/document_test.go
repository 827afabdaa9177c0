package resourcemeta_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/jwtguard/jwtguard/resourcemeta"
)

func serve(t *testing.T, h http.Handler, method string, header http.Header) *http.Response {
	t.Helper()
	r := httptest.NewRequest(method, "https://api.example.com"+resourcemeta.WellKnownPath("https://api.example.com/mcp"), nil)
	for name, values := range header {
		r.Header[name] = values
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	return w.Result()
}

func TestHandlerServesTheDocument(t *testing.T) {
	h, err := resourcemeta.Handler(full())
	if err != nil {
		t.Fatal(err)
	}
	resp := serve(t, h, http.MethodGet, nil)
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("status %d", resp.StatusCode)
	}
	for name, want := range map[string]string{
		"Content-Type":                "application/json",
		"Cache-Control":               "public, max-age=3600",
		"Access-Control-Allow-Origin": "*",
	} {
		if got := resp.Header.Get(name); got != want {
			t.Errorf("%s: %q, want %q", name, got, want)
		}
	}
	var got resourcemeta.Metadata
	if err := json.Unmarshal(body, &got); err != nil {
		t.Fatalf("body is not the document: %v\n%s", err, body)
	}
	if got.Resource != full().Resource || len(got.AuthorizationServers) != 2 || !got.DPoPBoundAccessTokensRequired {
		t.Errorf("document %+v", got)
	}
	etag := resp.Header.Get("ETag")
	if len(etag) < 3 || etag[0] != '"' || etag[len(etag)-1] != '"' {
		t.Fatalf("ETag %q is not a strong entity tag", etag)
	}

	// A revalidation with the current tag gets 304 and no body; a stale tag gets the document.
	resp = serve(t, h, http.MethodGet, http.Header{"If-None-Match": {etag}})
	if b, _ := io.ReadAll(resp.Body); resp.StatusCode != http.StatusNotModified || len(b) != 0 {
		t.Errorf("If-None-Match current: status %d, %d bytes", resp.StatusCode, len(b))
	}
	resp = serve(t, h, http.MethodGet, http.Header{"If-None-Match": {`"stale"`}})
	if resp.StatusCode != http.StatusOK {
		t.Errorf("If-None-Match stale: status %d", resp.StatusCode)
	}

	// HEAD: same headers, no body.
	resp = serve(t, h, http.MethodHead, nil)
	if b, _ := io.ReadAll(resp.Body); resp.StatusCode != http.StatusOK || len(b) != 0 || resp.Header.Get("ETag") != etag || resp.Header.Get("Content-Type") != "application/json" {
		t.Errorf("HEAD: status %d, %d bytes, headers %v", resp.StatusCode, len(b), resp.Header)
	}

	// Another resource, another document, another tag.
	other, err := resourcemeta.Handler(resourcemeta.Metadata{Resource: "https://api.example.com/other"})
	if err != nil {
		t.Fatal(err)
	}
	if serve(t, other, http.MethodGet, nil).Header.Get("ETag") == etag {
		t.Error("two documents share an ETag")
	}
}

func TestHandlerRefusesOtherMethods(t *testing.T) {
	h, err := resourcemeta.Handler(full())
	if err != nil {
		t.Fatal(err)
	}
	for _, method := range []string{http.MethodPost, http.MethodPut, http.MethodDelete, http.MethodPatch, http.MethodOptions, "BREW"} {
		resp := serve(t, h, method, nil)
		if resp.StatusCode != http.StatusMethodNotAllowed || resp.Header.Get("Allow") != "GET, HEAD" {
			t.Errorf("%s: status %d, Allow %q", method, resp.StatusCode, resp.Header.Get("Allow"))
		}
		if b, _ := io.ReadAll(resp.Body); json.Valid(b) {
			t.Errorf("%s: the document was served: %s", method, b)
		}
	}
}

// TestHandlerOverLoopback fetches the document the way a client does, from a mux at WellKnownPath.
func TestHandlerOverLoopback(t *testing.T) {
	mux := http.NewServeMux()
	srv := httptest.NewServer(mux)
	defer srv.Close()
	resource := srv.URL + "/mcp"
	d, err := resourcemeta.New(resourcemeta.Metadata{Resource: resource, AuthorizationServers: []string{"http://127.0.0.1:1"}})
	if err != nil {
		t.Fatal(err)
	}
	mux.Handle(resourcemeta.WellKnownPath(resource), d)

	url, err := resourcemeta.MetadataURL(resource)
	if err != nil || url != d.URL() {
		t.Fatalf("MetadataURL %q, %v; Document.URL %q", url, err, d.URL())
	}
	resp, err := srv.Client().Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var got struct {
		Resource string   `json:"resource"`
		Servers  []string `json:"authorization_servers"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&got); err != nil || got.Resource != resource || len(got.Servers) != 1 {
		t.Errorf("GET %s: status %d, %+v, %v", url, resp.StatusCode, got, err)
	}
}
