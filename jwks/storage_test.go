package jwks

import (
	"context"
	"crypto/elliptic"
	"encoding/json"
	"errors"
	"testing"
	"time"

	"github.com/MicahParks/jwkset"
)

func TestStorageReads(t *testing.T) {
	r0, ec := rsaKey(t, 0), ecKey(t, elliptic.P256())
	s, err := Static(setJSON(t,
		publicJWK(t, ec, "e", "ES256"), publicJWK(t, r0, "", ""), jwk(t, r0, "r", "", jwkset.UseSig)))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ctx := context.Background()

	got, err := s.KeyRead(ctx, "r")
	if err != nil || got.Marshal().KID != "r" || got.Marshal().D != "" {
		t.Fatalf("KeyRead(r) = %+v, %v; want the public JWK r", got.Marshal(), err)
	}
	if !r0.PublicKey.Equal(got.Key()) {
		t.Error("KeyRead(r) answers another key")
	}
	if _, err := s.KeyRead(ctx, "nope"); !errors.Is(err, jwkset.ErrKeyNotFound) || !errors.Is(err, ErrKeyNotFound) {
		t.Errorf("KeyRead(nope) err = %v, want jwkset.ErrKeyNotFound and ErrKeyNotFound", err)
	}

	all, err := s.KeyReadAll(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var kids []string
	for _, j := range all {
		kids = append(kids, j.Marshal().KID)
	}
	if len(kids) != 3 || kids[0] != "" || kids[1] != "e" || kids[2] != "r" {
		t.Errorf("KeyReadAll kids = %q, want the kid-less key, then e, r", kids)
	}

	for name, read := range map[string]func(context.Context) (json.RawMessage, error){
		"JSON": s.JSON, "JSONPublic": s.JSONPublic, "JSONPrivate": s.JSONPrivate,
	} {
		raw, err := read(ctx)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		var doc jwkset.JWKSMarshal
		if err := json.Unmarshal(raw, &doc); err != nil || len(doc.Keys) != 3 {
			t.Fatalf("%s = %s, %v; want 3 keys", name, raw, err)
		}
		for _, k := range doc.Keys {
			if k.D != "" || k.P != "" {
				t.Errorf("%s publishes private material of %q", name, k.KID)
			}
		}
		if doc.Keys[1].ALG != "ES256" || doc.Keys[2].USE != jwkset.UseSig {
			t.Errorf("%s drops published metadata: %s", name, raw)
		}
	}
	// The JSON round-trips into another jwkset.Storage that holds the same keys.
	raw, _ := s.JSONPublic(ctx)
	var doc jwkset.JWKSMarshal
	_ = json.Unmarshal(raw, &doc)
	other, err := doc.ToStorage()
	if err != nil {
		t.Fatal(err)
	}
	if j, err := other.KeyRead(ctx, "e"); err != nil || !ec.PublicKey.Equal(j.Key()) {
		t.Errorf("round trip lost key e: %v", err)
	}
}

func TestStorageIsReadOnly(t *testing.T) {
	s, err := Static(setJSON(t, publicJWK(t, rsaKey(t, 0), "r", "")))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ctx := context.Background()
	held, _ := s.KeyRead(ctx, "r")
	if err := s.KeyWrite(ctx, held); !errors.Is(err, ErrReadOnly) {
		t.Errorf("KeyWrite err = %v", err)
	}
	if err := s.KeyReplaceAll(ctx, nil); !errors.Is(err, ErrReadOnly) {
		t.Errorf("KeyReplaceAll err = %v", err)
	}
	if ok, err := s.KeyDelete(ctx, "r"); ok || !errors.Is(err, ErrReadOnly) {
		t.Errorf("KeyDelete = %v, %v", ok, err)
	}
	if all, _ := s.KeyReadAll(ctx); len(all) != 1 {
		t.Errorf("a refused write changed the keys: %d held", len(all))
	}
}

func TestStorageUnavailable(t *testing.T) {
	p := newIDP(t, []byte("not json"))
	s, _ := newTestSet(t, p.url())
	ctx := context.Background()
	if _, err := s.KeyRead(ctx, "r"); !errors.Is(err, ErrKeysUnavailable) || errors.Is(err, jwkset.ErrKeyNotFound) {
		t.Errorf("KeyRead before any keys: %v, want ErrKeysUnavailable only", err)
	}
	if _, err := s.KeyReadAll(ctx); !errors.Is(err, ErrKeysUnavailable) {
		t.Errorf("KeyReadAll before any keys: %v", err)
	}
	if _, err := s.JSON(ctx); !errors.Is(err, ErrKeysUnavailable) {
		t.Errorf("JSON before any keys: %v", err)
	}
	s.Close()
	if _, err := s.KeyRead(ctx, "r"); !errors.Is(err, ErrClosed) {
		t.Errorf("KeyRead after Close: %v", err)
	}
}

// KeyRead shares VerificationKey's unknown-kid refetch: one fetch per gap, however many kids are asked.
func TestKeyReadUnknownKIDFetchesOncePerGap(t *testing.T) {
	r0, r1 := rsaKey(t, 0), rsaKey(t, 1)
	p := newIDP(t, setJSON(t, publicJWK(t, r0, "a", "")))
	s, _ := newTestSet(t, p.url(), WithUnknownKIDGap(time.Hour))
	ctx := context.Background()
	if _, err := s.KeyRead(ctx, "b"); !errors.Is(err, jwkset.ErrKeyNotFound) {
		t.Fatalf("KeyRead(b) = %v", err)
	}
	if got := p.hits.Load(); got != 2 {
		t.Fatalf("first unknown kid: %d fetches, want 2 (the first fetch and one refetch)", got)
	}
	p.setBody(setJSON(t, publicJWK(t, r0, "a", ""), publicJWK(t, r1, "b", "")))
	for _, kid := range []string{"b", "c", "d", "b"} {
		if _, err := s.KeyRead(ctx, kid); !errors.Is(err, jwkset.ErrKeyNotFound) {
			t.Errorf("KeyRead(%s) inside the gap = %v, want not found without a fetch", kid, err)
		}
	}
	if got := p.hits.Load(); got != 2 {
		t.Errorf("unknown kids inside the gap caused %d more fetches, want none", got-2)
	}
}

// The refetch an unknown kid causes finds a key published since.
func TestKeyReadFindsRotatedKey(t *testing.T) {
	r0, r1 := rsaKey(t, 0), rsaKey(t, 1)
	p := newIDP(t, setJSON(t, publicJWK(t, r0, "a", "")))
	s, _ := newTestSet(t, p.url())
	p.setBody(setJSON(t, publicJWK(t, r0, "a", ""), publicJWK(t, r1, "b", "")))
	got, err := s.KeyRead(context.Background(), "b")
	if err != nil || !r1.PublicKey.Equal(got.Key()) {
		t.Fatalf("KeyRead(b) after rotation = %v", err)
	}
	if n := p.hits.Load(); n != 2 {
		t.Errorf("%d fetches, want 2", n)
	}
}
