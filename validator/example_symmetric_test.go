package validator_test

import (
	"context"
	"fmt"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/jwtguard/jwtguard/validator"
)

// An HS256-only service, whose tokens are signed with a secret it shares with their issuer, needs no
// KeySource: New(nil, WithSymmetricKey(secret), ...) allows exactly the HS algorithms the secret fits.
func ExampleWithSymmetricKey() {
	secret := []byte("0123456789abcdef0123456789abcdef") // at least 32 bytes for HS256; read it from a secret store
	v, err := validator.New(nil, validator.WithSymmetricKey(secret),
		validator.WithIssuer("https://auth.example.com"), validator.WithAudience("https://api.example.com"))
	if err != nil {
		fmt.Println(err)
		return
	}
	raw, _ := jwt.NewWithClaims(jwt.SigningMethodHS256, jwt.MapClaims{
		"iss": "https://auth.example.com", "aud": "https://api.example.com", "sub": "alice",
		"exp": time.Now().Add(time.Hour).Unix(),
	}).SignedString(secret)
	claims, err := v.Validate(context.Background(), raw)
	fmt.Println(claims.Subject, err)

	_, err = validator.New(nil, validator.WithIssuer("https://auth.example.com"), validator.WithAudience("https://api.example.com"))
	fmt.Println(err) // without a secret, a nil KeySource is still refused
	// Output:
	// alice <nil>
	// validator: nil KeySource
}
