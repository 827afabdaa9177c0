package validator_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/golang-jwt/jwt/v5"

	"github.com/jwtguard/jwtguard/validator"
)

// FuzzValidate feeds arbitrary strings to Validate: it must never panic, every failure must be a
// *validator.Error with a known code that does not echo the input, and a success must only be possible
// for input that carries a real signature (the seeds' valid token, or a re-spelling of it).
func FuzzValidate(f *testing.F) {
	k := generatedKeys(f)
	valid := sign(f, jwt.SigningMethodRS256, "rsa", k.rsa, baseClaims(), nil)
	parts := strings.Split(valid, ".")
	for _, seed := range []string{
		valid,
		sign(f, jwt.SigningMethodES256, "p256", k.p256, baseClaims(), nil),
		sign(f, jwt.SigningMethodEdDSA, "ed", k.ed, baseClaims(), nil),
		parts[0] + "." + parts[1] + ".",
		parts[0] + "." + parts[1],
		"a.b.c.d.e",
		"eyJhbGciOiJub25lIn0.e30.",
		rawToken(f, `{"alg":"RS256","kid":"rsa","alg":"none"}`, `{}`),
		rawToken(f, `{"alg":"RS256","kid":"rsa","crit":["x"]}`, `{}`),
		rawToken(f, `{"alg":"RS256","kid":"rsa"}`, `{"exp":"1","aud":[]}`),
		"",
		".",
		"..",
	} {
		f.Add(seed)
	}
	v, err := validator.New(standardKeySource(f),
		validator.WithIssuer(testIssuer), validator.WithAudience(testAudience), validator.WithClock(fixedClock))
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, token string) {
		claims, err := v.Validate(context.Background(), token)
		if err == nil {
			if claims == nil || claims.Issuer != testIssuer {
				t.Fatalf("accepted with claims %+v", claims)
			}
			return
		}
		var ve *validator.Error
		if !errors.As(err, &ve) || validator.Code(err) == "" {
			t.Fatalf("error %v is not a coded *validator.Error", err)
		}
		if len(token) >= 16 && strings.Contains(err.Error(), token) {
			t.Fatalf("error echoes the token")
		}
	})
}
