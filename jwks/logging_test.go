package jwks

import (
	"crypto/elliptic"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"testing"

	"github.com/MicahParks/jwkset"
)

// attrsOf returns a record's attributes by key, as their values' strings (slices via fmt).
func attrsOf(r slog.Record) map[string]string {
	m := map[string]string{}
	r.Attrs(func(a slog.Attr) bool {
		m[a.Key] = fmt.Sprint(a.Value.Any())
		return true
	})
	return m
}

// find returns the records with message msg.
func (r *recorder) find(msg string) []slog.Record {
	var out []slog.Record
	for _, rec := range r.all() {
		if rec.Message == msg {
			out = append(out, rec)
		}
	}
	return out
}

// The first keys and every change of them are logged at Info with their count and kids; an unchanged
// document is not; key material never is.
func TestLogKeyLoadsAndChanges(t *testing.T) {
	rsa, ec := publicJWK(t, rsaKey(t, 0), "a", ""), publicJWK(t, ecKey(t, elliptic.P256()), "b", "")
	p := newIDP(t, setJSON(t, rsa, ec))
	s, rec := newTestSet(t, p.url(), fast...)
	loaded := rec.find("jwks: keys loaded")
	if len(loaded) != 1 || loaded[0].Level != slog.LevelInfo {
		t.Fatalf("first keys logged %d times (want once, at Info); logs:\n%s", len(loaded), rec.lines())
	}
	if a := attrsOf(loaded[0]); a["keys"] != "2" || a["kids"] != "[a b]" || a["url"] != p.url() {
		t.Errorf("keys loaded attributes %v; want keys=2 kids=[a b] and the URL", a)
	}

	p.setBody(setJSON(t, rsa))
	eventually(t, "the change is logged", func() bool { return len(rec.find("jwks: keys changed")) > 0 })
	base := p.hits.Load()
	eventually(t, "two more refreshes", func() bool { return p.hits.Load() >= base+2 })
	changed := rec.find("jwks: keys changed")
	if len(changed) != 1 || changed[0].Level != slog.LevelInfo {
		t.Fatalf("one change logged %d times (want once, at Info); logs:\n%s", len(changed), rec.lines())
	}
	if a := attrsOf(changed[0]); a["keys"] != "1" || a["kids"] != "[a]" || a["epoch"] != fmt.Sprint(s.Epoch()) {
		t.Errorf("keys changed attributes %v; want keys=1 kids=[a] epoch=%d", a, s.Epoch())
	}
	for _, material := range []string{rsa.N, ec.X, ec.Y} {
		if strings.Contains(rec.lines(), material) {
			t.Fatalf("key material %.16s… logged:\n%s", material, rec.lines())
		}
	}
}

// An answer without a usable key is logged at Warn, naming each skipped key and why it was skipped.
func TestLogNoUsableKeyNamesSkipped(t *testing.T) {
	good := setJSON(t, publicJWK(t, rsaKey(t, 0), "a", ""))
	tests := []struct {
		name string
		body []byte
		want []string
	}{
		{"empty set", []byte(`{"keys":[]}`), []string{"the set is empty"}},
		{"only skipped keys", setJSON(t,
			jwkset.JWKMarshal{KTY: jwkset.KtyOct, KID: "h", K: "c2VjcmV0"},
			jwk(t, ecKey(t, elliptic.P256()).Public(), "e", "", jwkset.UseEnc)),
			[]string{"2 skipped", `kid "h"`, "symmetric", `kid "e"`, "encryption"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := newIDP(t, good)
			_, rec := newTestSet(t, p.url(), fast...)
			p.setBody(tt.body)
			eventually(t, "the failed refresh is logged", func() bool {
				return len(rec.find("jwks: refresh failed, keeping current keys")) > 0
			})
			r := rec.find("jwks: refresh failed, keeping current keys")[0]
			msg := attrsOf(r)["error"]
			if r.Level != slog.LevelWarn {
				t.Errorf("logged at %v, want Warn", r.Level)
			}
			for _, w := range tt.want {
				if !strings.Contains(msg, w) {
					t.Errorf("error %q does not name %q", msg, w)
				}
			}
		})
	}
}

// No jwks log record carries an empty attribute (url="" before discovery or for a Static set) or an
// attribute spanning several lines (discovery joins the error of each location it tried).
func TestLogAttributesAreSet(t *testing.T) {
	is := newIssuerServer(t, "", map[string]string{}) // every well-known location answers 404
	rec := &recorder{}
	s, err := Discover(t.Context(), is.issuer(), append(fast, WithLogger(slog.New(rec)))...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.Close() })
	eventually(t, "discovery fails twice", func() bool { return rec.count("fetch failed, no keys yet") >= 2 })

	static, err := Static(setJSON(t, publicJWK(t, ecKey(t, elliptic.P256()), "e", ""),
		jwkset.JWKMarshal{KTY: jwkset.KtyOct, KID: "h", K: "c2VjcmV0"}), WithLogger(slog.New(rec)))
	if err != nil {
		t.Fatal(err)
	}
	_ = static.Close()
	_ = s.Close()
	if !slices.ContainsFunc(rec.all(), func(r slog.Record) bool { return r.Message == "jwks: skipping key" }) {
		t.Fatal("the Static set's skipped key was not logged")
	}
	for _, r := range rec.all() {
		for k, v := range attrsOf(r) {
			if v == "" || strings.ContainsAny(v, "\r\n") {
				t.Errorf("%q: attribute %s=%q is empty or spans lines", r.Message, k, v)
			}
		}
	}
}
