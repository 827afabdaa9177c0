package validator_test

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
	"log"
	"time"

	"github.com/MicahParks/jwkset"
	"github.com/MicahParks/keyfunc/v3"
	"github.com/golang-jwt/jwt/v5"

	"github.com/jwtguard/jwtguard/jwks"
	"github.com/jwtguard/jwtguard/scopes"
	"github.com/jwtguard/jwtguard/validator"
)

// exampleIssuer stands in for an identity provider: a signing key and its public JWK Set.
type exampleIssuer struct {
	key  *ecdsa.PrivateKey
	jwks []byte
}

func newExampleIssuer() exampleIssuer {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		log.Fatal(err)
	}
	jwk, err := jwkset.NewJWKFromKey(key.Public(), jwkset.JWKOptions{Metadata: jwkset.JWKMetadataOptions{KID: "key-1", ALG: jwkset.AlgES256, USE: jwkset.UseSig}})
	if err != nil {
		log.Fatal(err)
	}
	set, err := json.Marshal(jwkset.JWKSMarshal{Keys: []jwkset.JWKMarshal{jwk.Marshal()}})
	if err != nil {
		log.Fatal(err)
	}
	return exampleIssuer{key: key, jwks: set}
}

func (e exampleIssuer) mint(claims jwt.MapClaims) string {
	t := jwt.NewWithClaims(jwt.SigningMethodES256, claims)
	t.Header["kid"] = "key-1"
	t.Header["typ"] = "at+jwt"
	s, err := t.SignedString(e.key)
	if err != nil {
		log.Fatal(err)
	}
	return s
}

func ExampleNew() {
	idp := newExampleIssuer()
	keys, err := jwks.Static(idp.jwks) // in production: jwks.Discover(ctx, "https://idp.example.com")
	if err != nil {
		log.Fatal(err)
	}
	defer keys.Close()

	v, err := validator.New(keys,
		validator.WithIssuer("https://idp.example.com"),
		validator.WithAudience("https://api.example.com"),
		validator.WithAlgorithms("ES256"),
		validator.WithTokenType("at+jwt"),
		validator.WithRequiredScopes(scopes.All("orders:read")),
	)
	fmt.Println(v != nil, err)

	_, err = validator.New(keys, validator.WithAudience("https://api.example.com"))
	fmt.Println(err)
	// Output:
	// true <nil>
	// validator: no issuer configured: use WithIssuer, or WithAnyIssuer to accept any
}

func ExampleValidator_Validate() {
	idp := newExampleIssuer()
	keys, _ := jwks.Static(idp.jwks)
	defer keys.Close()
	v, _ := validator.New(keys,
		validator.WithIssuer("https://idp.example.com"),
		validator.WithAudience("https://api.example.com"),
	)

	now := time.Now()
	token := idp.mint(jwt.MapClaims{
		"iss": "https://idp.example.com", "aud": "https://api.example.com", "sub": "alice",
		"exp": now.Add(time.Hour).Unix(), "iat": now.Unix(), "scope": "orders:read",
	})
	claims, err := v.Validate(context.Background(), token)
	fmt.Println(claims.Subject, claims.Scopes.Has("orders:read"), err)

	expired := idp.mint(jwt.MapClaims{
		"iss": "https://idp.example.com", "aud": "https://api.example.com", "sub": "alice",
		"exp": now.Add(-time.Hour).Unix(),
	})
	_, err = v.Validate(context.Background(), expired)
	var ve *validator.Error
	fmt.Println(errors.Is(err, validator.ErrTokenExpired), errors.As(err, &ve) && ve.Code() == "token_expired")
	// Output:
	// alice true <nil>
	// true true
}

func ExampleClaims_Decode() {
	idp := newExampleIssuer()
	keys, _ := jwks.Static(idp.jwks)
	defer keys.Close()
	v, _ := validator.New(keys, validator.WithIssuer("https://idp.example.com"), validator.WithAudience("https://api.example.com"))
	token := idp.mint(jwt.MapClaims{
		"iss": "https://idp.example.com", "aud": "https://api.example.com", "sub": "alice",
		"exp": time.Now().Add(time.Hour).Unix(), "tenant": "acme", "roles": []string{"admin"},
	})
	claims, err := v.Validate(context.Background(), token)
	if err != nil {
		log.Fatal(err)
	}

	var mine struct {
		Tenant string   `json:"tenant"`
		Roles  []string `json:"roles"`
	}
	if err := claims.Decode(&mine); err != nil {
		log.Fatal(err)
	}
	fmt.Println(mine.Tenant, mine.Roles)
	// Output: acme [admin]
}

func ExampleFromContext() {
	ctx := validator.NewContext(context.Background(), &validator.Claims{Subject: "alice"})
	if claims, ok := validator.FromContext(ctx); ok {
		fmt.Println(claims.Subject)
	}
	// Output: alice
}

// ExampleFromKeyfunc is the migration from golang-jwt + keyfunc/v3: keep the Keyfunc, swap jwt.Parse
// for a Validator. The three lines marked "before" become the three marked "after".
func ExampleFromKeyfunc() {
	idp := newExampleIssuer()
	raw := idp.mint(jwt.MapClaims{"iss": "https://idp.example.com", "aud": "https://api.example.com", "sub": "alice", "exp": time.Now().Add(time.Hour).Unix()})
	ctx := context.Background()

	// before:
	k, _ := keyfunc.NewJWKSetJSON(idp.jwks) // or keyfunc.NewDefaultCtx(ctx, []string{jwksURL})
	token, err := jwt.Parse(raw, k.Keyfunc, jwt.WithValidMethods([]string{"ES256"}), jwt.WithIssuer("https://idp.example.com"), jwt.WithAudience("https://api.example.com"))
	fmt.Println("golang-jwt:", err == nil && token.Valid)

	// after:
	v, _ := validator.New(validator.FromKeyfunc(k), validator.WithIssuer("https://idp.example.com"), validator.WithAudience("https://api.example.com"))
	claims, err := v.Validate(ctx, raw)
	fmt.Println("jwtguard:", err == nil, claims.Subject)
	// Output:
	// golang-jwt: true
	// jwtguard: true alice
}

// ExampleValidator_keyfunc shows a *jwks.Set serving both worlds: the validator, and golang-jwt code
// not yet migrated, through the Set's keyfunc/v3 Keyfunc.
func ExampleValidator_keyfunc() {
	idp := newExampleIssuer()
	raw := idp.mint(jwt.MapClaims{"iss": "https://idp.example.com", "aud": "https://api.example.com", "exp": time.Now().Add(time.Hour).Unix()})
	set, err := jwks.Static(idp.jwks) // in production: jwks.New or jwks.Discover, fetched by jwtguard
	if err != nil {
		log.Fatal(err)
	}
	defer set.Close()

	v, _ := validator.New(set, validator.WithIssuer("https://idp.example.com"), validator.WithAudience("https://api.example.com"))
	_, err = v.Validate(context.Background(), raw)
	fmt.Println("validator:", err)

	token, err := jwt.Parse(raw, set.Keyfunc().Keyfunc, jwt.WithValidMethods([]string{"ES256"}))
	fmt.Println("golang-jwt:", err == nil && token.Valid)
	// Output:
	// validator: <nil>
	// golang-jwt: true
}
