package jwks

import (
	"context"
	"errors"
	"net/http"
	"testing"
	"time"

	"github.com/MicahParks/jwkset"
)

// outages are the ways a JWK Set endpoint keeps failing after keys were loaded; none of them confirms
// the held keys.
func outages(t *testing.T) []struct {
	name  string
	start func(p *idp)
} {
	return []struct {
		name  string
		start func(p *idp)
	}{
		{"down", func(p *idp) {
			p.answer(func(w http.ResponseWriter, _ *http.Request) {
				if conn, _, err := http.NewResponseController(w).Hijack(); err == nil {
					_ = conn.Close()
				}
			})
		}},
		{"server error", func(p *idp) { p.status.Store(http.StatusInternalServerError) }},
		{"not JSON", func(p *idp) { p.setBody([]byte("<html>maintenance</html>")) }},
		{"empty set", func(p *idp) { p.setBody([]byte(`{"keys":[]}`)) }},
		{"only skipped keys", func(p *idp) {
			p.setBody(setJSON(t, jwkset.JWKMarshal{KTY: jwkset.KtyOct, KID: "h", K: "c2VjcmV0"}))
		}},
	}
}

// restore undoes every outage: the endpoint answers body with 200 again.
func (p *idp) restore(body []byte) {
	p.override.Store(nil)
	p.status.Store(http.StatusOK)
	p.setBody(body)
}

// Keys that no fetch confirms for longer than WithLastKnownGoodLifetime stop verifying: lookups answer
// ErrKeysUnavailable and the epoch moves (so a token cache refuses them too), until a fetch of the same
// keys confirms them again.
func TestLastKnownGoodLifetime(t *testing.T) {
	good := setJSON(t, publicJWK(t, rsaKey(t, 0), "a", ""))
	for _, o := range outages(t) {
		t.Run(o.name, func(t *testing.T) {
			p := newIDP(t, good)
			s, rec := newTestSet(t, p.url(), append(fast, WithLastKnownGoodLifetime(100*time.Millisecond))...)
			mustFind(t, s, "a", "RS256")
			loaded := s.Epoch()

			o.start(p)
			eventually(t, "the keys go stale", func() bool { return s.Status().Stale })
			for _, kid := range []string{"a", ""} {
				_, found, err := s.VerificationKey(context.Background(), kid, "RS256")
				if found || !errors.Is(err, ErrKeysUnavailable) || !errors.Is(err, errStale) {
					t.Errorf("stale lookup of kid %q: found %v, err %v; want ErrKeysUnavailable for stale keys", kid, found, err)
				}
			}
			stale := s.Epoch()
			if stale == loaded {
				t.Error("Epoch did not move when the keys went stale")
			}
			if st := s.Status(); st.Keys != 1 || st.LastError == nil {
				t.Errorf("Status while stale = %+v; want the key still held and the fetch error", st)
			}
			// The keys go stale before the expiry is logged: wait for the line rather than race it.
			eventually(t, "the expiry logged at Error", func() bool { return rec.contains("ERROR jwks: keys expired") })

			p.restore(good)
			eventually(t, "the same keys are confirmed", func() bool { return !s.Status().Stale })
			mustFind(t, s, "a", "RS256")
			if s.Epoch() == stale {
				t.Error("Epoch did not move when the keys were confirmed again")
			}
			eventually(t, "the confirmation logged", func() bool { return rec.contains("INFO jwks: keys confirmed again") })
		})
	}
}

// New keys arriving after the old ones went stale are used at once.
func TestLastKnownGoodLifetimeNewKeysAfterStale(t *testing.T) {
	p := newIDP(t, setJSON(t, publicJWK(t, rsaKey(t, 0), "a", "")))
	s, _ := newTestSet(t, p.url(), append(fast, WithLastKnownGoodLifetime(100*time.Millisecond))...)
	mustFind(t, s, "a", "RS256")
	p.status.Store(http.StatusServiceUnavailable)
	eventually(t, "the keys go stale", func() bool { return s.Status().Stale })
	p.restore(setJSON(t, publicJWK(t, rsaKey(t, 1), "b", "")))
	eventually(t, "the new keys arrive", func() bool { return !s.Status().Stale })
	mustFind(t, s, "b", "RS256")
	if _, found, err := s.VerificationKey(context.Background(), "a", "RS256"); found || err != nil {
		t.Errorf("replaced key: found %v, err %v; want not found", found, err)
	}
}

// With the option, a Set whose fetches keep bringing the same document stays fresh: unchanged documents
// neither move the epoch nor are logged as changes. (Without it, keys outlive any outage:
// TestFailedRefreshKeepsKeys.)
func TestLastKnownGoodLifetimeHealthy(t *testing.T) {
	p := newIDP(t, setJSON(t, publicJWK(t, rsaKey(t, 0), "a", "")))
	s, rec := newTestSet(t, p.url(), WithRefreshInterval(10*time.Millisecond), WithMinRefreshInterval(10*time.Millisecond),
		WithLastKnownGoodLifetime(time.Minute))
	base := p.hits.Load()
	eventually(t, "five refreshes", func() bool { return p.hits.Load() >= base+5 })
	mustFind(t, s, "a", "RS256")
	if st := s.Status(); st.Stale || st.Epoch != 1 {
		t.Errorf("Status after healthy refreshes = %+v, want fresh keys at epoch 1", st)
	}
	if n := rec.count("jwks: keys loaded"); n != 1 || rec.contains("keys changed") {
		t.Errorf("unchanged documents logged as changes; logs:\n%s", rec.lines())
	}
}

// With WithEmptySetRevokes a well-formed JWK Set without usable keys replaces the held keys: tokens
// then find no key (unknown_key), not ErrKeysUnavailable. A document that is not a JWK Set still
// keeps the keys.
func TestEmptySetRevokes(t *testing.T) {
	good := setJSON(t, publicJWK(t, rsaKey(t, 0), "a", ""))
	tests := []struct {
		name    string
		body    []byte
		revokes bool
	}{
		{"empty set", []byte(`{"keys":[]}`), true},
		{"only skipped keys", setJSON(t, jwkset.JWKMarshal{KTY: jwkset.KtyOct, KID: "h", K: "c2VjcmV0"}), true},
		{"not JSON", []byte("<html>maintenance</html>"), false},
		{"no keys member", []byte(`{"kty":"RSA"}`), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := newIDP(t, good)
			s, rec := newTestSet(t, p.url(), append(fast, WithEmptySetRevokes(), WithUnknownKIDWait(10*time.Millisecond))...)
			mustFind(t, s, "a", "RS256")
			epoch := s.Epoch()
			p.setBody(tt.body)
			base := p.hits.Load()
			eventually(t, "two refreshes", func() bool { return p.hits.Load() >= base+2 })
			_, found, err := s.VerificationKey(context.Background(), "a", "RS256")
			st := s.Status()
			if !tt.revokes {
				if !found || err != nil || st.LastError == nil || s.Epoch() != epoch {
					t.Fatalf("found %v, err %v, status %+v; want the keys kept and the failure recorded", found, err, st)
				}
				return
			}
			if found || err != nil {
				t.Fatalf("after the set was emptied: found %v, err %v; want not found", found, err)
			}
			if st.Keys != 0 || st.LastError != nil || s.Epoch() == epoch {
				t.Fatalf("Status = %+v, epoch %d→%d; want no keys, no error, a new epoch", st, epoch, s.Epoch())
			}
			if !rec.contains("WARN jwks: JWK Set holds no usable key; installing it as is") {
				t.Errorf("revocation not logged at Warn; logs:\n%s", rec.lines())
			}
			p.setBody(good)
			eventually(t, "the keys come back", func() bool {
				_, found, _ := s.VerificationKey(context.Background(), "a", "RS256")
				return found
			})
		})
	}
}
