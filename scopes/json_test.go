package scopes_test

import (
	"encoding/json"
	"testing"

	"github.com/jwtguard/jwtguard/scopes"
)

func TestScopesSetMarshalJSON(t *testing.T) {
	for _, tt := range []struct {
		set  scopes.Set
		want string
	}{
		{scopes.New("b", "a", "a"), `["a","b"]`},
		{scopes.Set{}, `[]`},
		{scopes.New(`q"uote`), `["q\"uote"]`},
	} {
		if got, err := json.Marshal(tt.set); err != nil || string(got) != tt.want {
			t.Errorf("json.Marshal(%v) = %s, %v; want %s", tt.set, got, err, tt.want)
		}
	}
}
