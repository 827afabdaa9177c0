package validator

import (
	"errors"
	"fmt"
	"github.com/jwtguard/jwtguard/internal/reasons"
	"testing"
)

func TestKindOfEveryReason(t *testing.T) {
	want := map[error]Kind{
		ErrInsufficientScope: KindScopeMissing,
		ErrKeysUnavailable:   KindUnavailable,
		// The reasons of other packages, declared in the one table too.
		reasons.ErrIntrospectionUnavailable:   KindUnavailable,
		reasons.ErrDPoPReplayCacheUnavailable: KindUnavailable,
		ErrInvalidRequest:                     KindBadRequest,
		reasons.ErrRevocationUnavailable:      KindUnavailable,
		reasons.ErrSETReplayed:                KindBadRequest,
		reasons.ErrServerMisconfigured:        KindServerError,
	}
	for _, r := range Reasons() {
		k, ok := want[r.Err]
		if !ok {
			k = KindTokenRefused
		}
		err := fmt.Errorf("wrapped: %w", NewError(r.Err, "d", nil))
		if got := KindOf(err); got != k {
			t.Errorf("KindOf(%s) = %s, want %s", r.Code, got, k)
		}
		if got := KindOf(r.Err); got != k {
			t.Errorf("KindOf(bare %s) = %s, want %s", r.Code, got, k)
		}
	}
	if got := KindOf(errors.New("custom validator failure")); got != KindTokenRefused {
		t.Errorf("unknown error: kind %s, want token_refused (fail closed)", got)
	}
	if got := KindOf(nil); got != 0 {
		t.Errorf("nil: kind %s, want 0", got)
	}
	if got := Code(NewError(ErrTokenInactive, "", nil)); got != "token_inactive" {
		t.Errorf("Code(ErrTokenInactive) = %q", got)
	}
	if got := Code(NewError(ErrInsufficientUserAuthentication, "", nil)); got != "insufficient_user_authentication" {
		t.Errorf("Code(ErrInsufficientUserAuthentication) = %q", got)
	}
}
