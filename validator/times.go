package validator

import "time"

// checkTimes applies the exp, nbf and iat rules at now with leeway; a zero notBefore or issuedAt means
// the claim was absent. Full validation and cache hits share it, so both judge time identically.
func checkTimes(now time.Time, leeway time.Duration, expiresAt, notBefore, issuedAt time.Time) error {
	if !now.Before(expiresAt.Add(leeway)) {
		return newError(ErrTokenExpired, "token expired "+now.Sub(expiresAt).Round(time.Second).String()+" ago", nil).
			WithDetail(timeDetail("exp", expiresAt, now, leeway))
	}
	if !notBefore.IsZero() && now.Add(leeway).Before(notBefore) {
		return newError(ErrTokenNotYetValid, "token not valid before its nbf", nil).
			WithDetail(timeDetail("nbf", notBefore, now, leeway))
	}
	if !issuedAt.IsZero() && now.Add(leeway).Before(issuedAt) {
		return newError(ErrTokenNotYetValid, "token issued in the future", nil).
			WithDetail(timeDetail("iat", issuedAt, now, leeway))
	}
	return nil
}

// timeDetail is the detail of a refusal by the time claim named claim: its value next to the clock.
func timeDetail(claim string, t, now time.Time, leeway time.Duration) string {
	return claim + " " + t.UTC().Format(time.RFC3339) + ", now " + now.UTC().Format(time.RFC3339) + ", leeway " + leeway.String()
}
