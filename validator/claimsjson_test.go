package validator_test

import (
	"testing"
	"time"

	"github.com/jwtguard/jwtguard/validator"
)

func TestClaimsFromJSON(t *testing.T) {
	data := []byte(`{"active":true,"iss":"https://idp","sub":"alice","aud":["a","b"],"exp":100,"iat":50,"nbf":60,` +
		`"jti":"j","client_id":"c","scope":"x y","username":"al"}`)
	c, err := validator.ClaimsFromJSON(data)
	if err != nil {
		t.Fatal(err)
	}
	if c.Issuer != "https://idp" || c.Subject != "alice" || len(c.Audience) != 2 || c.Audience[1] != "b" ||
		!c.ExpiresAt.Equal(time.Unix(100, 0)) || !c.IssuedAt.Equal(time.Unix(50, 0)) || !c.NotBefore.Equal(time.Unix(60, 0)) ||
		c.ID != "j" || c.ClientID != "c" || !c.Scopes.Has("x") || !c.Scopes.Has("y") {
		t.Fatalf("claims %+v", c)
	}
	copy(data, "XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX") // the caller's buffer is not shared
	if c.Issuer != "https://idp" {
		t.Fatalf("Issuer changed with the caller's buffer: %q", c.Issuer)
	}
	var mine struct {
		Username string `json:"username"`
	}
	if err := c.Decode(&mine); err != nil || mine.Username != "al" {
		t.Fatalf("Decode: %+v, %v", mine, err)
	}
	if v, ok := c.Get("active"); !ok || v != true {
		t.Fatalf("Get(active) = %v, %v", v, ok)
	}
	if string(c.RawClaims())[:15] != `{"active":true,` {
		t.Fatalf("RawClaims = %s", c.RawClaims())
	}
}

func TestClaimsFromJSONIsStrict(t *testing.T) {
	for _, bad := range []string{
		``, `[]`, `{"sub":"a","sub":"b"}`, `{"Sub":"a","sub":"b"}`, `{"exp":"100"}`, `{"aud":[1]}`, `{"scope":5}`, `{"sub":"a"} x`,
	} {
		if _, err := validator.ClaimsFromJSON([]byte(bad)); !errorsIsMalformed(err) {
			t.Errorf("ClaimsFromJSON(%s) = %v, want malformed_token", bad, err)
		}
	}
}

func errorsIsMalformed(err error) bool { return validator.Code(err) == "malformed_token" }
