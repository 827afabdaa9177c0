package validator_test

import (
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/jwtguard/jwtguard/scopes"
	"github.com/jwtguard/jwtguard/validator"
)

// TestErrorDetail checks that each claim check records what it expected and what the token said, that
// the detail stays out of the description and the error text (what clients see), and that values taken
// from the token are bounded and escaped.
func TestErrorDetail(t *testing.T) {
	k := generatedKeys(t)
	huge := "https://" + strings.Repeat("evil", 2048) // an 8 KiB iss
	tests := []struct {
		name   string
		claims jwt.MapClaims
		header map[string]any
		opts   []validator.Option
		reason error
		detail string
	}{
		{"audience", with(baseClaims(), "aud", []string{"https://other.example.com", "x"}), nil, nil,
			validator.ErrInvalidAudience, `aud ["https://other.example.com", "x"], accepted ["https://api.example.com"]`},
		{"no audience", with(baseClaims(), "aud", nil), nil, nil,
			validator.ErrInvalidAudience, `no aud, accepted ["https://api.example.com"]`},
		{"issuer", with(baseClaims(), "iss", "https://idp.example.com/"), nil, nil,
			validator.ErrInvalidIssuer, `iss "https://idp.example.com/", accepted ["https://idp.example.com"]`},
		{"expired", with(baseClaims(), "exp", fixedNow.Add(-time.Hour).Unix()), nil, nil,
			validator.ErrTokenExpired, "exp 2026-11-25T11:00:00Z, now 2026-11-25T12:00:00Z, leeway 30s"},
		{"not yet valid", with(baseClaims(), "nbf", fixedNow.Add(time.Hour).Unix()), nil, nil,
			validator.ErrTokenNotYetValid, "nbf 2026-11-25T13:00:00Z, now 2026-11-25T12:00:00Z, leeway 30s"},
		{"issued in the future", with(baseClaims(), "iat", fixedNow.Add(time.Hour).Unix()), nil, nil,
			validator.ErrTokenNotYetValid, "iat 2026-11-25T13:00:00Z, now 2026-11-25T12:00:00Z, leeway 30s"},
		{"token type", baseClaims(), map[string]any{"typ": "JWT\n"}, []validator.Option{validator.WithTokenType("at+jwt")},
			validator.ErrInvalidTokenType, `typ "JWT\n", want "at+jwt"`},
		{"scope", baseClaims(), nil, []validator.Option{validator.WithRequiredScopes(scopes.All("admin"))},
			validator.ErrInsufficientScope, `scopes granted ["orders:read", "orders:write"], required admin`},
		{"algorithm", baseClaims(), nil, []validator.Option{validator.WithAlgorithms("ES256")},
			validator.ErrUnsupportedAlgorithm, `alg "RS256", allowed [ES256]`},
		{"hostile issuer is bounded", with(baseClaims(), "iss", huge), nil, nil,
			validator.ErrInvalidIssuer, `iss "https://` + strings.Repeat("evil", 30) + `"…(8200 bytes), accepted ["https://idp.example.com"]`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := newValidator(t, standardKeySource(t), tt.opts...)
			token := sign(t, jwt.SigningMethodRS256, "rsa", k.rsa, tt.claims, tt.header)
			_, err := v.Validate(t.Context(), token)
			assertReason(t, err, tt.reason)
			if got := validator.Detail(err); got != tt.detail {
				t.Errorf("Detail = %s\nwant     %s", got, tt.detail)
			}
			if strings.Contains(err.Error(), tt.detail) || strings.Contains(validator.Description(err), tt.detail) {
				t.Errorf("the detail leaks into what the client sees: %q", err.Error())
			}
		})
	}
}

// TestForeignIssuerNamedBeforeKey checks that a token from an issuer the validator does not accept is
// refused as invalid_issuer even when its key is unknown or its signature fails, while a token of the
// accepted issuer keeps unknown_key and invalid_signature, and a dead key source keeps 503.
func TestForeignIssuerNamedBeforeKey(t *testing.T) {
	k := generatedKeys(t)
	foreign := with(baseClaims(), "iss", "https://other-idp.example.com")
	tests := []struct {
		name   string
		token  string
		source validator.KeySource
		reason error
		code   string
		detail string
	}{
		{"foreign issuer, unknown kid", sign(t, jwt.SigningMethodRS256, "theirs", k.other, foreign, nil), standardKeySource(t),
			validator.ErrInvalidIssuer, "invalid_issuer",
			`iss "https://other-idp.example.com", accepted ["https://idp.example.com"]; signature not verified (unknown_key)`},
		{"foreign issuer, our kid, their key", sign(t, jwt.SigningMethodRS256, "rsa", k.other, foreign, nil), standardKeySource(t),
			validator.ErrInvalidIssuer, "invalid_issuer",
			`iss "https://other-idp.example.com", accepted ["https://idp.example.com"]; signature not verified (invalid_signature)`},
		{"no issuer, unknown kid", sign(t, jwt.SigningMethodRS256, "theirs", k.other, with(baseClaims(), "iss", nil), nil), standardKeySource(t),
			validator.ErrInvalidIssuer, "invalid_issuer",
			`no iss, accepted ["https://idp.example.com"]; signature not verified (unknown_key)`},
		{"our issuer, unknown kid", sign(t, jwt.SigningMethodRS256, "theirs", k.other, baseClaims(), nil), standardKeySource(t),
			validator.ErrUnknownKey, "unknown_key", `kid "theirs", alg "RS256"`},
		{"our issuer, forged", sign(t, jwt.SigningMethodRS256, "rsa", k.other, baseClaims(), nil), standardKeySource(t),
			validator.ErrInvalidSignature, "invalid_signature", `kid "rsa", alg "RS256"`},
		{"foreign issuer, keys down", sign(t, jwt.SigningMethodRS256, "rsa", k.rsa, foreign, nil), &mapKeys{err: validator.ErrKeysUnavailable},
			validator.ErrKeysUnavailable, "keys_unavailable", ""},
		{"foreign issuer, payload not JSON", rawToken(t, `{"alg":"RS256","kid":"theirs"}`, `{"iss":`), standardKeySource(t),
			validator.ErrUnknownKey, "unknown_key", `kid "theirs", alg "RS256"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := newValidator(t, tt.source).Validate(t.Context(), tt.token)
			assertReason(t, err, tt.reason)
			if got := validator.Code(err); got != tt.code {
				t.Errorf("Code = %q, want %q", got, tt.code)
			}
			if got := validator.Detail(err); got != tt.detail {
				t.Errorf("Detail = %s\nwant     %s", got, tt.detail)
			}
		})
	}
}
