package resourcemeta_test

import (
	"fmt"
	"io"
	"log"
	"net/http"
	"net/http/httptest"

	"github.com/jwtguard/jwtguard/resourcemeta"
)

func ExampleHandler() {
	meta := resourcemeta.Metadata{
		Resource:               "https://api.example.com/mcp",
		AuthorizationServers:   []string{"https://idp.example.com"},
		ScopesSupported:        []string{"tools:read", "tools:call"},
		BearerMethodsSupported: []string{"header"},
		ResourceName:           "Example tools",
	}
	h, err := resourcemeta.Handler(meta)
	if err != nil {
		log.Fatal(err)
	}
	mux := http.NewServeMux()
	mux.Handle(resourcemeta.WellKnownPath(meta.Resource), h)

	w := httptest.NewRecorder()
	mux.ServeHTTP(w, httptest.NewRequest("GET", "https://api.example.com/.well-known/oauth-protected-resource/mcp", nil))
	body, _ := io.ReadAll(w.Body)
	fmt.Println(w.Code, w.Header().Get("Content-Type"))
	fmt.Println(string(body))

	_, err = resourcemeta.Handler(resourcemeta.Metadata{Resource: "http://api.example.com/mcp"})
	fmt.Println(err)
	// Output:
	// 200 application/json
	// {"resource":"https://api.example.com/mcp","authorization_servers":["https://idp.example.com"],"scopes_supported":["tools:read","tools:call"],"bearer_methods_supported":["header"],"resource_name":"Example tools"}
	// resourcemeta: invalid metadata: resource: "http://api.example.com/mcp": plain http to a non-loopback host "api.example.com"
}

func ExampleNew() {
	d, err := resourcemeta.New(resourcemeta.Metadata{
		Resource:             "https://api.example.com/mcp",
		AuthorizationServers: []string{"https://idp.example.com"},
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(d.Path()) // where to mount it
	fmt.Println(d.URL())  // what challenges point to (resource_metadata)
	// Output:
	// /.well-known/oauth-protected-resource/mcp
	// https://api.example.com/.well-known/oauth-protected-resource/mcp
}

func ExampleWellKnownPath() {
	fmt.Println(resourcemeta.WellKnownPath("https://api.example.com/mcp"))
	fmt.Println(resourcemeta.WellKnownPath("https://api.example.com"))
	// Output:
	// /.well-known/oauth-protected-resource/mcp
	// /.well-known/oauth-protected-resource
}

func ExampleMetadataURL() {
	u, err := resourcemeta.MetadataURL("https://api.example.com/mcp")
	fmt.Println(u, err)
	_, err = resourcemeta.MetadataURL("https://api.example.com/mcp#tools")
	fmt.Println(err)
	// Output:
	// https://api.example.com/.well-known/oauth-protected-resource/mcp <nil>
	// resourcemeta: invalid metadata: resource: "https://api.example.com/mcp#tools": has a fragment
}
