package validator_test

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/jwtguard/jwtguard/validator"
)

func TestClaimsMarshalJSON(t *testing.T) {
	k := generatedKeys(t)
	v := newValidator(t, standardKeySource(t))
	claims, err := v.Validate(t.Context(), sign(t, jwt.SigningMethodRS256, "rsa", k.rsa, with(baseClaims(), "custom", "x"), nil))
	if err != nil {
		t.Fatal(err)
	}
	got, err := json.Marshal(claims)
	if err != nil {
		t.Fatal(err)
	}
	want := `{"iss":"https://idp.example.com","sub":"user-1","aud":["https://api.example.com"],` +
		`"exp":1795608300,"nbf":1795607940,"iat":1795607940,"jti":"id-1","client_id":"client-1",` +
		`"scope":["orders:read","orders:write"]}`
	if string(got) != want {
		t.Errorf("json.Marshal(claims) =\n%s\nwant\n%s", got, want)
	}
	// A value, as a struct field holds it, encodes the same way; absent claims are left out.
	sparse := struct {
		C validator.Claims `json:"claims"`
	}{validator.Claims{Subject: "s", ExpiresAt: time.Unix(10, 0)}}
	if got, _ := json.Marshal(&sparse); string(got) != `{"claims":{"sub":"s","exp":10}}` {
		t.Errorf("sparse claims = %s", got)
	}
}
