package validator

import (
	"log/slog"

	"github.com/jwtguard/jwtguard/internal/clip"
)

// Unverified is what a token says about itself, read without verifying anything: for logs and
// diagnostics only, never for a decision.
type Unverified struct {
	// Issuer is the payload's "iss"; "" when absent.
	Issuer string
	// Audience is the payload's "aud" as a list; nil when absent.
	Audience []string
	// KeyID is the header's "kid".
	KeyID string
	// Algorithm is the header's "alg".
	Algorithm string
}

// Peek reads a compact JWS's iss, aud, kid and alg with the strict parser Validate uses, verifying
// nothing: a failed validation can then be logged with what the token claimed to be. ok is false
// when token is longer than DefaultMaxTokenSize or is not a well-formed JWS with JSON object header
// and claims; the header's kid and alg are still returned when only the claims are at fault. Peek
// never panics and never returns a part of the token other than those four values.
func Peek(token string) (u Unverified, ok bool) {
	if token == "" || len(token) > DefaultMaxTokenSize {
		return Unverified{}, false
	}
	parts, _, err := splitCompact(token, nil)
	if err != nil {
		return Unverified{}, false
	}
	h, err := parseHeader(parts.Header)
	if err != nil {
		return Unverified{}, false
	}
	u.KeyID, u.Algorithm = h.Kid, h.Alg
	var p payload
	if decodePayload(parts.Payload, &p) != nil {
		return u, false
	}
	u.Issuer = p.issuer
	if u.Audience, ok = audienceList(nil, p.audience); !ok {
		return u, false
	}
	return u, true
}

// LogValue returns u as a group of iss, aud, kid and alg, each value cut to 128 bytes and aud to 8
// entries, so a hostile token cannot flood a log line. Absent values are left out.
func (u Unverified) LogValue() slog.Value {
	attrs := make([]slog.Attr, 0, 4)
	if u.Issuer != "" {
		attrs = append(attrs, slog.String("iss", clip.String(u.Issuer, maxQuotedBytes)))
	}
	if len(u.Audience) > 0 {
		aud := make([]string, 0, min(len(u.Audience), maxQuotedValues))
		for _, a := range u.Audience[:min(len(u.Audience), maxQuotedValues)] {
			aud = append(aud, clip.String(a, maxQuotedBytes))
		}
		attrs = append(attrs, slog.Any("aud", aud))
	}
	if u.KeyID != "" {
		attrs = append(attrs, slog.String("kid", clip.String(u.KeyID, maxQuotedBytes)))
	}
	if u.Algorithm != "" {
		attrs = append(attrs, slog.String("alg", clip.String(u.Algorithm, maxQuotedBytes)))
	}
	return slog.GroupValue(attrs...)
}
