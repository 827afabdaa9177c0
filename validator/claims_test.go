package validator_test

import (
	"context"
	"reflect"
	"slices"
	"testing"

	"github.com/golang-jwt/jwt/v5"
)

// TestCustomClaimsMatchExactly is issue 14 item 4: Decode fills a field tagged "roles" only from a
// member named exactly "roles", at every depth, so it agrees with Get on every accepted payload.
func TestCustomClaimsMatchExactly(t *testing.T) {
	v := newValidator(t, standardKeySource(t))
	type realm struct {
		Roles []string `json:"roles"`
	}
	type custom struct {
		Roles  []string `json:"roles"`
		Tenant string   // untagged: the member must be named exactly "Tenant"
		Realm  realm    `json:"realm_access"`
	}
	cases := []struct {
		name   string
		extra  string // members appended to valid claims, in this order
		want   custom
		getHas bool
	}{
		{"exact", `"roles":["user"],"Tenant":"t1","realm_access":{"roles":["r"]}`,
			custom{Roles: []string{"user"}, Tenant: "t1", Realm: realm{Roles: []string{"r"}}}, true},
		{"case variant after the exact name", `"roles":["user"],"ROLES":["admin"]`, custom{Roles: []string{"user"}}, true},
		{"case variant before the exact name", `"ROLES":["admin"],"roles":["user"]`, custom{Roles: []string{"user"}}, true},
		{"case variant alone", `"ROLES":["admin"],"tenant":"t2","REALM_ACCESS":{"roles":["r"]}`, custom{}, false},
		{"Unicode fold variant", `"role\u017f":["admin"]`, custom{}, false},
		{"nested case variant", `"realm_access":{"roles":["r"],"Roles":["admin"]}`, custom{Realm: realm{Roles: []string{"r"}}}, false},
	}
	base := claimsJSON(t, baseClaims())
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			payload := base[:len(base)-1] + "," + tc.extra + "}"
			c, err := v.Validate(context.Background(), rawToken(t, `{"alg":"RS256","kid":"rsa"}`, payload))
			if err != nil {
				t.Fatal(err)
			}
			var got custom
			if err := c.Decode(&got); err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("Decode = %+v, want %+v", got, tc.want)
			}
			roles, ok := c.Get("roles")
			if ok != tc.getHas {
				t.Fatalf("Get(roles) present = %v, want %v", ok, tc.getHas)
			}
			if ok {
				var list []string
				for _, r := range roles.([]any) {
					list = append(list, r.(string))
				}
				if !slices.Equal(list, got.Roles) {
					t.Errorf("Get(roles) = %q, Decode %q", list, got.Roles)
				}
			}
		})
	}
}

func TestGet(t *testing.T) {
	k := generatedKeys(t)
	v := newValidator(t, standardKeySource(t))
	claims := baseClaims()
	claims["n"] = 1.5
	claims["obj"] = map[string]any{"a": []any{true, nil}}
	claims["nul"] = nil
	c, err := v.Validate(context.Background(), sign(t, jwt.SigningMethodEdDSA, "ed", k.ed, claims, nil))
	if err != nil {
		t.Fatal(err)
	}
	for name, want := range map[string]any{
		"n": 1.5, "obj": map[string]any{"a": []any{true, nil}}, "nul": nil, "iss": testIssuer, "scope": "orders:read orders:write",
	} {
		got, ok := c.Get(name)
		if !ok || !reflect.DeepEqual(got, want) {
			t.Errorf("Get(%q) = %v, %v; want %v", name, got, ok, want)
		}
	}
	for _, name := range []string{"absent", "N", "ISS", ""} {
		if got, ok := c.Get(name); ok {
			t.Errorf("Get(%q) = %v, want absent", name, got)
		}
	}
}
