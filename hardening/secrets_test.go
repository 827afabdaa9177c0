package hardening

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/jwtguard/jwtguard/issuertest"
	"github.com/jwtguard/jwtguard/jwks"
	"github.com/jwtguard/jwtguard/nethttp"
	"github.com/jwtguard/jwtguard/scopes"
	"github.com/jwtguard/jwtguard/validator"
)

// fragmentLen is the shortest token fragment the suite treats as a leak.
const fragmentLen = 16

// leakCheck gathers every token presented and every text an observer could read (logs, error
// strings, response headers and bodies), then reports any fragment of the first found in the second.
type leakCheck struct {
	tokens    []string
	haystacks []string // "where: text"
}

func (l *leakCheck) token(tok string)        { l.tokens = append(l.tokens, tok) }
func (l *leakCheck) seen(where, text string) { l.haystacks = append(l.haystacks, where+": "+text) }
func (l *leakCheck) err(where string, err error) {
	l.seen(where, fmt.Sprintf("%v | %+v | %s", err, err, validator.Description(err)))
}

// response records everything a client can read of rec.
func (l *leakCheck) response(where string, rec *httptest.ResponseRecorder) {
	var b strings.Builder
	for name, values := range rec.Header() {
		b.WriteString(name + ": " + strings.Join(values, ", ") + "\n")
	}
	b.WriteString(rec.Body.String())
	l.seen(where, b.String())
}

// leaks returns, for each haystack holding a fragment of a token, where it was seen and the fragment.
// Windows of the haystacks go in a set, then every window of every token segment is looked up: linear
// in the total size, even for the corpus's megabyte tokens.
func (l *leakCheck) leaks() []string {
	windows := map[string]int{}
	for i, h := range l.haystacks {
		for j := 0; j+fragmentLen <= len(h); j++ {
			windows[h[j:j+fragmentLen]] = i
		}
	}
	var found []string
	reported := map[int]bool{}
	for _, tok := range l.tokens {
		for _, seg := range segments(tok) {
			for j := 0; j+fragmentLen <= len(seg); j++ {
				if i, ok := windows[seg[j:j+fragmentLen]]; ok && !reported[i] {
					reported[i] = true
					found = append(found, fmt.Sprintf("%q in %s", seg[j:j+fragmentLen], trim(l.haystacks[i], 300)))
				}
			}
		}
	}
	return found
}

// TestNoTokenInLogsErrorsOrResponses drives every failure path the suite knows — the attack corpus
// through the validator and the HTTP middleware, scope refusals, and a JWKS endpoint that is down,
// failing, garbage, oversized and redirecting while tokens keep arriving — with slog's default logger
// and every jwks logger writing to buffers. No fragment of any token presented (16 characters of a
// segment) may appear in a log line, an error string, or an HTTP response header or body.
func TestNoTokenInLogsErrorsOrResponses(t *testing.T) {
	defaultLogger, defaultLogs := bufferLogger()
	previous := slog.Default()
	slog.SetDefault(defaultLogger)
	defer slog.SetDefault(previous)

	check := &leakCheck{}
	ctx := context.Background()

	// 1. The attack corpus, directly and through the middleware (which also builds its jwks.Static
	// set with the default logger).
	c := buildCorpus(t)
	h := protected(c)
	for _, ac := range c.cases {
		check.token(ac.token)
		if _, err := c.validators[ac.cfg].Validate(ctx, ac.token); err != nil {
			check.err("Validate("+ac.name+")", err)
		}
		req := httptest.NewRequest(http.MethodGet, "/"+ac.cfg, nil)
		req.Header.Set("Authorization", "Bearer "+ac.token)
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		check.response("HTTP("+ac.name+")", rec)
	}

	// 2. Scope refusals, by the validator and by the route.
	idp := newIdP(t)
	set, setLogs := newSet(t, idp.JWKSURL(), jwks.WithRefreshInterval(20*time.Millisecond), jwks.WithRetryBackoff(5*time.Millisecond),
		jwks.WithUnknownKIDGap(time.Millisecond), jwks.WithUnknownKIDWait(20*time.Millisecond), jwks.WithHTTPTimeout(100*time.Millisecond))
	scoped := idpValidator(t, idp, set, validator.WithRequiredScopes(scopes.All("admin")))
	plain := idpValidator(t, idp, set, validator.WithCache(16))
	mux := http.NewServeMux()
	mux.Handle("/plain", nethttp.Middleware(plain)(okHandler()))
	mux.Handle("/scoped", nethttp.Middleware(plain)(nethttp.RequireScopes(scopes.Any("admin", "root"))(okHandler())))
	mux.Handle("/global-scope", nethttp.Middleware(scoped)(okHandler()))
	tokens := []string{
		mint(t, idp), mint(t, idp, issuertest.WithAlgorithm("EdDSA")), mint(t, idp, issuertest.Expired()),
		mint(t, idp, issuertest.WithUnknownKey()), mint(t, idp, issuertest.WithAudience("https://other.test")),
		mint(t, idp, issuertest.WithAlgorithm("none")), mint(t, idp, issuertest.WithAlgorithm("HS256")),
		mint(t, idp, issuertest.WithHeader("kid", "no-such-key")),
	}
	// exercise sends every token to every route and straight to both validators.
	exercise := func(phase string) {
		for i, tok := range tokens {
			check.token(tok)
			for _, v := range []*validator.Validator{plain, scoped} {
				if _, err := v.Validate(ctx, tok); err != nil {
					check.err(fmt.Sprintf("%s: Validate(token %d)", phase, i), err)
				}
			}
			for _, path := range []string{"/plain", "/scoped", "/global-scope"} {
				req := httptest.NewRequest(http.MethodGet, path, nil)
				req.Header.Set("Authorization", "Bearer "+tok)
				rec := httptest.NewRecorder()
				mux.ServeHTTP(rec, req)
				check.response(fmt.Sprintf("%s: HTTP %s (token %d)", phase, path, i), rec)
			}
		}
		if err := set.Status().LastError; err != nil {
			check.err(phase+": jwks Status.LastError", err)
		}
	}
	exercise("healthy IdP")

	// 3. The same while the IdP fails in every way it can, each lasting a few refreshes.
	for _, fault := range []issuertest.Fault{
		issuertest.FaultDown, issuertest.FaultStatus(500), issuertest.FaultGarbage, issuertest.FaultSlow(time.Hour),
	} {
		idp.SetJWKSFault(fault)
		before := idp.JWKSFetches()
		eventually(t, 10*time.Second, "refreshing during "+fault.String(), func() bool { return idp.JWKSFetches() >= before+2 })
		exercise(fault.String())
	}
	idp.SetJWKSFault(issuertest.FaultNone)

	// 4. Keys unavailable from the start, oversized bodies and cross-host redirects, with a Set
	// that logs to slog's default logger.
	down := newIdP(t)
	down.SetJWKSFault(issuertest.FaultStatus(503))
	ep := &switchable{good: down.JWKS(), other: idp.JWKSURL()}
	srv := httptest.NewServer(ep)
	defer srv.Close()
	for _, mode := range []string{"oversized", "oversized-chunked", "redirect-other-host"} {
		ep.mode.Store(mode)
		ctxNew, cancel := context.WithTimeout(ctx, 5*time.Second)
		defSet, err := jwks.New(ctxNew, srv.URL+"/jwks.json", jwks.WithRetryBackoff(time.Hour))
		cancel()
		if err != nil {
			t.Fatal(err)
		}
		v := idpValidator(t, down, defSet)
		tok := down.MustMint(t, issuertest.WithAudience(idpAudience))
		check.token(tok)
		_, err = v.Validate(ctx, tok)
		check.err(mode+": Validate", err)
		req := httptest.NewRequest(http.MethodGet, "/", nil)
		req.Header.Set("Authorization", "Bearer "+tok)
		rec := httptest.NewRecorder()
		nethttp.Middleware(v)(okHandler()).ServeHTTP(rec, req)
		check.response(mode+": HTTP", rec)
		check.err(mode+": jwks Status.LastError", defSet.Status().LastError)
		_ = defSet.Close()
	}

	// The failure paths were really taken and logged ...
	logs := defaultLogs.String() + setLogs.String()
	for _, want := range []string{"refresh failed, keeping current keys", "fetch failed, no keys yet", "skipping key", "redirect", "1 MiB"} {
		if !strings.Contains(logs, want) {
			t.Errorf("the logs never say %q; the failure path was not exercised", want)
		}
	}
	check.seen("slog default logger", defaultLogs.String())
	check.seen("jwks WithLogger", setLogs.String())

	// ... the detector finds a planted fragment ...
	probe := &leakCheck{tokens: []string{tokens[0]}, haystacks: []string{"log: x" + tokens[0][20:20+fragmentLen] + "y"}}
	if len(probe.leaks()) != 1 {
		t.Fatal("the leak detector misses a planted token fragment")
	}
	// ... and nothing leaked.
	for _, leak := range check.leaks() {
		t.Errorf("token fragment leaked: %s", leak)
	}
	t.Logf("checked %d tokens against %d log, error and response texts (%d bytes of logs)", len(check.tokens), len(check.haystacks), len(logs))
}
