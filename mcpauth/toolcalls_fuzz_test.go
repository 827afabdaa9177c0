package mcpauth

import (
	"net/http"
	"slices"
	"testing"
)

// FuzzToolsCalled feeds request bodies to the parser every POST of an authenticated client reaches:
// it must not panic, and names only listed tools, each once.
func FuzzToolsCalled(f *testing.F) {
	for _, seed := range []string{
		`{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"transfer","arguments":{}}}`,
		`[{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"add"}},{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"transfer"}}]`,
		`{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"add","Name":"transfer","name":"transfer"}}`,
		`{"jsonrpc":"2.0","method":"notifications/initialized"}`,
		`{"jsonrpc":"2.0","id":"x","result":{}}`,
		`[[[[[`,
		`[]`,
	} {
		f.Add([]byte(seed))
	}
	rules := map[string]func(http.Handler) http.Handler{"transfer": nil, "report": nil}
	f.Fuzz(func(t *testing.T, body []byte) {
		called, err := toolsCalled(body, rules)
		if err != nil && called != nil {
			t.Fatalf("error %v with tools %q", err, called)
		}
		for i, name := range called {
			if _, ok := rules[name]; !ok || slices.Contains(called[:i], name) {
				t.Fatalf("tools %q: %q is not listed or repeated", called, name)
			}
		}
	})
}
