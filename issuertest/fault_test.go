package issuertest_test

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"syscall"
	"testing"
	"time"

	"github.com/jwtguard/jwtguard/issuertest"
)

func TestJWKSFaults(t *testing.T) {
	iss := issuertest.New(t, issuertest.WithAlgorithms("ES256"))
	for _, tc := range []struct {
		fault      issuertest.Fault
		wantStatus int // 0: no HTTP response at all
		wantJSON   bool
	}{
		{issuertest.FaultNone, http.StatusOK, true},
		{issuertest.FaultStatus(http.StatusServiceUnavailable), http.StatusServiceUnavailable, false},
		{issuertest.FaultStatus(http.StatusNotFound), http.StatusNotFound, false},
		{issuertest.FaultStatus(http.StatusOK), http.StatusInternalServerError, false},
		{issuertest.FaultGarbage, http.StatusOK, false},
		{issuertest.FaultSlow(time.Millisecond), http.StatusOK, true},
		{issuertest.FaultSlow(-time.Second), http.StatusOK, true},
		{issuertest.FaultDown, 0, false},
	} {
		t.Run(tc.fault.String(), func(t *testing.T) {
			iss.SetJWKSFault(tc.fault)
			defer iss.SetJWKSFault(issuertest.FaultNone)
			before := iss.JWKSFetches()

			resp, err := newClient(t).Get(iss.JWKSURL())
			if tc.wantStatus == 0 {
				if err == nil {
					resp.Body.Close()
					t.Fatalf("got status %d from a server that is down", resp.StatusCode)
				}
				if !errors.Is(err, syscall.ECONNRESET) && !errors.Is(err, io.EOF) {
					t.Errorf("err = %v, want a connection reset", err)
				}
			} else {
				if err != nil {
					t.Fatal(err)
				}
				body, err := io.ReadAll(resp.Body)
				resp.Body.Close()
				if err != nil {
					t.Fatal(err)
				}
				if resp.StatusCode != tc.wantStatus {
					t.Errorf("status %d, want %d", resp.StatusCode, tc.wantStatus)
				}
				var set struct {
					Keys []json.RawMessage `json:"keys"`
				}
				if isJWKS := json.Unmarshal(body, &set) == nil && len(set.Keys) == 1; isJWKS != tc.wantJSON {
					t.Errorf("body is a JWK Set: %v, want %v", isJWKS, tc.wantJSON)
				}
			}
			if iss.JWKSFetches() <= before {
				t.Error("JWKSFetches did not count the request")
			}
		})
	}
}

func TestJWKSDownLeavesDiscoveryUp(t *testing.T) {
	iss := issuertest.New(t, issuertest.WithAlgorithms("ES256"))
	iss.SetJWKSFault(issuertest.FaultDown)
	client := newClient(t)
	if status, _ := get(t, client, iss.DiscoveryURL()); status != http.StatusOK {
		t.Fatalf("discovery status %d while only the JWKS is down", status)
	}
	if resp, err := client.Get(iss.JWKSURL()); err == nil {
		resp.Body.Close()
		t.Fatal("JWKS answered while down")
	}
	iss.SetJWKSFault(issuertest.FaultNone)
	if status, body := get(t, client, iss.JWKSURL()); status != http.StatusOK || len(parseKeys(t, body)) != 1 {
		t.Fatalf("JWKS after recovery: status %d", status)
	}
}

func TestDiscoveryFault(t *testing.T) {
	iss := issuertest.New(t, issuertest.WithAlgorithms("ES256"))
	iss.SetDiscoveryFault(issuertest.FaultStatus(http.StatusBadGateway))
	client := newClient(t)
	for _, url := range []string{iss.DiscoveryURL(), iss.MetadataURL()} {
		if status, _ := get(t, client, url); status != http.StatusBadGateway {
			t.Errorf("%s: status %d, want 502", url, status)
		}
	}
	if status, _ := get(t, client, iss.JWKSURL()); status != http.StatusOK {
		t.Errorf("JWKS status %d while only discovery fails", status)
	}
	if iss.DiscoveryFetches() != 2 || iss.JWKSFetches() != 1 {
		t.Errorf("DiscoveryFetches %d JWKSFetches %d, want 2 and 1", iss.DiscoveryFetches(), iss.JWKSFetches())
	}
}

func TestSlowFaultOutlastsClientTimeout(t *testing.T) {
	iss := issuertest.New(t, issuertest.WithAlgorithms("ES256"))
	iss.SetJWKSFault(issuertest.FaultSlow(time.Hour))
	client := newClient(t)
	client.Timeout = 50 * time.Millisecond
	resp, err := client.Get(iss.JWKSURL())
	if err == nil {
		resp.Body.Close()
		t.Fatal("a request held for an hour answered")
	}
	var netErr interface{ Timeout() bool }
	if !errors.As(err, &netErr) || !netErr.Timeout() {
		t.Errorf("err = %v, want a client timeout", err)
	}
}

func TestCloseEndsSlowRequests(t *testing.T) {
	iss, err := issuertest.Start(issuertest.WithAlgorithms("ES256"))
	if err != nil {
		t.Fatal(err)
	}
	iss.SetJWKSFault(issuertest.FaultSlow(time.Hour))
	client := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}}
	got := make(chan error, 1)
	go func() {
		resp, err := client.Get(iss.JWKSURL())
		if err == nil {
			resp.Body.Close()
		}
		got <- err
	}()
	waitFor(t, func() bool { return iss.JWKSFetches() == 1 })

	closed := make(chan struct{})
	go func() { iss.Close(); close(closed) }()
	// A generous bound that only a hang exceeds: Close must not wait out the hour.
	select {
	case <-closed:
	case <-time.After(30 * time.Second):
		t.Fatal("Close is waiting for a slow request")
	}
	if err := <-got; err == nil {
		t.Error("the held request was answered instead of dropped")
	}
}

// waitFor polls cond until it holds, failing the test if it never does.
func waitFor(t *testing.T, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatal("condition not reached")
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func TestFaultString(t *testing.T) {
	for _, tc := range []struct {
		fault issuertest.Fault
		want  string
	}{
		{issuertest.FaultNone, "none"},
		{issuertest.Fault{}, "none"},
		{issuertest.FaultDown, "down"},
		{issuertest.FaultGarbage, "garbage"},
		{issuertest.FaultStatus(503), "status 503"},
		{issuertest.FaultStatus(99), "status 500"},
		{issuertest.FaultSlow(2 * time.Second), "slow 2s"},
	} {
		if got := tc.fault.String(); got != tc.want {
			t.Errorf("String() = %q, want %q", got, tc.want)
		}
	}
	if slow := issuertest.FaultSlow(time.Second); slow != issuertest.FaultSlow(time.Second) || issuertest.FaultDown == issuertest.FaultNone {
		t.Error("faults do not compare by value")
	}
}
