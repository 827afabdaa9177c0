// Package examplesetup starts what the adapters' runnable Examples need: a local issuertest issuer and
// a validator for its keys. It exists so the four adapter packages share one setup; an Example's own
// body, which is what documentation shows, stays self-contained.
package examplesetup

import (
	"context"
	"log"

	"github.com/jwtguard/jwtguard/issuertest"
	"github.com/jwtguard/jwtguard/jwks"
	"github.com/jwtguard/jwtguard/validator"
)

// Audience is the audience the validator accepts and every minted token names.
const Audience = "https://api.example.com"

// Bound starts an issuer and a validator for it. mint takes issuertest's options, such as WithDPoPKey or
// WithCertificate, which bind the token. Examples have no *testing.T: a failure stops the program.
func Bound() (v *validator.Validator, mint func(opts ...issuertest.MintOption) string, cleanup func()) {
	iss, err := issuertest.Start()
	if err != nil {
		log.Fatal(err)
	}
	keys, err := jwks.Discover(context.Background(), iss.URL())
	if err != nil {
		iss.Close()
		log.Fatal(err)
	}
	cleanup = func() { _ = keys.Close(); iss.Close() }
	if v, err = validator.New(keys, validator.WithIssuer(iss.URL()), validator.WithAudience(Audience)); err != nil {
		cleanup()
		log.Fatal(err)
	}
	mint = func(opts ...issuertest.MintOption) string {
		token, err := iss.Mint(append(opts, issuertest.WithAudience(Audience))...)
		if err != nil {
			cleanup()
			log.Fatal(err)
		}
		return token
	}
	return v, mint, cleanup
}

// Scoped is Bound for plain bearer tokens: mint gives alice's token with the given scopes.
func Scoped() (v *validator.Validator, mint func(scope ...string) string, cleanup func()) {
	v, mintWith, cleanup := Bound()
	mint = func(scope ...string) string {
		return mintWith(issuertest.WithSubject("alice"), issuertest.WithScope(scope...))
	}
	return v, mint, cleanup
}
