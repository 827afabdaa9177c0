package validator

import (
	"encoding/json"
	"time"
)

// claimsJSON is the JSON form of Claims: registered claim names, times as NumericDate.
type claimsJSON struct {
	Issuer    string   `json:"iss,omitempty"`
	Subject   string   `json:"sub,omitempty"`
	Audience  []string `json:"aud,omitempty"`
	ExpiresAt int64    `json:"exp,omitempty"`
	NotBefore int64    `json:"nbf,omitempty"`
	IssuedAt  int64    `json:"iat,omitempty"`
	ID        string   `json:"jti,omitempty"`
	ClientID  string   `json:"client_id,omitempty"`
	Scopes    []string `json:"scope,omitempty"`
}

// MarshalJSON encodes the typed claims under their registered names — iss, sub, aud (always a list),
// exp, nbf and iat (NumericDate: whole seconds since the epoch), jti, client_id — and the granted
// scopes as "scope", a JSON array (scopes.Set's own JSON form). Absent claims are left out. Header fields and claims of the
// caller's own are not included: RawClaims and RawHeader give the verified JSON as the token carried
// it. The form is for logs and debugging endpoints; it is not a token payload (there "scope" is one
// space-separated string).
func (c *Claims) MarshalJSON() ([]byte, error) {
	return json.Marshal(claimsJSON{
		Issuer:    c.Issuer,
		Subject:   c.Subject,
		Audience:  c.Audience,
		ExpiresAt: numericDateOf(c.ExpiresAt),
		NotBefore: numericDateOf(c.NotBefore),
		IssuedAt:  numericDateOf(c.IssuedAt),
		ID:        c.ID,
		ClientID:  c.ClientID,
		Scopes:    c.Scopes.List(),
	})
}

// numericDateOf returns t in whole seconds since the epoch, 0 (left out) for the zero Time.
func numericDateOf(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.Unix()
}
