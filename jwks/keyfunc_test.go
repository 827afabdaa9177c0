package jwks

import (
	"context"
	"crypto/elliptic"
	"crypto/rsa"
	"errors"
	"testing"
	"time"

	"github.com/MicahParks/jwkset"
	"github.com/golang-jwt/jwt/v5"
)

func TestKeyfunc(t *testing.T) {
	r0, ec := rsaKey(t, 0), ecKey(t, elliptic.P256())
	s, err := Static(setJSON(t, publicJWK(t, r0, "r", ""), publicJWK(t, ec, "e", "")))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()

	sign := func(m jwt.SigningMethod, key any, header map[string]any) string {
		tok := jwt.NewWithClaims(m, jwt.MapClaims{"sub": "alice", "exp": time.Now().Add(time.Hour).Unix()})
		for k, v := range header {
			tok.Header[k] = v
		}
		raw, err := tok.SignedString(key)
		if err != nil {
			t.Fatal(err)
		}
		return raw
	}
	refused := errors.New("any refusal")
	tests := []struct {
		name  string
		token string
		want  error // nil: valid; refused: any error
	}{
		{"RS256 by kid", sign(jwt.SigningMethodRS256, r0, map[string]any{"kid": "r"}), nil},
		{"PS512 by kid", sign(jwt.SigningMethodPS512, r0, map[string]any{"kid": "r"}), nil},
		{"ES256 by kid", sign(jwt.SigningMethodES256, ec, map[string]any{"kid": "e"}), nil},
		{"ES256 without kid", sign(jwt.SigningMethodES256, ec, nil), nil},
		{"unknown kid", sign(jwt.SigningMethodRS256, r0, map[string]any{"kid": "x"}), jwkset.ErrKeyNotFound},
		{"unknown kid, jwks sentinel", sign(jwt.SigningMethodRS256, r0, map[string]any{"kid": "x"}), ErrKeyNotFound},
		{"kid of another key type", sign(jwt.SigningMethodES256, ec, map[string]any{"kid": "r"}), refused},
		{"non-string kid", sign(jwt.SigningMethodRS256, r0, map[string]any{"kid": 7}), refused},
		{"signed by a key not in the set", sign(jwt.SigningMethodRS256, rsaKey(t, 1), map[string]any{"kid": "r"}), jwt.ErrTokenSignatureInvalid},
		{"HS256 with the public key as secret", sign(jwt.SigningMethodHS256, []byte("whatever"), map[string]any{"kid": "r"}), refused},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tok, err := jwt.Parse(tt.token, s.Keyfunc().Keyfunc)
			switch {
			case tt.want == nil:
				if err != nil || !tok.Valid {
					t.Fatalf("Parse = %v", err)
				}
			case tt.want == refused:
				if err == nil {
					t.Error("Parse accepted the token")
				}
			case !errors.Is(err, tt.want):
				t.Errorf("Parse err = %v, want %v", err, tt.want)
			}
		})
	}
	want, _ := s.KeyRead(context.Background(), "r")
	if got, err := s.Keyfunc().Storage().KeyRead(context.Background(), "r"); err != nil || !got.Key().(*rsa.PublicKey).Equal(want.Key()) {
		t.Errorf("the Keyfunc does not read the Set: %v", err)
	}
}
