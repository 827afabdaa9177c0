package conformance

import (
	"fmt"
	"maps"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/jwtguard/jwtguard/internal/testkit/testtoken"
	"github.com/jwtguard/jwtguard/stepup"
	"github.com/jwtguard/jwtguard/validator"
)

// The configurations of the challenge table (ChallengeCases): realm and resource_metadata in every
// combination, plus the optional and keys-down variants.
const (
	// RealmAndMetadata gives New WithRealm(Realm) and WithResourceMetadata(MetadataURL).
	RealmAndMetadata Setup = "realm+metadata"
	// MetadataOnly gives New WithResourceMetadata(MetadataURL) and no realm.
	MetadataOnly Setup = "metadata"
	// RealmOnly gives New WithRealm(Realm) and no resource_metadata.
	RealmOnly Setup = "realm"
	// Bare gives New no option at all.
	Bare Setup = "bare"
	// OptionalWithMetadata is RealmAndMetadata plus WithCredentialsOptional.
	OptionalWithMetadata Setup = "optional+metadata"
	// KeysDownWithMetadata is RealmAndMetadata over a key source that always fails.
	KeysDownWithMetadata Setup = "keys-down+metadata"
)

// ChallengeSetups lists every Setup of the challenge table.
var ChallengeSetups = []Setup{RealmAndMetadata, MetadataOnly, RealmOnly, Bare, OptionalWithMetadata, KeysDownWithMetadata}

// MetadataURL is the RFC 9728 metadata URL the setups with resource_metadata configure: that of the
// resource testtoken.Audience.
const MetadataURL = testtoken.Audience + "/.well-known/oauth-protected-resource"

// The step-up routes every adapter's challenge server serves, each behind Middleware.
const (
	// PathStepUp is behind g.RequireAuthentication(StepUp).
	PathStepUp = "/transfers"
	// PathRecent is behind the free functions: RequireAuthentication(Recent, opts...).
	PathRecent = "/settings"
	// PathMFA is behind g.RequireAuthentication(MFA).
	PathMFA = "/keys"
)

// The step-up requirements of the routes: both parameters, max_age only, acr_values only.
var (
	StepUp = stepup.Requirement{ACRValues: []string{"urn:example:mfa", "phr"}, MaxAge: 5 * time.Minute}
	Recent = stepup.Requirement{MaxAge: 10 * time.Minute}
	MFA    = stepup.Requirement{ACRValues: []string{"urn:example:mfa"}}
)

// ChallengeConfig is what an adapter needs to build its server for one challenge Setup. Empty
// strings mean "leave the option out": WithRealm("") is harmless, but WithResourceMetadata("")
// panics.
type ChallengeConfig struct {
	Validator        validator.TokenValidator
	Realm            string
	ResourceMetadata string
	Optional         bool
}

// ChallengeBuild returns an adapter's server for RunChallenges. With opts the options cfg names, it
// serves, each handler answering 200 with Greeting as for Build:
//
//	PathOpen    g.Middleware                      (g := New(cfg.Validator, opts...))
//	PathScoped  g.Middleware, g.Require(WriteScope)
//	PathStepUp  g.Middleware, g.RequireAuthentication(StepUp)
//	PathMFA     g.Middleware, g.RequireAuthentication(MFA)
//	PathRecent  Middleware(cfg.Validator, opts...), RequireAuthentication(Recent, opts...)
type ChallengeBuild func(cfg ChallengeConfig) http.Handler

// ChallengeConfigFor returns the ChallengeConfig of setup, validating tokens minted by m.
func ChallengeConfigFor(setup Setup, m *testtoken.Minter) (ChallengeConfig, error) {
	v, err := m.Validator()
	if err != nil {
		return ChallengeConfig{}, err
	}
	c := ChallengeConfig{Validator: v, Realm: Realm, ResourceMetadata: MetadataURL}
	switch setup {
	case RealmAndMetadata:
	case MetadataOnly:
		c.Realm = ""
	case RealmOnly:
		c.ResourceMetadata = ""
	case Bare:
		c.Realm, c.ResourceMetadata = "", ""
	case OptionalWithMetadata:
		c.Optional = true
	case KeysDownWithMetadata:
		if c.Validator, err = testtoken.UnavailableValidator(); err != nil {
			return ChallengeConfig{}, err
		}
	default:
		return ChallengeConfig{}, fmt.Errorf("conformance: unknown challenge setup %q", setup)
	}
	return c, nil
}

// MintStepUpTokens mints the tokens of the step-up rows. Their auth_time is measured from now, the
// wall clock the adapters check max_age against, while exp and iat stay at testtoken.Now for the
// validator's fixed clock. All of them grant orders:read and orders:write except "mfa-reader".
func MintStepUpTokens(m *testtoken.Minter, now time.Time) Tokens {
	fresh, stale := now.Unix(), now.Add(-time.Hour).Unix()
	writer := testtoken.Scope("orders:read orders:write")
	return Tokens{
		"mfa":          m.Token(writer, testtoken.Claim("acr", "urn:example:mfa"), testtoken.Claim("auth_time", fresh)),
		"phr":          m.Token(writer, testtoken.Claim("acr", "phr"), testtoken.Claim("auth_time", fresh)),
		"pwd":          m.Token(writer, testtoken.Claim("acr", "pwd"), testtoken.Claim("auth_time", fresh)),
		"stale":        m.Token(writer, testtoken.Claim("acr", "urn:example:mfa"), testtoken.Claim("auth_time", stale)),
		"no-acr":       m.Token(writer, testtoken.Claim("auth_time", fresh)),
		"no-auth-time": m.Token(writer, testtoken.Claim("acr", "urn:example:mfa")),
		"acr-number":   m.Token(writer, testtoken.Claim("acr", 2), testtoken.Claim("auth_time", fresh)),
		"mfa-reader":   m.Token(testtoken.Claim("acr", "urn:example:mfa"), testtoken.Claim("auth_time", fresh)),
	}
}

// RunChallenges runs ChallengeCases against servers made by build, one real loopback server per
// challenge Setup, and checks every answer byte for byte, and every answer and log line for any
// trace of a token.
func RunChallenges(t *testing.T, build ChallengeBuild) {
	t.Helper()
	m, err := testtoken.NewMinter()
	if err != nil {
		t.Fatal(err)
	}
	tokens := MintTokens(m)
	maps.Copy(tokens, MintStepUpTokens(m, time.Now()))
	runTable(t, ChallengeSetups, ChallengeCases, tokens, func(setup Setup) (http.Handler, error) {
		cfg, err := ChallengeConfigFor(setup, m)
		if err != nil {
			return nil, err
		}
		return build(cfg), nil
	})
}

// InvalidMetadataURLs are values WithResourceMetadata must refuse at construction, with why.
var InvalidMetadataURLs = map[string]string{
	"":                                      "empty",
	"/.well-known/oauth-protected-resource": "relative",
	"http://api.example.com/.well-known/oauth-protected-resource":          "plain http to a remote host",
	"ftp://api.example.com/.well-known/oauth-protected-resource":           "not http(s)",
	"https://api.example.com/.well-known/oauth-protected-resource#x":       "fragment",
	"https://user:pw@api.example.com/.well-known/oauth-protected-resource": "credentials",
	"https://api.example.com/a b":                                          "space",
	`https://api.example.com/"x"`:                                          "quote",
	"https://api.example.com/x\r\nSet-Cookie: a=b":                         "CR LF",
	"https:///.well-known/oauth-protected-resource":                        "no host",
}

// InvalidRequirements are step-up requirements RequireAuthentication must refuse at construction.
var InvalidRequirements = map[string]stepup.Requirement{
	"MaxAge in nanoseconds": {MaxAge: 300},
	"negative MaxAge":       {MaxAge: -time.Minute},
	"space in an ACR value": {ACRValues: []string{"urn:example:mfa phr"}},
	"empty ACR value":       {ACRValues: []string{""}},
	"repeated ACR value":    {ACRValues: []string{"phr", "phr"}},
}

// RunInvalidOptions checks that an adapter refuses, at construction, every InvalidMetadataURLs value
// and every InvalidRequirements entry: each of metadata builds middleware with
// WithResourceMetadata(url) (New, Middleware, RequireScopes, RequireAuthentication), each of stepUp
// builds RequireAuthentication(req) (the Guard's and the free function), and each must panic with a
// message starting "jwtguard: ".
func RunInvalidOptions(t *testing.T, metadata []func(url string), stepUp []func(req stepup.Requirement)) {
	t.Helper()
	for u, why := range InvalidMetadataURLs {
		t.Run(why, func(t *testing.T) {
			for _, build := range metadata {
				mustPanic(t, func() { build(u) })
			}
		})
	}
	for why, req := range InvalidRequirements {
		t.Run(why, func(t *testing.T) {
			for _, build := range stepUp {
				mustPanic(t, func() { build(req) })
			}
		})
	}
}

// mustPanic runs f and fails the test unless it panics with a message starting "jwtguard: ".
func mustPanic(t *testing.T, f func()) {
	t.Helper()
	defer func() {
		t.Helper()
		switch r := recover().(type) {
		case nil:
			t.Error("construction did not panic")
		case string:
			if !strings.HasPrefix(r, "jwtguard: ") {
				t.Errorf("panic %q does not start with \"jwtguard: \"", r)
			}
		default:
			t.Errorf("panic with %T %v, want a string", r, r)
		}
	}()
	f()
}
