// Package ssf receives OpenID Shared Signals Framework 1.0 events — CAEP 1.0 and RISC — and records
// the revocations they carry in a revocation list that every validation consults, so that a session
// or user the identity provider revoked is refused within a second instead of when its tokens expire.
//
//	list := revocation.NewMemory()            // also given to validator.WithRevocation
//	cfg, keys, err := ssf.Discover(ctx, "https://idp.example.com")  // or jwks.New on its jwks_uri
//	rx, err := ssf.NewReceiver(list, ssf.WithIssuer(cfg.Issuer), ssf.WithKeys(keys),
//		ssf.WithAudience("https://api.example.com"), ssf.WithPushAuthorization(secret))
//	mux.Handle("POST /ssf/events", rx)        // RFC 8935 push delivery
//	go rx.Poll(ctx, pollURL, ssf.WithPollAuthorization(token)) // or RFC 8936 poll delivery
//
// # Verification
//
// A Security Event Token (RFC 8417) is held to the rules access tokens are: the same strict compact-JWS
// and JSON reader, the same algorithm table (asymmetric algorithms only; never "none" or HS*), keys
// only from the transmitter's *jwks.Set, looked up through its keyfunc/v3 Keyfunc with the validator's
// key checks. In order: size (MaxSETSize), syntax, header typ "secevent+jwt" (so an access or ID token
// signed by the same keys is never taken for an event), alg, key and signature; then iss (exactly
// WithIssuer's), aud (containing WithAudience's), iat (present, not in the future beyond the leeway),
// jti (present, at most 256 bytes, not already applied) and events. SETs carry no exp, which is why a
// *validator.Validator, which requires one, is not used. Every refusal is a *validator.Error with the
// validator's reason (ErrReplay for a second delivery), its description safe to send back; a SET is
// never logged. Nothing is revoked by a SET that does not verify, and a SET with one malformed event
// revokes nothing.
//
// # Events
//
// CAEP session-revoked revokes the session (RevokeSession) when its subject names one, else the user
// (RevokeSubject). CAEP credential-change with change_type "revoke" or "delete", RISC account-disabled,
// account-purged and sessions-revoked revoke the user. The cut (issuedBefore) is the event's
// event_timestamp, or the SET's iat when it has none, and never later than iat. The subject is the
// SET's sub_id (SSF 1.0, RFC 9493), else the event's own "subject" (earlier drafts, RISC). The issuer
// passed to the list is the access-token issuer the subject belongs to:
//
//   - iss_sub: its "iss", and "sub" is the tokens' sub.
//   - opaque: WithTokenIssuer's issuer (default: the transmitter's). For session-revoked the id is the
//     tokens' "sid" (as in CAEP's examples); for the other events it is their "sub".
//   - complex: a session (opaque id, or iss_sub whose sub is the sid) revokes that session, of the
//     user's issuer when the user is iss_sub, else the session's, else WithTokenIssuer's; a user
//     alone (iss_sub or opaque) revokes the user.
//
// Other event types, and subject formats that name no token subject (email, phone_number, account,
// did, uri, aliases), are acknowledged and ignored, and logged once.
//
// # Delivery and failures
//
// Push answers 202 Accepted, 400 with the RFC 8935 §2.3 body ({"err": "invalid_request" |
// "invalid_key" | "invalid_issuer" | "invalid_audience", "description": ...}), 401
// authentication_failed without the push credential, or 503 when the transmitter's keys are not held
// or the revocation list failed, so that the transmitter delivers the SET again; a refusal is decided
// before the body is read past 64 KiB, and costs no more than an accepted SET. Poll acknowledges what
// it applied, reports what it refused in setErrs, leaves what the list could not record for the
// transmitter to send again, and backs off while the transmitter fails; as with jwks, an outage never
// drops a revocation already recorded.
//
// Options: NewReceiver and Poll return an error for a missing or invalid option; a configuration
// mistake never yields a receiver that accepts unverified events.
//
// Options follow the kit's one rule for a bad option: NewReceiver (and Poll, for its PollOptions), the constructors that can fail,
// return every mistake in their options as an error (nothing is guessed, nothing opens); only one-line
// convenience wrappers elsewhere in the kit panic with such an error, like regexp.MustCompile.
package ssf
