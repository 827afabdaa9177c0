package validator_test

import (
	"bytes"
	"encoding/json"
	"log/slog"
	"reflect"
	"strings"
	"testing"

	"github.com/golang-jwt/jwt/v5"

	"github.com/jwtguard/jwtguard/validator"
)

func TestPeek(t *testing.T) {
	k := generatedKeys(t)
	valid := sign(t, jwt.SigningMethodES256, "p256", k.p256, baseClaims(), nil)
	tests := []struct {
		name  string
		token string
		want  validator.Unverified
		ok    bool
	}{
		{"valid", valid, validator.Unverified{Issuer: testIssuer, Audience: []string{testAudience}, KeyID: "p256", Algorithm: "ES256"}, true},
		{"forged: nothing is verified", sign(t, jwt.SigningMethodRS256, "rsa", k.other, with(baseClaims(), "aud", []string{"a", "b"}), nil),
			validator.Unverified{Issuer: testIssuer, Audience: []string{"a", "b"}, KeyID: "rsa", Algorithm: "RS256"}, true},
		{"no iss nor aud", rawToken(t, `{"alg":"RS256"}`, `{"sub":"x"}`), validator.Unverified{Algorithm: "RS256"}, true},
		{"claims not JSON: header kept", rawToken(t, `{"alg":"RS256","kid":"k"}`, `{"iss":`), validator.Unverified{KeyID: "k", Algorithm: "RS256"}, false},
		{"aud of the wrong type", rawToken(t, `{"alg":"RS256"}`, `{"aud":1}`), validator.Unverified{Algorithm: "RS256"}, false},
		{"duplicate iss, as Validate refuses", rawToken(t, `{"alg":"RS256"}`, `{"iss":"a","iss":"b"}`), validator.Unverified{Algorithm: "RS256"}, false},
		{"header without alg", rawToken(t, `{"kid":"k"}`, `{}`), validator.Unverified{}, false},
		{"not a JWS", "not-a-token", validator.Unverified{}, false},
		{"empty", "", validator.Unverified{}, false},
		{"too large", valid + strings.Repeat("A", validator.DefaultMaxTokenSize), validator.Unverified{}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := validator.Peek(tt.token)
			if ok != tt.ok || !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Peek = %+v, %v; want %+v, %v", got, ok, tt.want, tt.ok)
			}
		})
	}
}

// TestUnverifiedLogValue checks that a hostile token cannot flood a log line through Peek's values.
func TestUnverifiedLogValue(t *testing.T) {
	huge := strings.Repeat("é", 8000) // 16 000 bytes, two per character
	u := validator.Unverified{Issuer: huge, Audience: make([]string, 1000), KeyID: "k\n1", Algorithm: "RS256"}
	for i := range u.Audience {
		u.Audience[i] = huge
	}
	var buf bytes.Buffer
	slog.New(slog.NewJSONHandler(&buf, nil)).Info("refused", "token", u)
	if buf.Len() > 2048 {
		t.Fatalf("log line of %d bytes", buf.Len())
	}
	var line struct {
		Token struct {
			Iss string   `json:"iss"`
			Aud []string `json:"aud"`
			Kid string   `json:"kid"`
			Alg string   `json:"alg"`
		} `json:"token"`
	}
	if err := json.Unmarshal(buf.Bytes(), &line); err != nil {
		t.Fatal(err)
	}
	wantIss := strings.Repeat("é", 64) + "…(16000 bytes)"
	if line.Token.Iss != wantIss || len(line.Token.Aud) != 8 || line.Token.Aud[7] != wantIss || line.Token.Kid != "k\n1" || line.Token.Alg != "RS256" {
		t.Errorf("logged %+v", line.Token)
	}
	buf.Reset()
	slog.New(slog.NewTextHandler(&buf, nil)).Info("refused", "token", validator.Unverified{Algorithm: "RS256"})
	if !strings.Contains(buf.String(), "token.alg=RS256") || strings.Contains(buf.String(), "token.iss") {
		t.Errorf("absent values not left out: %s", buf.String())
	}
}

// FuzzPeek feeds arbitrary strings to Peek: it must never panic, and must only return values that
// Validate's parser read, never more than the input holds.
func FuzzPeek(f *testing.F) {
	k := generatedKeys(f)
	for _, seed := range []string{
		sign(f, jwt.SigningMethodRS256, "rsa", k.rsa, baseClaims(), nil),
		rawToken(f, `{"alg":"RS256","kid":"rsa"}`, `{"aud":["a",1]}`),
		"", ".", "..", "a.b.c.d.e",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, token string) {
		u, ok := validator.Peek(token)
		if ok && u.Algorithm == "" {
			t.Fatalf("ok without alg: %+v", u)
		}
		if len(u.Issuer)+len(u.KeyID)+len(u.Algorithm) > len(token) {
			t.Fatalf("Peek returned more than the token holds: %+v", u)
		}
	})
}
