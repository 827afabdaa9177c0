package validator_test

import (
	"context"
	"encoding/base64"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/jwtguard/jwtguard/scopes"
	"github.com/jwtguard/jwtguard/validator"
)

func newValidator(t *testing.T, source validator.KeySource, opts ...validator.Option) *validator.Validator {
	t.Helper()
	base := []validator.Option{
		validator.WithIssuer(testIssuer),
		validator.WithAudience(testAudience),
		validator.WithClock(fixedClock),
	}
	v, err := validator.New(source, append(base, opts...)...)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return v
}

func with(c jwt.MapClaims, name string, value any) jwt.MapClaims {
	if value == nil {
		delete(c, name)
	} else {
		c[name] = value
	}
	return c
}

func TestValidateAlgorithms(t *testing.T) {
	k := generatedKeys(t)
	v := newValidator(t, standardKeySource(t))
	cases := []struct {
		method jwt.SigningMethod
		kid    string
		key    any
	}{
		{jwt.SigningMethodRS256, "rsa", k.rsa},
		{jwt.SigningMethodRS384, "rsa", k.rsa},
		{jwt.SigningMethodRS512, "rsa", k.rsa},
		{jwt.SigningMethodPS256, "rsa", k.rsa},
		{jwt.SigningMethodPS384, "rsa", k.rsa},
		{jwt.SigningMethodPS512, "rsa", k.rsa},
		{jwt.SigningMethodES256, "p256", k.p256},
		{jwt.SigningMethodES384, "p384", k.p384},
		{jwt.SigningMethodES512, "p521", k.p521},
		{jwt.SigningMethodEdDSA, "ed", k.ed},
	}
	for _, tc := range cases {
		t.Run(tc.method.Alg(), func(t *testing.T) {
			token := sign(t, tc.method, tc.kid, tc.key, baseClaims(), nil)
			claims, err := v.Validate(context.Background(), token)
			if err != nil {
				t.Fatalf("Validate: %v", err)
			}
			if claims.Algorithm != tc.method.Alg() || claims.KeyID != tc.kid {
				t.Errorf("header fields = %q/%q", claims.Algorithm, claims.KeyID)
			}
		})
	}
}

func TestValidateClaims(t *testing.T) {
	k := generatedKeys(t)
	v := newValidator(t, standardKeySource(t))
	token := sign(t, jwt.SigningMethodRS256, "rsa", k.rsa, with(baseClaims(), "aud", []string{"other", testAudience}), nil)
	c, err := v.Validate(context.Background(), token)
	if err != nil {
		t.Fatal(err)
	}
	if c.Issuer != testIssuer || c.Subject != "user-1" || c.ID != "id-1" || c.ClientID != "client-1" {
		t.Errorf("registered claims: %+v", c)
	}
	if len(c.Audience) != 2 || c.Audience[1] != testAudience {
		t.Errorf("Audience = %v", c.Audience)
	}
	if !c.ExpiresAt.Equal(fixedNow.Add(5*time.Minute)) || !c.IssuedAt.Equal(fixedNow.Add(-time.Minute)) || !c.NotBefore.Equal(fixedNow.Add(-time.Minute)) {
		t.Errorf("dates: exp %v iat %v nbf %v", c.ExpiresAt, c.IssuedAt, c.NotBefore)
	}
	if !c.Scopes.Has("orders:read") || !c.Scopes.Has("orders:write") || c.Scopes.Len() != 2 {
		t.Errorf("Scopes = %v", c.Scopes)
	}
	if c.Type != "at+jwt" {
		t.Errorf("Type = %q", c.Type)
	}
	var custom struct {
		ClientID string `json:"client_id"`
		Scope    string `json:"scope"`
	}
	if err := c.Decode(&custom); err != nil || custom.ClientID != "client-1" || custom.Scope != "orders:read orders:write" {
		t.Errorf("Decode = %+v, %v", custom, err)
	}
	if sub, ok := c.Get("sub"); !ok || sub != "user-1" {
		t.Errorf("Get(sub) = %v, %v", sub, ok)
	}
	if _, ok := c.Get("absent"); ok {
		t.Error("Get(absent) reported present")
	}
	if !strings.Contains(string(c.RawHeader()), `"kid":"rsa"`) || !strings.Contains(string(c.RawClaims()), `"jti":"id-1"`) {
		t.Errorf("raw: %s %s", c.RawHeader(), c.RawClaims())
	}
}

func TestValidateScpClaim(t *testing.T) {
	k := generatedKeys(t)
	v := newValidator(t, standardKeySource(t))
	for name, scp := range map[string]any{"string": "a b", "array": []string{"a", "b"}} {
		t.Run(name, func(t *testing.T) {
			c := with(with(baseClaims(), "scope", nil), "scp", scp)
			claims, err := v.Validate(context.Background(), sign(t, jwt.SigningMethodRS256, "rsa", k.rsa, c, nil))
			if err != nil {
				t.Fatal(err)
			}
			if !claims.Scopes.Has("a") || !claims.Scopes.Has("b") {
				t.Errorf("Scopes = %v", claims.Scopes)
			}
		})
	}
}

func TestValidateRejections(t *testing.T) {
	k := generatedKeys(t)
	rs := func(c jwt.MapClaims) string { return sign(t, jwt.SigningMethodRS256, "rsa", k.rsa, c, nil) }
	valid := rs(baseClaims())
	parts := strings.Split(valid, ".")
	hs := sign(t, jwt.SigningMethodHS256, "rsa", []byte(strings.Repeat("k", 32)), baseClaims(), nil)
	noneHeader := base64.RawURLEncoding.EncodeToString([]byte(`{"alg":"none","typ":"JWT"}`))
	nowSecs := fixedNow.Unix()
	cases := []struct {
		name  string
		token string
		want  error
	}{
		{"empty", "", validator.ErrMissingToken},
		{"too large", strings.Repeat("a", validator.DefaultMaxTokenSize+1), validator.ErrTokenTooLarge},
		{"two segments", parts[0] + "." + parts[1], validator.ErrMalformedToken},
		{"four segments", valid + ".x", validator.ErrMalformedToken},
		{"JWE five segments", "a.b.c.d.e", validator.ErrMalformedToken},
		{"empty signature", parts[0] + "." + parts[1] + ".", validator.ErrInvalidSignature},
		{"trailing newline", valid + "\n", validator.ErrMalformedToken},
		{"CRLF inside the signature", parts[0] + "." + parts[1] + "." + parts[2][:10] + "\r\n" + parts[2][10:], validator.ErrMalformedToken},
		{"CR inside the header", parts[0][:4] + "\r" + parts[0][4:] + "." + parts[1] + "." + parts[2], validator.ErrMalformedToken},
		{"padded header", parts[0] + "=." + parts[1] + "." + parts[2], validator.ErrMalformedToken},
		{"standard base64 signature", parts[0] + "." + parts[1] + "." + strings.NewReplacer("-", "+", "_", "/").Replace(parts[2]) + "+", validator.ErrMalformedToken},
		{"header not JSON", base64.RawURLEncoding.EncodeToString([]byte("nope")) + "." + parts[1] + "." + parts[2], validator.ErrMalformedToken},
		{"header array", rawToken(t, `["alg"]`, claimsJSON(t, baseClaims())), validator.ErrMalformedToken},
		{"header without alg", rawToken(t, `{"kid":"rsa"}`, claimsJSON(t, baseClaims())), validator.ErrMalformedToken},
		{"duplicate alg", rawToken(t, `{"alg":"RS256","kid":"rsa","alg":"RS256"}`, claimsJSON(t, baseClaims())), validator.ErrMalformedToken},
		{"escaped duplicate alg", rawToken(t, `{"alg":"RS256","kid":"rsa","\u0061lg":"RS256"}`, claimsJSON(t, baseClaims())), validator.ErrMalformedToken},
		{"case variant ALG", rawToken(t, `{"alg":"RS256","kid":"rsa","ALG":"none"}`, claimsJSON(t, baseClaims())), validator.ErrMalformedToken},
		{"crit", rawToken(t, `{"alg":"RS256","kid":"rsa","crit":["exp"],"exp":1}`, claimsJSON(t, baseClaims())), validator.ErrMalformedToken},
		{"b64 false", rawToken(t, `{"alg":"RS256","kid":"rsa","b64":false,"crit":["b64"]}`, claimsJSON(t, baseClaims())), validator.ErrMalformedToken},
		{"alg not a string", rawToken(t, `{"alg":256,"kid":"rsa"}`, claimsJSON(t, baseClaims())), validator.ErrMalformedToken},
		{"alg none", noneHeader + "." + parts[1] + ".", validator.ErrUnsupportedAlgorithm},
		{"alg none with signature", noneHeader + "." + parts[1] + "." + parts[2], validator.ErrUnsupportedAlgorithm},
		{"alg NoNe", rawToken(t, `{"alg":"NoNe","kid":"rsa"}`, claimsJSON(t, baseClaims())), validator.ErrUnsupportedAlgorithm},
		{"HS256 by default", hs, validator.ErrUnsupportedAlgorithm},
		{"unknown kid", sign(t, jwt.SigningMethodRS256, "nope", k.rsa, baseClaims(), nil), validator.ErrUnknownKey},
		{"no kid", sign(t, jwt.SigningMethodRS256, "", k.rsa, baseClaims(), nil), validator.ErrUnknownKey},
		{"kid of an EC key for RS256", sign(t, jwt.SigningMethodRS256, "p256", k.rsa, baseClaims(), nil), validator.ErrUnknownKey},
		{"ES256 with a P-384 key", sign(t, jwt.SigningMethodES256, "p384", k.p256, baseClaims(), nil), validator.ErrUnknownKey},
		{"RSA-1024 key", sign(t, jwt.SigningMethodRS256, "rsa1024", k.rsa1024, baseClaims(), nil), validator.ErrUnknownKey},
		{"forged signature", sign(t, jwt.SigningMethodRS256, "rsa", k.other, baseClaims(), nil), validator.ErrInvalidSignature},
		{"payload swapped", parts[0] + "." + strings.Split(rs(with(baseClaims(), "sub", "admin")), ".")[1] + "." + parts[2], validator.ErrInvalidSignature},
		{"ES256 zero signature", strings.Join(strings.Split(sign(t, jwt.SigningMethodES256, "p256", k.p256, baseClaims(), nil), ".")[:2], ".") + "." + base64.RawURLEncoding.EncodeToString(make([]byte, 64)), validator.ErrInvalidSignature},
		{"expired", rs(with(baseClaims(), "exp", nowSecs-31)), validator.ErrTokenExpired},
		{"expired at exactly leeway", rs(with(baseClaims(), "exp", nowSecs-30)), validator.ErrTokenExpired},
		{"no exp", rs(with(baseClaims(), "exp", nil)), validator.ErrMissingClaim},
		{"exp null", rs(with(baseClaims(), "exp", nil)), validator.ErrMissingClaim},
		{"exp as string", rs(with(baseClaims(), "exp", "4102444800")), validator.ErrMalformedToken},
		{"nbf in future", rs(with(baseClaims(), "nbf", nowSecs+31)), validator.ErrTokenNotYetValid},
		{"iat in future", rs(with(baseClaims(), "iat", nowSecs+31)), validator.ErrTokenNotYetValid},
		{"wrong issuer", rs(with(baseClaims(), "iss", "https://evil.example.com")), validator.ErrInvalidIssuer},
		{"issuer trailing slash", rs(with(baseClaims(), "iss", testIssuer+"/")), validator.ErrInvalidIssuer},
		{"issuer other case", rs(with(baseClaims(), "iss", strings.ToUpper(testIssuer))), validator.ErrInvalidIssuer},
		{"no issuer", rs(with(baseClaims(), "iss", nil)), validator.ErrInvalidIssuer},
		{"issuer number", rs(with(baseClaims(), "iss", 7)), validator.ErrMalformedToken},
		{"wrong audience", rs(with(baseClaims(), "aud", "https://other.example.com")), validator.ErrInvalidAudience},
		{"empty audience array", rs(with(baseClaims(), "aud", []string{})), validator.ErrInvalidAudience},
		{"no audience", rs(with(baseClaims(), "aud", nil)), validator.ErrInvalidAudience},
		{"audience array of numbers", rs(with(baseClaims(), "aud", []int{1})), validator.ErrMalformedToken},
		{"payload array", rawToken(t, `{"alg":"RS256","kid":"rsa"}`, `[1,2]`), validator.ErrMalformedToken},
		{"payload duplicate exp", rawToken(t, `{"alg":"RS256","kid":"rsa"}`, `{"iss":"`+testIssuer+`","aud":"`+testAudience+`","exp":1,"exp":4102444800}`), validator.ErrMalformedToken},
		{"payload case variant Exp", rawToken(t, `{"alg":"RS256","kid":"rsa"}`, `{"iss":"`+testIssuer+`","aud":"`+testAudience+`","Exp":4102444800}`), validator.ErrMalformedToken},
		{"deep nesting", rawToken(t, `{"alg":"RS256","kid":"rsa"}`, `{"x":`+strings.Repeat("[", 5000)+strings.Repeat("]", 5000)+`}`), validator.ErrMissingClaim},
	}
	v := newValidator(t, standardKeySource(t))
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := v.Validate(context.Background(), tc.token)
			assertReason(t, err, tc.want)
			var ve *validator.Error
			if !errors.As(err, &ve) {
				t.Fatalf("error %T is not a *validator.Error", err)
			}
			if ve.Code() == "" || validator.Code(err) != ve.Code() {
				t.Errorf("Code() = %q", ve.Code())
			}
			assertNoTokenIn(t, err.Error(), tc.token)
		})
	}
}

func TestValidateOptions(t *testing.T) {
	k := generatedKeys(t)
	secret := []byte(strings.Repeat("s", 32))
	rs := func(c jwt.MapClaims, header map[string]any) string {
		return sign(t, jwt.SigningMethodRS256, "rsa", k.rsa, c, header)
	}
	es := sign(t, jwt.SigningMethodES256, "p256", k.p256, baseClaims(), nil)
	nowSecs := fixedNow.Unix()
	cases := []struct {
		name  string
		opts  []validator.Option
		token string
		want  error
	}{
		{"algorithms exclude ES256", []validator.Option{validator.WithAlgorithms("RS256")}, es, validator.ErrUnsupportedAlgorithm},
		{"algorithms include ES256", []validator.Option{validator.WithAlgorithms("RS256", "ES256")}, es, nil},
		{"second issuer", []validator.Option{validator.WithIssuer("https://other")}, rs(with(baseClaims(), "iss", "https://other"), nil), nil},
		{"second audience", []validator.Option{validator.WithAudience("api2")}, rs(with(baseClaims(), "aud", "api2"), nil), nil},
		{"leeway zero expired", []validator.Option{validator.WithLeeway(0)}, rs(with(baseClaims(), "exp", nowSecs), nil), validator.ErrTokenExpired},
		{"leeway zero just valid", []validator.Option{validator.WithLeeway(0)}, rs(with(baseClaims(), "exp", nowSecs+1), nil), nil},
		{"leeway covers nbf", []validator.Option{validator.WithLeeway(time.Minute)}, rs(with(baseClaims(), "nbf", nowSecs+59), nil), nil},
		{"leeway covers exp", []validator.Option{validator.WithLeeway(time.Minute)}, rs(with(baseClaims(), "exp", nowSecs-59), nil), nil},
		{"token type matches", []validator.Option{validator.WithTokenType("at+jwt")}, rs(baseClaims(), nil), nil},
		{"token type with prefix and case", []validator.Option{validator.WithTokenType("at+jwt")}, rs(baseClaims(), map[string]any{"typ": "Application/AT+JWT"}), nil},
		{"token type JWT refused", []validator.Option{validator.WithTokenType("at+jwt")}, rs(baseClaims(), map[string]any{"typ": "JWT"}), validator.ErrInvalidTokenType},
		{"token type absent refused", []validator.Option{validator.WithTokenType("at+jwt")}, rs(baseClaims(), map[string]any{"typ": nil}), validator.ErrInvalidTokenType},
		{"required claim present", []validator.Option{validator.WithRequiredClaims("sub", "client_id")}, rs(baseClaims(), nil), nil},
		{"required claim absent", []validator.Option{validator.WithRequiredClaims("sub", "tenant")}, rs(baseClaims(), nil), validator.ErrMissingClaim},
		{"required claim null", []validator.Option{validator.WithRequiredClaims("sub")}, rs(with(baseClaims(), "sub", nil), nil), validator.ErrMissingClaim},
		{"required scopes met", []validator.Option{validator.WithRequiredScopes(scopes.All("orders:read"))}, rs(baseClaims(), nil), nil},
		{"required scopes unmet", []validator.Option{validator.WithRequiredScopes(scopes.All("orders:read", "admin"))}, rs(baseClaims(), nil), validator.ErrInsufficientScope},
		{"required any scope", []validator.Option{validator.WithRequiredScopes(scopes.Any("admin", "orders:write"))}, rs(baseClaims(), nil), nil},
		{"max token size", []validator.Option{validator.WithMaxTokenSize(100)}, rs(baseClaims(), nil), validator.ErrTokenTooLarge},
		{"clock moved past exp", []validator.Option{validator.WithClock(func() time.Time { return fixedNow.Add(time.Hour) })}, rs(baseClaims(), nil), validator.ErrTokenExpired},
		{"issuer not configured", nil, rs(with(baseClaims(), "iss", "https://anyone"), nil), validator.ErrInvalidIssuer},
		{"symmetric key HS256", []validator.Option{validator.WithSymmetricKey(secret)}, sign(t, jwt.SigningMethodHS256, "", secret, baseClaims(), nil), nil},
		{"symmetric key wrong secret", []validator.Option{validator.WithSymmetricKey(secret)}, sign(t, jwt.SigningMethodHS256, "", []byte(strings.Repeat("x", 32)), baseClaims(), nil), validator.ErrInvalidSignature},
		{"RSA public key as HMAC secret", []validator.Option{validator.WithSymmetricKey(secret)}, sign(t, jwt.SigningMethodHS256, "rsa", k.rsa.PublicKey.N.Bytes(), baseClaims(), nil), validator.ErrInvalidSignature},
		{"symmetric only refuses RS256", []validator.Option{validator.WithSymmetricKey(secret), validator.WithAlgorithms("HS256")}, rs(baseClaims(), nil), validator.ErrUnsupportedAlgorithm},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			v := newValidator(t, standardKeySource(t), tc.opts...)
			_, err := v.Validate(context.Background(), tc.token)
			assertReason(t, err, tc.want)
		})
	}
}

func TestAnyIssuerAndAudience(t *testing.T) {
	k := generatedKeys(t)
	v, err := validator.New(standardKeySource(t), validator.WithAnyIssuer(), validator.WithAnyAudience(), validator.WithClock(fixedClock))
	if err != nil {
		t.Fatal(err)
	}
	c := with(with(baseClaims(), "iss", nil), "aud", nil)
	if _, err := v.Validate(context.Background(), sign(t, jwt.SigningMethodRS256, "rsa", k.rsa, c, nil)); err != nil {
		t.Fatal(err)
	}
}

func TestKeysUnavailable(t *testing.T) {
	k := generatedKeys(t)
	cause := errors.New("jwks fetch failed")
	v := newValidator(t, &mapKeys{err: cause})
	_, err := v.Validate(context.Background(), sign(t, jwt.SigningMethodRS256, "rsa", k.rsa, baseClaims(), nil))
	assertReason(t, err, validator.ErrKeysUnavailable)
	if !errors.Is(err, cause) {
		t.Errorf("cause lost: %v", err)
	}
	if validator.Code(err) != "keys_unavailable" {
		t.Errorf("Code = %q", validator.Code(err))
	}
}

func TestSignatureBeforeClaims(t *testing.T) {
	// A forged token with expired claims must fail on its signature: no claim of an unverified token
	// decides anything. (Its iss only names the reason of a refusal that is certain anyway: a forged
	// token of a foreign issuer is invalid_issuer, see TestForeignIssuerNamedBeforeKey.)
	k := generatedKeys(t)
	v := newValidator(t, standardKeySource(t))
	c := with(baseClaims(), "exp", fixedNow.Add(-time.Hour).Unix())
	_, err := v.Validate(context.Background(), sign(t, jwt.SigningMethodRS256, "rsa", k.other, c, nil))
	assertReason(t, err, validator.ErrInvalidSignature)
}

func TestNewRefusesBadConfig(t *testing.T) {
	source := standardKeySource(t)
	iss, aud := validator.WithIssuer(testIssuer), validator.WithAudience(testAudience)
	cases := []struct {
		name   string
		source validator.KeySource
		opts   []validator.Option
	}{
		{"no issuer", source, []validator.Option{aud}},
		{"no audience", source, []validator.Option{iss}},
		{"issuer and any issuer", source, []validator.Option{iss, aud, validator.WithAnyIssuer()}},
		{"audience and any audience", source, []validator.Option{iss, aud, validator.WithAnyAudience()}},
		{"empty issuer", source, []validator.Option{validator.WithIssuer(""), aud}},
		{"no issuer values", source, []validator.Option{validator.WithIssuer(), aud}},
		{"empty audience", source, []validator.Option{iss, validator.WithAudience("")}},
		{"alg none", source, []validator.Option{iss, aud, validator.WithAlgorithms("none")}},
		{"unknown alg", source, []validator.Option{iss, aud, validator.WithAlgorithms("RS1")}},
		{"no algs", source, []validator.Option{iss, aud, validator.WithAlgorithms()}},
		{"HS256 without secret", source, []validator.Option{iss, aud, validator.WithAlgorithms("HS256")}},
		{"short secret", source, []validator.Option{iss, aud, validator.WithSymmetricKey([]byte("short"))}},
		{"negative leeway", source, []validator.Option{iss, aud, validator.WithLeeway(-time.Second)}},
		{"huge leeway", source, []validator.Option{iss, aud, validator.WithLeeway(time.Hour)}},
		{"empty token type", source, []validator.Option{iss, aud, validator.WithTokenType(" ")}},
		{"empty required claim", source, []validator.Option{iss, aud, validator.WithRequiredClaims("")}},
		{"zero max size", source, []validator.Option{iss, aud, validator.WithMaxTokenSize(0)}},
		{"nil clock", source, []validator.Option{iss, aud, validator.WithClock(nil)}},
		{"nil option", source, []validator.Option{iss, aud, nil}},
		{"nil key source", nil, []validator.Option{iss, aud}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if v, err := validator.New(tc.source, tc.opts...); err == nil {
				t.Fatalf("New accepted the config: %+v", v)
			}
		})
	}
}

func TestErrorCodes(t *testing.T) {
	want := map[error]string{
		validator.ErrMissingToken:         "missing_token",
		validator.ErrMalformedToken:       "malformed_token",
		validator.ErrTokenTooLarge:        "token_too_large",
		validator.ErrUnsupportedAlgorithm: "unsupported_algorithm",
		validator.ErrUnknownKey:           "unknown_key",
		validator.ErrInvalidSignature:     "invalid_signature",
		validator.ErrTokenExpired:         "token_expired",
		validator.ErrTokenNotYetValid:     "token_not_yet_valid",
		validator.ErrInvalidIssuer:        "invalid_issuer",
		validator.ErrInvalidAudience:      "invalid_audience",
		validator.ErrInvalidTokenType:     "invalid_token_type",
		validator.ErrMissingClaim:         "missing_claim",
		validator.ErrInsufficientScope:    "insufficient_scope",
		validator.ErrKeysUnavailable:      "keys_unavailable",
	}
	for sentinel, code := range want {
		e := &validator.Error{Reason: sentinel, Description: "d"}
		if e.Code() != code {
			t.Errorf("%v: Code() = %q, want %q", sentinel, e.Code(), code)
		}
		wrapped := errors.Join(errors.New("outer"), e)
		if validator.Code(wrapped) != code || !errors.Is(wrapped, sentinel) {
			t.Errorf("%v: lost through wrapping", sentinel)
		}
		if validator.Code(sentinel) != code {
			t.Errorf("%v: Code(sentinel) = %q", sentinel, validator.Code(sentinel))
		}
	}
	if !errors.Is(validator.ErrInsufficientScope, scopes.ErrInsufficientScope) {
		t.Error("ErrInsufficientScope is not scopes.ErrInsufficientScope")
	}
	if validator.Code(nil) != "" || validator.Code(errors.New("x")) != "" {
		t.Error("Code of a foreign error should be empty")
	}
}

func TestContext(t *testing.T) {
	if _, ok := validator.FromContext(context.Background()); ok {
		t.Fatal("claims in an empty context")
	}
	want := &validator.Claims{Subject: "s"}
	got, ok := validator.FromContext(validator.NewContext(context.Background(), want))
	if !ok || got != want {
		t.Fatalf("FromContext = %v, %v", got, ok)
	}
	if _, ok := validator.FromContext(validator.NewContext(context.Background(), nil)); ok {
		t.Fatal("nil claims reported present")
	}
}
