package ssf_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jwtguard/jwtguard/issuertest"
	"github.com/jwtguard/jwtguard/ssf"
)

// startPoll runs Poll in the background until the test ends, and returns a function that stops it
// and returns Poll's error.
func startPoll(t *testing.T, f *fixture, opts ...ssf.PollOption) (stop func() error) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	base := []ssf.PollOption{ssf.WithPollAuthorization(f.iss.SSFPollToken()), ssf.WithPollInterval(10 * time.Millisecond),
		ssf.WithPollBackoff(10*time.Millisecond, 40*time.Millisecond)}
	go func() { done <- f.rx.Poll(ctx, f.iss.SSFPollURL(), append(base, opts...)...) }()
	var err error
	stopped := false
	stop = func() error {
		if !stopped {
			stopped = true
			cancel()
			err = <-done
		}
		return err
	}
	t.Cleanup(func() { _ = stop() })
	return stop
}

// eventually waits up to 5 s for cond.
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting until %s", what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func TestPollAcksAppliedAndReportsRefused(t *testing.T) {
	f := newFixture(t)
	good, err := f.iss.QueueSET(f.iss.SessionRevoked("alice", "sid-1"), issuertest.SETAudience(audience))
	if err != nil {
		t.Fatal(err)
	}
	bad, err := f.iss.QueueSET(f.iss.SessionRevoked("bob", ""), issuertest.SETAudience("https://other.example"))
	if err != nil {
		t.Fatal(err)
	}
	stop := startPoll(t, f)
	eventually(t, "the transmitter's queue is empty", func() bool { return len(f.iss.PendingSETs()) == 0 })
	if err := stop(); !errors.Is(err, context.Canceled) {
		t.Fatalf("Poll returned %v, want context.Canceled", err)
	}
	if got := f.list.got(); len(got) != 1 || got[0].Value != "sid-1" {
		t.Fatalf("calls = %v, want the one valid SET applied", got)
	}
	errs := f.iss.SETErrors()
	if errs[bad] != ssf.CodeInvalidAudience || len(errs) != 1 {
		t.Fatalf("setErrs = %v, want %s: invalid_audience only (%s was acknowledged)", errs, bad, good)
	}
}

func TestPollBacksOffAndKeepsGoing(t *testing.T) {
	f := newFixture(t)
	f.iss.SetSSFPollFault(issuertest.FaultStatus(http.StatusInternalServerError))
	if _, err := f.iss.QueueSET(f.iss.SessionRevoked("alice", ""), issuertest.SETAudience(audience)); err != nil {
		t.Fatal(err)
	}
	startPoll(t, f)
	time.Sleep(400 * time.Millisecond)
	// Without backoff a 10 ms interval makes about 40 polls in 400 ms; backing off from 10 ms to a cap
	// of 40 ms (jittered over its upper half) allows at most 1 + 10 + 20 + 400/20.
	failed := f.iss.SSFPolls()
	if failed < 2 || failed > 31 {
		t.Fatalf("%d polls in 400 ms of outage, want 2..31 (retrying, with backoff)", failed)
	}
	if got := f.list.got(); len(got) != 0 {
		t.Fatalf("calls = %v during the outage", got)
	}
	f.iss.SetSSFPollFault(issuertest.FaultNone)
	eventually(t, "the SET is applied and acknowledged", func() bool {
		return len(f.iss.PendingSETs()) == 0 && len(f.list.got()) == 1
	})
}

func TestPollStoreFailureLeavesSETQueued(t *testing.T) {
	f := newFixture(t)
	f.list.setFail(errStoreDown)
	jti, err := f.iss.QueueSET(f.iss.SessionRevoked("alice", "sid-2"), issuertest.SETAudience(audience))
	if err != nil {
		t.Fatal(err)
	}
	startPoll(t, f)
	eventually(t, "three polls", func() bool { return f.iss.SSFPolls() >= 3 })
	if pending := f.iss.PendingSETs(); len(pending) != 1 || pending[0] != jti {
		t.Fatalf("pending = %v, want %s still queued: it was not applied", pending, jti)
	}
	if errs := f.iss.SETErrors(); len(errs) != 0 {
		t.Fatalf("setErrs = %v: a list failure is not the SET's fault", errs)
	}
	f.list.setFail(nil)
	eventually(t, "the SET is applied once the list is back", func() bool {
		return len(f.iss.PendingSETs()) == 0 && len(f.list.got()) == 1
	})
}

func TestPollWithoutCredentialAppliesNothing(t *testing.T) {
	f := newFixture(t)
	if _, err := f.iss.QueueSET(f.iss.SessionRevoked("alice", ""), issuertest.SETAudience(audience)); err != nil {
		t.Fatal(err)
	}
	startPoll(t, f, ssf.WithPollAuthorization("wrong-credential"))
	eventually(t, "three polls", func() bool { return f.iss.SSFPolls() >= 3 })
	if got := f.list.got(); len(got) != 0 || len(f.iss.PendingSETs()) != 1 {
		t.Fatalf("calls = %v, pending %v: a refused poll must apply and acknowledge nothing", got, f.iss.PendingSETs())
	}
}

func TestPollBoundsTheAnswer(t *testing.T) {
	f := newFixture(t)
	var polls atomic.Int32
	huge := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		polls.Add(1)
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"sets":{"a":"` + strings.Repeat("x", 2<<20) + `"}}`))
	}))
	defer huge.Close()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		done <- f.rx.Poll(ctx, huge.URL, ssf.WithPollBackoff(10*time.Millisecond, 20*time.Millisecond))
	}()
	eventually(t, "two polls", func() bool { return polls.Load() >= 2 })
	cancel()
	<-done
	if !strings.Contains(f.logs.String(), "exceeds 1 MiB") {
		t.Fatalf("the oversize answer was not refused as such:\n%s", f.logs)
	}
}

func TestPollRefusesBadConfiguration(t *testing.T) {
	f := newFixture(t)
	for _, c := range []struct {
		endpoint string
		opts     []ssf.PollOption
	}{
		{"http://transmitter.example/poll", nil}, // plain http off loopback
		{"ftp://127.0.0.1/poll", nil},
		{f.iss.SSFPollURL(), []ssf.PollOption{ssf.WithMaxEvents(0)}},
		{f.iss.SSFPollURL(), []ssf.PollOption{ssf.WithPollInterval(0)}},
		{f.iss.SSFPollURL(), []ssf.PollOption{ssf.WithPollBackoff(time.Second, time.Millisecond)}},
		{f.iss.SSFPollURL(), []ssf.PollOption{ssf.WithPollAuthorization("")}},
	} {
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		err := f.rx.Poll(ctx, c.endpoint, c.opts...)
		cancel()
		if err == nil || errors.Is(err, context.DeadlineExceeded) {
			t.Errorf("Poll(%s) = %v, want an immediate configuration error", c.endpoint, err)
		}
	}
}

func TestPollDoesNotSpinOnATransmitterIgnoringAcks(t *testing.T) {
	f := newFixture(t)
	set := f.sign(t, f.iss.SessionRevoked("alice", ""))
	var polls atomic.Int32
	deaf := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		polls.Add(1)
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"sets":{"j1":"` + set + `"},"moreAvailable":true}`))
	}))
	defer deaf.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	_ = f.rx.Poll(ctx, deaf.URL, ssf.WithPollInterval(50*time.Millisecond))
	// One poll applies the SET, the next acknowledges it and gets it again (a replay): from then on
	// every answer is old news, and Poll waits the interval.
	if n := polls.Load(); n > 10 {
		t.Fatalf("%d polls in 300 ms with a 50 ms interval: Poll spins on repeated SETs", n)
	}
	if got := f.list.got(); len(got) != 1 {
		t.Fatalf("calls = %v, want the SET applied once", got)
	}
}

func TestPollRefusesANonStringSETAlone(t *testing.T) {
	f := newFixture(t)
	set := f.sign(t, f.iss.SessionRevoked("alice", ""))
	var last atomic.Value
	odd := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		last.Store(string(b))
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"sets":{"good":"` + set + `","odd":{"not":"a string"}}}`))
	}))
	defer odd.Close()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- f.rx.Poll(ctx, odd.URL, ssf.WithPollInterval(10*time.Millisecond)) }()
	eventually(t, "the next poll acknowledges one and reports the other", func() bool {
		s, _ := last.Load().(string)
		return strings.Contains(s, `"ack":["good"]`) && strings.Contains(s, `"odd":{"err":"invalid_request"`)
	})
	cancel()
	<-done
	if got := f.list.got(); len(got) != 1 {
		t.Fatalf("calls = %v, want the string SET applied", got)
	}
}
