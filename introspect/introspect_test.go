package introspect_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jwtguard/jwtguard/introspect"
	"github.com/jwtguard/jwtguard/issuertest"
	"github.com/jwtguard/jwtguard/validator"
)

func TestValidActiveToken(t *testing.T) {
	clock := newTestClock()
	iss := issuertest.New(t, clock.issuerOption())
	in, _ := newIntrospector(t, iss, clock, introspect.WithIssuer(iss.URL()), introspect.WithAudience("https://api.example.com"))
	token := iss.MustMintOpaque(t, issuertest.WithAudience("https://api.example.com", "other"), issuertest.WithSubject("alice"),
		issuertest.WithClientID("cli"), issuertest.WithScope("orders:read", "profile"), issuertest.WithClaim("tenant", "acme"))

	claims, err := validate(t, in, token)
	if err != nil {
		t.Fatal(err)
	}
	if claims.Subject != "alice" || claims.ClientID != "cli" || claims.Issuer != iss.URL() || len(claims.Audience) != 2 ||
		!claims.Scopes.Has("orders:read") || !claims.Scopes.Has("profile") || claims.ID == "" ||
		!claims.ExpiresAt.Equal(clock.Now().Add(5*time.Minute).Truncate(time.Second)) || claims.IssuedAt.IsZero() || claims.NotBefore.IsZero() {
		t.Fatalf("claims %+v", claims)
	}
	var mine struct {
		Tenant string `json:"tenant"`
		Active bool   `json:"active"`
	}
	if err := claims.Decode(&mine); err != nil || mine.Tenant != "acme" || !mine.Active {
		t.Fatalf("Decode: %+v, %v", mine, err)
	}
	if v, ok := claims.Get("token_type"); !ok || v != "Bearer" {
		t.Fatalf("Get(token_type) = %v, %v", v, ok)
	}
}

func TestClientSecretPost(t *testing.T) {
	clock := newTestClock()
	iss := issuertest.New(t, clock.issuerOption(), issuertest.WithIntrospectionClient("rs", "p@ss word"))
	in, err := introspect.New(iss.IntrospectionURL(), introspect.WithClientSecretPost("rs", "p@ss word"), introspect.WithClock(clock.Now), introspect.WithHTTPClient(httpClient(t)), anyAudience)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := validate(t, in, iss.MustMintOpaque(t)); err != nil {
		t.Fatal(err)
	}
	basic, err := introspect.New(iss.IntrospectionURL(), introspect.WithClientSecretBasic("rs", "p@ss word"), introspect.WithClock(clock.Now), introspect.WithHTTPClient(httpClient(t)), anyAudience)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := validate(t, basic, iss.MustMintOpaque(t)); err != nil {
		t.Fatalf("basic with characters that need form-encoding: %v", err)
	}
}

func TestRefusals(t *testing.T) {
	anyAud := []introspect.Option{anyAudience}
	clock := newTestClock()
	iss := issuertest.New(t, clock.issuerOption())
	revoked := iss.MustMintOpaque(t, issuertest.WithAudience("api"))
	iss.Revoke(revoked)
	tests := []struct {
		name  string
		token string
		opts  []introspect.Option
		want  error
	}{
		{"unknown token", "never-issued-token", anyAud, validator.ErrTokenInactive},
		{"revoked token", revoked, anyAud, validator.ErrTokenInactive},
		{"expired at the server", iss.MustMintOpaque(t, issuertest.Expired()), anyAud, validator.ErrTokenInactive},
		{"wrong audience", iss.MustMintOpaque(t, issuertest.WithAudience("other")), []introspect.Option{introspect.WithAudience("api")}, validator.ErrInvalidAudience},
		{"no audience when one is required", iss.MustMintOpaque(t), []introspect.Option{introspect.WithAudience("api")}, validator.ErrInvalidAudience},
		{"wrong issuer", iss.MustMintOpaque(t), []introspect.Option{introspect.WithIssuer("https://other.example.com"), anyAudience}, validator.ErrInvalidIssuer},
		{"issuer absent is accepted", iss.MustMintOpaque(t, issuertest.WithClaim("iss", nil)), []introspect.Option{introspect.WithIssuer("https://other.example.com"), anyAudience}, nil},
		{"empty token", "", anyAud, validator.ErrMissingToken},
		{"oversized token", strings.Repeat("a", validator.DefaultMaxTokenSize+1), anyAud, validator.ErrTokenTooLarge},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in, logs := newIntrospector(t, iss, clock, tt.opts...)
			_, err := validate(t, in, tt.token)
			assertReason(t, err, tt.want)
			if tt.want != nil && validator.KindOf(err) != validator.KindTokenRefused {
				t.Fatalf("kind %v, want token_refused", validator.KindOf(err))
			}
			if tt.token != "" && (strings.Contains(fmt.Sprint(err), tt.token) || strings.Contains(logs.String(), tt.token)) {
				t.Fatal("the token leaked into the error or the log")
			}
		})
	}
}

func TestAnswerChecks(t *testing.T) {
	anyAud := []introspect.Option{anyAudience}
	now := newTestClock()
	exp := func(d time.Duration) int64 { return now.Now().Add(d).Unix() }
	tests := []struct {
		name string
		body string
		opts []introspect.Option
		want error
	}{
		{"minimal active", `{"active":true}`, anyAud, nil},
		{"expired by our clock", fmt.Sprintf(`{"active":true,"exp":%d}`, exp(-time.Minute)), anyAud, validator.ErrTokenExpired},
		{"expired within the leeway", fmt.Sprintf(`{"active":true,"exp":%d}`, exp(-10*time.Second)), anyAud, nil},
		{"expired beyond a shorter leeway", fmt.Sprintf(`{"active":true,"exp":%d}`, exp(-10*time.Second)), []introspect.Option{introspect.WithLeeway(time.Second), anyAudience}, validator.ErrTokenExpired},
		{"not yet valid", fmt.Sprintf(`{"active":true,"nbf":%d}`, exp(time.Hour)), anyAud, validator.ErrTokenNotYetValid},
		{"refresh token", `{"active":true,"token_type":"refresh_token"}`, anyAud, validator.ErrInvalidTokenType},
		{"refresh token URN", `{"active":true,"token_type":"urn:ietf:params:oauth:token-type:refresh_token"}`, anyAud, validator.ErrInvalidTokenType},
		{"access token type", `{"active":true,"token_type":"access_token"}`, anyAud, nil},
		{"audience in a list", `{"active":true,"aud":["x","api"]}`, []introspect.Option{introspect.WithAudience("api")}, nil},
		{"inactive with claims", `{"active":false,"sub":"alice","exp":1}`, anyAud, validator.ErrTokenInactive},
		// The endpoint's garbage is our outage, never the client's 401.
		{"not JSON", `<html>`, anyAud, introspect.ErrUnavailable},
		{"no active", `{"sub":"alice"}`, anyAud, introspect.ErrUnavailable},
		{"active as a string", `{"active":"true"}`, anyAud, introspect.ErrUnavailable},
		{"exp as a string", `{"active":true,"exp":"100"}`, anyAud, introspect.ErrUnavailable},
		{"duplicate sub", `{"active":true,"sub":"a","sub":"b"}`, anyAud, introspect.ErrUnavailable},
		{"array", `[{"active":true}]`, anyAud, introspect.ErrUnavailable},
		// Issue 22 item 6: members are read by exact name, as the validator reads claims; an answer that
		// names "active" twice, or in another case, is ambiguous and never active.
		{"active in another case beside inactive", `{"active":false,"ACTIVE":true}`, anyAud, introspect.ErrUnavailable},
		{"active in another case", `{"Active":true}`, anyAud, introspect.ErrUnavailable},
		{"active escaped duplicate", `{"active":false,"\u0061ctive":true}`, anyAud, introspect.ErrUnavailable},
		{"token_type in another case", `{"active":true,"TOKEN_TYPE":"access_token","token_type":"refresh_token"}`, anyAud, introspect.ErrUnavailable},
		{"token_type not a string", `{"active":true,"token_type":1}`, anyAud, introspect.ErrUnavailable},
		// Issue 22 item 8: an empty iss is an issuer, and not ours; exp at the zero time is a date long
		// past, not a missing exp.
		{"empty iss", `{"active":true,"iss":""}`, []introspect.Option{introspect.WithIssuer("https://idp.example.com"), anyAudience}, validator.ErrInvalidIssuer},
		{"null iss counts as absent", `{"active":true,"iss":null}`, []introspect.Option{introspect.WithIssuer("https://idp.example.com"), anyAudience}, nil},
		{"exp at the zero time", `{"active":true,"exp":-62135596800}`, anyAud, validator.ErrTokenExpired},
		{"exp before the zero time", `{"active":true,"exp":-1e15}`, anyAud, validator.ErrTokenExpired},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			url, _ := answering(t, tt.body)
			opts := append([]introspect.Option{introspect.WithClientSecretBasic("id", "secret"), introspect.WithClock(now.Now),
				introspect.WithHTTPClient(httpClient(t)), introspect.WithLogger(quiet)}, tt.opts...)
			in, err := introspect.New(url, opts...)
			if err != nil {
				t.Fatal(err)
			}
			_, err = validate(t, in, "opaque-token-value")
			assertReason(t, err, tt.want)
		})
	}
}

func TestEndpointFailuresAreUnavailable(t *testing.T) {
	clock := newTestClock()
	iss := issuertest.New(t, clock.issuerOption())
	tests := []struct {
		name  string
		fault issuertest.Fault
		opts  []introspect.Option
	}{
		{"down", issuertest.FaultDown, nil},
		{"5xx", issuertest.FaultStatus(503), nil},
		{"404", issuertest.FaultStatus(404), nil},
		{"garbage", issuertest.FaultGarbage, nil},
		{"timeout", issuertest.FaultSlow(time.Minute), []introspect.Option{introspect.WithTimeout(100 * time.Millisecond)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in, logs := newIntrospector(t, iss, clock, append(tt.opts, anyAudience)...)
			token := iss.MustMintOpaque(t)
			iss.SetIntrospectionFault(tt.fault)
			_, err := validate(t, in, token)
			iss.SetIntrospectionFault(issuertest.FaultNone)
			assertReason(t, err, introspect.ErrUnavailable)
			if validator.KindOf(err) != validator.KindUnavailable {
				t.Fatalf("kind %v, want unavailable", validator.KindOf(err))
			}
			if strings.Contains(err.Error(), token) || strings.Contains(logs.String(), token) {
				t.Fatal("the token leaked into the error or the log")
			}
			if !strings.Contains(logs.String(), "introspect") {
				t.Fatal("the outage was not logged")
			}
			// Failures are not cached: the next request asks again and succeeds.
			if _, err := validate(t, in, token); err != nil {
				t.Fatalf("after the fault: %v", err)
			}
		})
	}
	t.Run("wrong client credentials", func(t *testing.T) {
		in, err := introspect.New(iss.IntrospectionURL(), introspect.WithClientSecretBasic("rs", "wrong"), introspect.WithHTTPClient(httpClient(t)), introspect.WithLogger(quiet), anyAudience)
		if err != nil {
			t.Fatal(err)
		}
		_, err = validate(t, in, iss.MustMintOpaque(t))
		assertReason(t, err, introspect.ErrUnavailable)
	})
	t.Run("body over 1 MiB", func(t *testing.T) {
		url, _ := answering(t, `{"active":true,"pad":"`+strings.Repeat("x", 1<<20)+`"}`)
		in, err := introspect.New(url, introspect.WithClientSecretBasic("id", "secret"), introspect.WithHTTPClient(httpClient(t)), introspect.WithLogger(quiet), anyAudience)
		if err != nil {
			t.Fatal(err)
		}
		_, err = validate(t, in, "opaque")
		assertReason(t, err, introspect.ErrUnavailable)
	})
}

func TestCache(t *testing.T) {
	clock := newTestClock()
	iss := issuertest.New(t, clock.issuerOption())
	in, _ := newIntrospector(t, iss, clock, anyAudience)
	token := iss.MustMintOpaque(t, issuertest.WithExpiry(clock.Now().Add(90*time.Second)))
	calls := func() int64 { return iss.Introspections() }

	for range 3 {
		if _, err := validate(t, in, token); err != nil {
			t.Fatal(err)
		}
	}
	if calls() != 1 {
		t.Fatalf("%d introspections for three validations, want 1", calls())
	}
	// A revoked token is reused until the TTL ends (60 s by default), then refused.
	iss.Revoke(token)
	clock.advance(59 * time.Second)
	if _, err := validate(t, in, token); err != nil || calls() != 1 {
		t.Fatalf("within the TTL: err %v, %d calls", err, calls())
	}
	clock.advance(2 * time.Second)
	_, err := validate(t, in, token)
	assertReason(t, err, validator.ErrTokenInactive)
	if calls() != 2 {
		t.Fatalf("%d calls after the TTL, want 2", calls())
	}
	// The negative answer is reused for 5 s.
	clock.advance(4 * time.Second)
	_, err = validate(t, in, token)
	assertReason(t, err, validator.ErrTokenInactive)
	if calls() != 2 {
		t.Fatalf("%d calls within the negative TTL, want 2", calls())
	}
	clock.advance(2 * time.Second)
	_, _ = validate(t, in, token)
	if calls() != 3 {
		t.Fatalf("%d calls after the negative TTL, want 3", calls())
	}
}

func TestCacheEndsAtExp(t *testing.T) {
	clock := newTestClock()
	iss := issuertest.New(t, clock.issuerOption())
	in, _ := newIntrospector(t, iss, clock, introspect.WithCacheTTL(time.Hour), anyAudience)
	token := iss.MustMintOpaque(t, issuertest.WithExpiry(clock.Now().Add(20*time.Second)))
	if _, err := validate(t, in, token); err != nil {
		t.Fatal(err)
	}
	clock.advance(21 * time.Second)
	_, err := validate(t, in, token)
	assertReason(t, err, validator.ErrTokenInactive) // asked again: the server says it expired
	if iss.Introspections() != 2 {
		t.Fatalf("%d introspections, want 2: the positive answer must end at exp", iss.Introspections())
	}
}

func TestCacheOff(t *testing.T) {
	clock := newTestClock()
	iss := issuertest.New(t, clock.issuerOption())
	for _, opt := range []introspect.Option{introspect.WithCacheTTL(0), introspect.WithCacheSize(0)} {
		in, _ := newIntrospector(t, iss, clock, opt, anyAudience)
		token := iss.MustMintOpaque(t)
		before := iss.Introspections()
		for range 2 {
			if _, err := validate(t, in, token); err != nil {
				t.Fatal(err)
			}
		}
		if got := iss.Introspections() - before; got != 2 {
			t.Fatalf("%d introspections with the cache off, want 2", got)
		}
	}
}

func TestConcurrentRequestsShareOneCall(t *testing.T) {
	clock := newTestClock()
	iss := issuertest.New(t, clock.issuerOption())
	in, _ := newIntrospector(t, iss, clock, anyAudience)
	token := iss.MustMintOpaque(t)
	iss.SetIntrospectionFault(issuertest.FaultSlow(300 * time.Millisecond))
	defer iss.SetIntrospectionFault(issuertest.FaultNone)
	const n = 20
	var wg sync.WaitGroup
	errs := make(chan error, n)
	for range n {
		wg.Go(func() {
			_, err := in.Validate(context.Background(), token)
			errs <- err
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	if got := iss.Introspections(); got != 1 {
		t.Fatalf("%d introspections for %d concurrent requests, want 1", got, n)
	}
}

func TestCancelledCallerDoesNotFailTheSharedCall(t *testing.T) {
	clock := newTestClock()
	iss := issuertest.New(t, clock.issuerOption())
	in, _ := newIntrospector(t, iss, clock, anyAudience)
	token := iss.MustMintOpaque(t)
	iss.SetIntrospectionFault(issuertest.FaultSlow(300 * time.Millisecond))
	defer iss.SetIntrospectionFault(issuertest.FaultNone)

	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	wg.Go(func() { _, _ = in.Validate(ctx, token) }) // starts the shared call, then hangs up
	for iss.Introspections() == 0 {
		time.Sleep(time.Millisecond)
	}
	var err error
	wg.Go(func() { _, err = in.Validate(context.Background(), token) })
	time.Sleep(50 * time.Millisecond)
	cancel()
	wg.Wait()
	if err != nil {
		t.Fatalf("the patient caller failed with the impatient one: %v", err)
	}
	if got := iss.Introspections(); got != 1 {
		t.Fatalf("%d introspections, want 1", got)
	}
}

func TestCacheHitAllocatesNothing(t *testing.T) {
	if raceEnabled {
		t.Skip("allocation counts are not meaningful under the race detector")
	}
	clock := newTestClock()
	iss := issuertest.New(t, clock.issuerOption())
	in, _ := newIntrospector(t, iss, clock, anyAudience)
	token := iss.MustMintOpaque(t)
	ctx := context.Background()
	if _, err := in.Validate(ctx, token); err != nil {
		t.Fatal(err)
	}
	if allocs := testing.AllocsPerRun(1000, func() { _, _ = in.Validate(ctx, token) }); allocs != 0 {
		t.Fatalf("a cache hit allocates %v times, want 0", allocs)
	}
}

func TestNewRefusesBadConfigurations(t *testing.T) {
	auth := introspect.WithClientSecretBasic("id", "secret")
	tests := []struct {
		name     string
		endpoint string
		opts     []introspect.Option
	}{
		{"no client authentication", "https://as.example.com/introspect", []introspect.Option{anyAudience}},
		{"two client authentications", "https://as.example.com/introspect", []introspect.Option{auth, introspect.WithClientSecretPost("id", "secret"), anyAudience}},
		{"empty secret", "https://as.example.com/introspect", []introspect.Option{introspect.WithClientSecretBasic("id", ""), anyAudience}},
		{"plain http off loopback", "http://as.example.com/introspect", []introspect.Option{auth, anyAudience}},
		{"credentials in the URL", "https://u:p@as.example.com/introspect", []introspect.Option{auth, anyAudience}},
		{"not a URL", "::", []introspect.Option{auth, anyAudience}},
		{"negative TTL", "https://as.example.com/introspect", []introspect.Option{auth, introspect.WithCacheTTL(-time.Second), anyAudience}},
		{"huge cache", "https://as.example.com/introspect", []introspect.Option{auth, introspect.WithCacheSize(1 << 30), anyAudience}},
		{"zero timeout", "https://as.example.com/introspect", []introspect.Option{auth, introspect.WithTimeout(0), anyAudience}},
		{"leeway too long", "https://as.example.com/introspect", []introspect.Option{auth, introspect.WithLeeway(time.Hour), anyAudience}},
		{"empty audience", "https://as.example.com/introspect", []introspect.Option{auth, introspect.WithAudience("")}},
		{"nil option", "https://as.example.com/introspect", []introspect.Option{auth, nil, anyAudience}},
		// Issue 22 item 8: the audience check is a decision, as in validator.New.
		{"no audience decision", "https://as.example.com/introspect", []introspect.Option{auth}},
		{"WithAudience and WithAnyAudience", "https://as.example.com/introspect", []introspect.Option{auth, introspect.WithAudience("api"), anyAudience}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if in, err := introspect.New(tt.endpoint, tt.opts...); err == nil {
				t.Fatalf("New = %v, want an error", in)
			}
		})
	}
	if _, err := introspect.New("http://127.0.0.1:1/introspect", auth, anyAudience); err != nil {
		t.Fatalf("loopback http: %v", err)
	}
	if _, err := introspect.New("http://as.internal/introspect", auth, introspect.WithInsecureHTTP(), introspect.WithAudience("api")); err != nil {
		t.Fatalf("WithInsecureHTTP: %v", err)
	}
}

func TestDiscover(t *testing.T) {
	clock := newTestClock()
	iss := issuertest.New(t, clock.issuerOption())
	id, secret := iss.IntrospectionClient()
	opts := []introspect.Option{introspect.WithClientSecretBasic(id, secret), introspect.WithClock(clock.Now), introspect.WithHTTPClient(httpClient(t))}
	if _, err := introspect.Discover(context.Background(), iss.URL(), opts...); err == nil {
		t.Fatal("Discover without an audience decision succeeded")
	}
	opts = append(opts, anyAudience)
	in, err := introspect.Discover(context.Background(), iss.URL(), opts...)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := validate(t, in, iss.MustMintOpaque(t)); err != nil {
		t.Fatal(err)
	}
	// Discover requires the discovered issuer in answers that carry one.
	_, err = validate(t, in, iss.MustMintOpaque(t, issuertest.WithClaim("iss", "https://impostor.example.com")))
	assertReason(t, err, validator.ErrInvalidIssuer)

	if _, err := introspect.Discover(context.Background(), iss.URL()+"/", opts...); !errors.Is(err, introspect.ErrIssuerMismatch) {
		t.Fatalf("trailing slash: %v, want ErrIssuerMismatch", err)
	}
	if _, err := introspect.Discover(context.Background(), iss.URL(), append(opts, introspect.WithIssuer("https://x"))...); err == nil {
		t.Fatal("a contradicting WithIssuer was accepted")
	}
	iss.SetDiscoveryFault(issuertest.FaultStatus(500))
	if _, err := introspect.Discover(context.Background(), iss.URL(), opts...); err == nil {
		t.Fatal("Discover succeeded without metadata")
	}
}

func TestBehindByIssuer(t *testing.T) {
	clock := newTestClock()
	iss := issuertest.New(t, clock.issuerOption())
	in, _ := newIntrospector(t, iss, clock, anyAudience)
	keys, err := jwksFor(t, iss)
	if err != nil {
		t.Fatal(err)
	}
	v, err := validator.New(keys, validator.WithIssuer(iss.URL()), validator.WithAudience("api"), validator.WithClock(clock.Now))
	if err != nil {
		t.Fatal(err)
	}
	router, err := validator.ByIssuer([]*validator.Validator{v}, validator.WithOpaqueTokens(in))
	if err != nil {
		t.Fatal(err)
	}
	for name, token := range map[string]string{
		"jwt":    iss.MustMint(t, issuertest.WithAudience("api"), issuertest.WithSubject("jwt-user")),
		"opaque": iss.MustMintOpaque(t, issuertest.WithAudience("api"), issuertest.WithSubject("opaque-user")),
	} {
		claims, err := router.Validate(context.Background(), token)
		if err != nil || claims.Subject != name+"-user" {
			t.Fatalf("%s: claims %+v, err %v", name, claims, err)
		}
	}
	if iss.Introspections() != 1 {
		t.Fatalf("%d introspections, want 1 (only for the opaque token)", iss.Introspections())
	}
}

func TestAudienceFollowsTheValidatorsRule(t *testing.T) {
	for body, want := range map[string]error{
		`{"active":true,"aud":"https://api.example.com/"}`:  nil, // a resource URL with its trailing slash
		`{"active":true,"aud":"https://API.example.com"}`:   validator.ErrInvalidAudience,
		`{"active":true,"aud":"https://api.example.com//"}`: validator.ErrInvalidAudience,
	} {
		url, _ := answering(t, body)
		in, err := introspect.New(url, introspect.WithClientSecretBasic("id", "secret"), introspect.WithHTTPClient(httpClient(t)),
			introspect.WithAudience("https://api.example.com"))
		if err != nil {
			t.Fatal(err)
		}
		_, err = validate(t, in, "opaque-token-value")
		assertReason(t, err, want)
	}
}

// TestDiscoverReadsExactNames: the metadata is read as strictly as an answer, so a document that
// names its issuer twice, or in another case, points nowhere.
func TestDiscoverReadsExactNames(t *testing.T) {
	for _, doc := range []string{
		`{"Issuer":%[1]q,"introspection_endpoint":%[1]q}`,
		`{"issuer":%[1]q,"issuer":%[1]q,"introspection_endpoint":%[1]q}`,
		`{"issuer":%[1]q,"INTROSPECTION_ENDPOINT":%[1]q}`,
		`{"issuer":%[1]q,"introspection_endpoint":7}`,
	} {
		var srv *httptest.Server
		srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			_, _ = fmt.Fprintf(w, doc, srv.URL)
		}))
		_, err := introspect.Discover(context.Background(), srv.URL, introspect.WithClientSecretBasic("id", "secret"),
			introspect.WithHTTPClient(httpClient(t)), anyAudience)
		srv.Close()
		if err == nil {
			t.Errorf("Discover accepted metadata %s", doc)
		}
	}
}
