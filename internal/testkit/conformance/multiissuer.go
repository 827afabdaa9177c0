package conformance

import (
	"context"
	"testing"

	"github.com/jwtguard/jwtguard/introspect"
	"github.com/jwtguard/jwtguard/issuertest"
	"github.com/jwtguard/jwtguard/jwks"
	"github.com/jwtguard/jwtguard/validator"
)

// MultiIssuer is the setup of the opaque-token and multi-issuer rows: a staff and a customer issuer,
// each bound to its own Validator by validator.ByIssuer, and the staff issuer's opaque tokens checked
// by introspection through validator.WithOpaqueTokens. Down is the same Router whose introspection
// endpoint is unreachable.
type MultiIssuer struct {
	Router, Down *validator.Router
	// Tokens holds the tokens the rows name, by name.
	Tokens map[string]string
}

// MultiIssuerAudience is the audience both issuers' tokens carry.
const MultiIssuerAudience = "https://api.example.com"

// MultiIssuerScope is the scope the rows' scoped route or method requires.
const MultiIssuerScope = "orders:read"

// NewMultiIssuer starts the issuers and mints the tokens; everything stops when the test ends.
func NewMultiIssuer(t testing.TB) *MultiIssuer {
	t.Helper()
	staff, customers, stranger := issuertest.New(t), issuertest.New(t), issuertest.New(t)
	validators := []*validator.Validator{newJWTValidator(t, staff), newJWTValidator(t, customers)}
	router := func(endpoint string) *validator.Router {
		id, secret := staff.IntrospectionClient()
		in, err := introspect.New(endpoint, introspect.WithClientSecretBasic(id, secret),
			introspect.WithIssuer(staff.URL()), introspect.WithAudience(MultiIssuerAudience))
		if err != nil {
			t.Fatal(err)
		}
		r, err := validator.ByIssuer(validators, validator.WithOpaqueTokens(in))
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	down := issuertest.New(t)
	downURL := down.IntrospectionURL()
	down.Close()

	aud := issuertest.WithAudience(MultiIssuerAudience)
	scope := issuertest.WithScope(MultiIssuerScope)
	revoked := staff.MustMintOpaque(t, aud, scope, issuertest.WithSubject("revoked"))
	staff.Revoke(revoked)
	return &MultiIssuer{
		Router: router(staff.IntrospectionURL()),
		Down:   router(downURL),
		Tokens: map[string]string{
			"staff":    staff.MustMint(t, aud, scope, issuertest.WithSubject("staff-1")),
			"customer": customers.MustMint(t, aud, scope, issuertest.WithSubject("customer-1")),
			"stranger": stranger.MustMint(t, aud, scope, issuertest.WithSubject("stranger-1")),
			// Signed by the customer issuer's key, claiming the staff issuer: routed to staff's keys.
			"impostor":        customers.MustMint(t, aud, scope, issuertest.WithClaim("iss", staff.URL())),
			"opaque":          staff.MustMintOpaque(t, aud, scope, issuertest.WithSubject("opaque-1")),
			"opaque-no-scope": staff.MustMintOpaque(t, aud, issuertest.WithSubject("opaque-2")),
			"opaque-other-aud": staff.MustMintOpaque(t, issuertest.WithAudience("https://other.example.com"), scope,
				issuertest.WithSubject("opaque-3")),
			"opaque-revoked": revoked,
			// Issue 22 items 6 and 8: an answer whose iss is empty is not the staff issuer's, and one
			// naming "active" in another case beside "active" is ambiguous, so not a usable answer.
			"opaque-empty-iss":      staff.MustMintOpaque(t, aud, scope, issuertest.WithClaim("iss", "")),
			"opaque-active-variant": staff.MustMintOpaque(t, aud, scope, issuertest.WithClaim("ACTIVE", false)),
		},
	}
}

func newJWTValidator(t testing.TB, iss *issuertest.Issuer) *validator.Validator {
	keys, err := jwks.New(context.Background(), iss.JWKSURL())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = keys.Close() })
	v, err := validator.New(keys, validator.WithIssuer(iss.URL()), validator.WithAudience(MultiIssuerAudience))
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// MultiIssuerCase is one row: a token (by name in MultiIssuer.Tokens), whether the route or method
// requires MultiIssuerScope, whether the introspection endpoint is down, and the answer.
type MultiIssuerCase struct {
	Name   string
	Token  string
	Scoped bool
	Down   bool
	// Code is the reason code the answer carries ("" for success); Subject the sub the handler sees.
	Code    string
	Subject string
}

// MultiIssuerCases are the opaque-token and multi-issuer rows every adapter must answer alike; the
// HTTP status, challenge and gRPC code follow from Code exactly as in the main table.
var MultiIssuerCases = []MultiIssuerCase{
	{Name: "staff JWT", Token: "staff", Subject: "staff-1"},
	{Name: "customer JWT", Token: "customer", Subject: "customer-1"},
	{Name: "customer JWT on a scoped route", Token: "customer", Scoped: true, Subject: "customer-1"},
	{Name: "JWT of an issuer no Validator claims", Token: "stranger", Code: "invalid_issuer"},
	{Name: "JWT claiming another issuer than its signer", Token: "impostor", Code: "unknown_key"},
	{Name: "opaque token", Token: "opaque", Subject: "opaque-1"},
	{Name: "opaque token on a scoped route", Token: "opaque", Scoped: true, Subject: "opaque-1"},
	{Name: "opaque token without the scope", Token: "opaque-no-scope", Scoped: true, Code: "insufficient_scope"},
	{Name: "opaque token for another audience", Token: "opaque-other-aud", Code: "invalid_audience"},
	{Name: "revoked opaque token", Token: "opaque-revoked", Code: "token_inactive"},
	{Name: "opaque token, introspection down", Token: "opaque", Down: true, Code: "introspection_unavailable"},
	{Name: "opaque token whose answer has an empty iss", Token: "opaque-empty-iss", Code: "invalid_issuer"},
	{Name: "opaque token whose answer names active twice", Token: "opaque-active-variant", Code: "introspection_unavailable"},
	{Name: "JWT, introspection down", Token: "staff", Down: true, Subject: "staff-1"},
}
