package issuertest_test

import (
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rsa"
	"slices"
	"testing"

	"github.com/jwtguard/jwtguard/issuertest"
)

func TestJWKSPublishesOneKeyPerAlgorithm(t *testing.T) {
	iss := issuertest.New(t)
	keys := fetchKeys(t, iss.JWKSURL())
	if iss.JWKSFetches() != 1 {
		t.Errorf("JWKSFetches = %d, want 1", iss.JWKSFetches())
	}
	want := map[string]func(any) bool{
		"RS256": isRSA2048,
		"PS256": isRSA2048,
		"ES256": func(k any) bool { e, ok := k.(*ecdsa.PublicKey); return ok && e.Curve == elliptic.P256() },
		"EdDSA": func(k any) bool { _, ok := k.(ed25519.PublicKey); return ok },
	}
	if len(keys) != len(want) {
		t.Fatalf("published %d keys, want %d", len(keys), len(want))
	}
	for _, k := range iss.Keys() {
		jwk, ok := keys[k.ID]
		if !ok {
			t.Errorf("Keys lists %q, the JWKS does not", k.ID)
			continue
		}
		m := jwk.Marshal()
		if string(m.ALG) != k.Algorithm || m.USE != "sig" || !k.Current || k.ID != iss.CurrentKeyID(k.Algorithm) {
			t.Errorf("key %q: alg %q use %q current %v", k.ID, m.ALG, m.USE, k.Current)
		}
		if !want[k.Algorithm](jwk.Key()) || !want[k.Algorithm](k.Public) {
			t.Errorf("key %q for %s has type %T", k.ID, k.Algorithm, jwk.Key())
		}
		if m.D != "" || m.P != "" {
			t.Errorf("key %q publishes private material", k.ID)
		}
	}
	if ids := iss.KeyIDs(); len(ids) != len(want) || !slices.Equal(ids, mapKeys(iss.Keys())) {
		t.Errorf("KeyIDs = %v", ids)
	}
	if parsed := parseKeys(t, iss.JWKS()); len(parsed) != len(want) {
		t.Errorf("JWKS() holds %d keys, want %d", len(parsed), len(want))
	}
}

func isRSA2048(k any) bool {
	r, ok := k.(*rsa.PublicKey)
	return ok && r.N.BitLen() == 2048
}

func mapKeys(keys []issuertest.Key) []string {
	var ids []string
	for _, k := range keys {
		ids = append(ids, k.ID)
	}
	return ids
}

func TestKidsDifferAcrossIssuers(t *testing.T) {
	a := issuertest.New(t, issuertest.WithAlgorithms("ES256"))
	b := issuertest.New(t, issuertest.WithAlgorithms("ES256"))
	if a.CurrentKeyID("ES256") == b.CurrentKeyID("ES256") {
		t.Fatalf("two issuers publish kid %q", a.CurrentKeyID("ES256"))
	}
	if a.CurrentKeyID("RS256") != "" {
		t.Errorf("CurrentKeyID of a disabled algorithm = %q, want empty", a.CurrentKeyID("RS256"))
	}
}

func TestRotateKeepsOldKeysPublished(t *testing.T) {
	iss := issuertest.New(t, issuertest.WithAlgorithms("ES256", "EdDSA"))
	oldES, oldEd := iss.CurrentKeyID("ES256"), iss.CurrentKeyID("EdDSA")
	before := iss.MustMint(t, issuertest.WithAlgorithm("ES256"))

	if err := iss.Rotate("ES256", "ES256"); err != nil {
		t.Fatal(err)
	}
	newES := iss.CurrentKeyID("ES256")
	if newES == oldES || iss.CurrentKeyID("EdDSA") != oldEd {
		t.Fatalf("after Rotate(ES256): ES256 %q→%q, EdDSA %q→%q", oldES, newES, oldEd, iss.CurrentKeyID("EdDSA"))
	}
	if want := []string{oldES, oldEd, newES}; !slices.Equal(iss.KeyIDs(), want) {
		t.Fatalf("KeyIDs = %v, want %v", iss.KeyIDs(), want)
	}

	after := iss.MustMint(t, issuertest.WithAlgorithm("ES256"))
	keys := fetchKeys(t, iss.JWKSURL())
	for name, tok := range map[string]string{"before": before, "after": after} {
		if _, err := verify(tok, keys); err != nil {
			t.Errorf("token minted %s rotation does not verify: %v", name, err)
		}
	}
	if h, _ := decode(t, after); h["kid"] != newES {
		t.Errorf("token after rotation has kid %v, want %q", h["kid"], newES)
	}
	for _, k := range iss.Keys() {
		if k.Current != (k.ID != oldES) {
			t.Errorf("key %q Current = %v", k.ID, k.Current)
		}
	}
}

func TestRotateAll(t *testing.T) {
	iss := issuertest.New(t, issuertest.WithAlgorithms("ES256", "EdDSA"))
	old := iss.KeyIDs()
	if err := iss.Rotate(); err != nil {
		t.Fatal(err)
	}
	ids := iss.KeyIDs()
	if len(ids) != 4 || !slices.Equal(ids[:2], old) || slices.Contains(old, iss.CurrentKeyID("ES256")) ||
		slices.Contains(old, iss.CurrentKeyID("EdDSA")) {
		t.Fatalf("after Rotate(): KeyIDs %v (before %v)", ids, old)
	}
}

func TestRotateRejectsDisabledAlgorithm(t *testing.T) {
	iss := issuertest.New(t, issuertest.WithAlgorithms("ES256"))
	old := iss.KeyIDs()
	if err := iss.Rotate("ES256", "RS256"); err == nil {
		t.Fatal("Rotate(RS256) on an ES256-only issuer succeeded")
	}
	if !slices.Equal(iss.KeyIDs(), old) {
		t.Errorf("a failed Rotate changed the keys: %v → %v", old, iss.KeyIDs())
	}
}

func TestRetire(t *testing.T) {
	iss := issuertest.New(t, issuertest.WithAlgorithms("ES256"))
	old := iss.CurrentKeyID("ES256")
	if err := iss.Rotate(); err != nil {
		t.Fatal(err)
	}
	oldToken := iss.MustMint(t, issuertest.WithKeyID(old))

	if !iss.Retire(old) {
		t.Fatal("Retire of a published key returned false")
	}
	if iss.Retire(old) || iss.Retire("no-such-kid") {
		t.Error("Retire of an unpublished key returned true")
	}
	keys := fetchKeys(t, iss.JWKSURL())
	if _, ok := keys[old]; ok || len(keys) != 1 {
		t.Fatalf("JWKS after Retire holds %d keys (retired included: %v)", len(keys), ok)
	}
	if _, err := verify(oldToken, keys); err == nil {
		t.Error("token signed by the retired key still verifies against the JWKS")
	}
	if _, err := verify(iss.MustMint(t), keys); err != nil {
		t.Errorf("token from the current key: %v", err)
	}

	// A retired current key keeps signing until rotated.
	cur := iss.CurrentKeyID("ES256")
	iss.Retire(cur)
	if len(iss.Keys()) != 0 || iss.CurrentKeyID("ES256") != cur {
		t.Fatalf("after retiring the current key: Keys %v CurrentKeyID %q", iss.Keys(), iss.CurrentKeyID("ES256"))
	}
	if h, _ := decode(t, iss.MustMint(t)); h["kid"] != cur {
		t.Errorf("kid %v, want the retired current key %q", h["kid"], cur)
	}
	if got := string(iss.JWKS()); got != `{"keys":[]}` {
		t.Errorf("empty JWKS = %s", got)
	}
}

func TestEveryAlgorithmFamily(t *testing.T) {
	algs := []string{"RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "EdDSA"}
	iss := issuertest.New(t, issuertest.WithAlgorithms(algs...))
	keys := fetchKeys(t, iss.JWKSURL())
	for _, alg := range algs {
		t.Run(alg, func(t *testing.T) {
			tok, err := verify(iss.MustMint(t, issuertest.WithAlgorithm(alg)), keys)
			if err != nil {
				t.Fatal(err)
			}
			if tok.Method.Alg() != alg {
				t.Errorf("signed with %s", tok.Method.Alg())
			}
		})
	}
}
