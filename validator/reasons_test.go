package validator

import (
	"errors"
	"fmt"
	"github.com/jwtguard/jwtguard/internal/reasons"
	"testing"
)

// TestReasonTableIsOneTable checks that every reason is declared once: one row per sentinel, one
// sentinel per code, and a protocol code for every refusal that challenges.
func TestReasonTableIsOneTable(t *testing.T) {
	codes := map[string]error{}
	sentinels := map[error]bool{}
	for _, r := range Reasons() {
		if sentinels[r.Err] {
			t.Errorf("%v has two rows", r.Err)
		}
		sentinels[r.Err] = true
		if other, dup := codes[r.Code]; dup {
			t.Errorf("code %q names %v and %v", r.Code, other, r.Err)
		}
		codes[r.Code] = r.Err
		if r.Kind == 0 || r.Message == "" {
			t.Errorf("%s: kind %v, message %q", r.Code, r.Kind, r.Message)
		}
		challenged := r.Kind != KindUnavailable && r.Kind != KindServerError && r.Err != ErrMissingToken
		if challenged != (r.Protocol != "") {
			t.Errorf("%s: protocol code %q for kind %v", r.Code, r.Protocol, r.Kind)
		}
	}
}

// TestReasonOfOtherPackagesReasons checks the rows the validator itself never returns: each refusal
// reports its own code, kind and protocol code, wrapped or bare, and a more specific DPoP reason wins
// over the one it wraps.
func TestReasonOfOtherPackagesReasons(t *testing.T) {
	tests := []struct {
		err            error
		code, protocol string
		kind           Kind
	}{
		{ErrInvalidRequest, "invalid_request", "invalid_request", KindBadRequest},
		{reasons.ErrInvalidDPoPProof, "invalid_dpop_proof", "invalid_dpop_proof", KindTokenRefused},
		{reasons.ErrMissingDPoPProof, "missing_dpop_proof", "invalid_dpop_proof", KindTokenRefused},
		{reasons.ErrDPoPProofReplayed, "dpop_proof_replayed", "invalid_dpop_proof", KindTokenRefused},
		{reasons.ErrDPoPNonceRequired, "use_dpop_nonce", "use_dpop_nonce", KindTokenRefused},
		{reasons.ErrDPoPBoundTokenAsBearer, "dpop_bound_token_as_bearer", "invalid_token", KindTokenRefused},
		{reasons.ErrDPoPRequired, "dpop_required", "invalid_token", KindTokenRefused},
		{reasons.ErrTokenNotDPoPBound, "token_not_dpop_bound", "invalid_token", KindTokenRefused},
		{reasons.ErrDPoPReplayCacheUnavailable, "dpop_replay_cache_unavailable", "", KindUnavailable},
		{reasons.ErrCertificateMismatch, "certificate_mismatch", "invalid_token", KindTokenRefused},
		{reasons.ErrUnsupportedBinding, "unsupported_binding", "invalid_token", KindTokenRefused},
		{reasons.ErrIntrospectionUnavailable, "introspection_unavailable", "", KindUnavailable},
		{ErrTokenInactive, "token_inactive", "invalid_token", KindTokenRefused},
		{ErrInsufficientUserAuthentication, "insufficient_user_authentication", "insufficient_user_authentication", KindTokenRefused},
	}
	for _, tt := range tests {
		for _, err := range []error{tt.err, NewError(tt.err, "d", nil), fmt.Errorf("wrapped: %w", NewError(tt.err, "d", nil)), fmt.Errorf("bare: %w", tt.err)} {
			r := ReasonOf(err)
			if r.Err != tt.err || r.Code != tt.code || r.Protocol != tt.protocol || r.Kind != tt.kind {
				t.Errorf("ReasonOf(%v) = %s %q %v, want %s %q %v", err, r.Code, r.Protocol, r.Kind, tt.code, tt.protocol, tt.kind)
			}
			if Code(err) != tt.code || KindOf(err) != tt.kind {
				t.Errorf("Code/KindOf(%v) = %s %v", err, Code(err), KindOf(err))
			}
		}
	}
}

// TestRefusal checks the one place that decides what an error no checker described is: a refused
// token whose text is never the description, with the error kept as the cause.
func TestRefusal(t *testing.T) {
	foreign := errors.New("backend said: secret detail")
	err := Refusal(foreign)
	ve, ok := errors.AsType[*Error](err)
	if !ok || ve.Reason != ErrTokenRejected || ve.Description != "token rejected" || !errors.Is(err, foreign) {
		t.Fatalf("Refusal(foreign) = %#v", err)
	}
	if ve.Code() != "invalid_token" || ve.Kind() != KindTokenRefused || Code(foreign) != "" {
		t.Errorf("foreign: code %q kind %v, Code(bare foreign) %q", ve.Code(), ve.Kind(), Code(foreign))
	}
	wrapped := fmt.Errorf("tenant b: %w", ErrTokenExpired)
	if ve, ok := errors.AsType[*Error](Refusal(wrapped)); !ok || ve.Reason != ErrTokenExpired || !errors.Is(ve, wrapped) {
		t.Errorf("Refusal(wrapped sentinel) = %v", Refusal(wrapped))
	}
	already := fmt.Errorf("tenant a: %w", NewError(ErrUnknownKey, "no key", nil))
	if Refusal(already) != already {
		t.Error("Refusal changed an error that wraps a *Error")
	}
	if Refusal(nil) != nil {
		t.Error("Refusal(nil) != nil")
	}
}

// TestSenderConstrained checks that the payload's cnf member, whatever its value, marks the claims,
// so the adapters' binding check never misses a bound token, and that a case variant is refused.
func TestSenderConstrained(t *testing.T) {
	for payload, want := range map[string]bool{
		`{"sub":"a"}`:                   false,
		`{"sub":"a","cnf":{"jkt":"x"}}`: true,
		`{"sub":"a","cnf":null}`:        true,
		`{"sub":"a","cnf":{}}`:          true,
		`{"sub":"a","cnf":"jkt"}`:       true,
	} {
		c, err := ClaimsFromJSON([]byte(payload))
		if err != nil {
			t.Fatalf("%s: %v", payload, err)
		}
		if c.SenderConstrained() != want {
			t.Errorf("%s: SenderConstrained = %v, want %v", payload, !want, want)
		}
	}
	if _, err := ClaimsFromJSON([]byte(`{"sub":"a","CNF":{"jkt":"x"}}`)); !errors.Is(err, ErrMalformedToken) {
		t.Errorf("a case variant of cnf: %v, want ErrMalformedToken", err)
	}
	var none *Claims
	if none.SenderConstrained() {
		t.Error("nil claims are sender-constrained")
	}
}
