package ssf

import (
	"context"
	"encoding/json"
	"log/slog"
	"slices"
	"time"

	"github.com/jwtguard/jwtguard/internal/clip"
	"github.com/jwtguard/jwtguard/internal/jose"
	"github.com/jwtguard/jwtguard/validator"
)

// The event types a Receiver acts on (CAEP 1.0 §3, RISC 1.0 §2). Every other type is acknowledged and
// ignored, and logged once.
const (
	// EventSessionRevoked is CAEP's session-revoked: the session, or every session of the user, ended.
	EventSessionRevoked = "https://schemas.openid.net/secevent/caep/event-type/session-revoked"
	// EventCredentialChange is CAEP's credential-change; only change_type "revoke" and "delete"
	// revoke the subject's tokens ("create" and "update" are acknowledged and ignored).
	EventCredentialChange = "https://schemas.openid.net/secevent/caep/event-type/credential-change"
	// EventAccountDisabled is RISC's account-disabled.
	EventAccountDisabled = "https://schemas.openid.net/secevent/risc/event-type/account-disabled"
	// EventAccountPurged is RISC's account-purged.
	EventAccountPurged = "https://schemas.openid.net/secevent/risc/event-type/account-purged"
	// EventSessionsRevoked is RISC's sessions-revoked.
	EventSessionsRevoked = "https://schemas.openid.net/secevent/risc/event-type/sessions-revoked"
	// EventVerification is SSF 1.0's stream verification event: acknowledged, nothing to apply.
	EventVerification = "https://schemas.openid.net/secevent/ssf/event-type/verification"
)

// actedOn lists the event types apply reads; ReadObject refuses an events object naming one of them
// twice or in another letter case, which could otherwise hide a revocation from one reader.
var actedOn = []string{EventSessionRevoked, EventCredentialChange, EventAccountDisabled,
	EventAccountPurged, EventSessionsRevoked, EventVerification}

// maxEvents bounds the events of one SET; SSF 1.0 §4.1 allows exactly one.
const maxEvents = 8

// revocation is one call to the Revoker that a SET asks for.
type revocation struct {
	session bool   // RevokeSession, else RevokeSubject
	issuer  string // the access-token issuer
	value   string // sub or sid
	cut     time.Time
}

// Event members and subject members read, by their index in eventNames and subjectNames.
const (
	eSubject = iota
	eTimestamp
	eChangeType
)

const (
	sFormat = iota
	sIss
	sSub
	sID
	sUser
	sSession
)

var (
	eventNames   = []string{"subject", "event_timestamp", "change_type"}
	subjectNames = []string{"format", "iss", "sub", "id", "user", "session"}
)

// apply turns the SET's events into revocations and records them. Every event is read before anything
// is recorded, so a SET with one malformed event revokes nothing.
func (r *Receiver) apply(ctx context.Context, s secEvent) error {
	revs, err := r.revocations(ctx, s)
	if err != nil {
		return err
	}
	for _, rev := range revs {
		var err error
		if rev.session {
			err = r.list.RevokeSession(ctx, rev.issuer, rev.value, rev.cut)
		} else {
			err = r.list.RevokeSubject(ctx, rev.issuer, rev.value, rev.cut)
		}
		if err != nil {
			r.cfg.logger.WarnContext(ctx, "ssf: revocation list failed; the SET will be delivered again",
				slog.String("jti", s.jti), slog.String("err", err.Error()))
			return validator.NewError(ErrRevocationUnavailable, "revocation list unavailable", err)
		}
		r.cfg.logger.InfoContext(ctx, "ssf: revoked", slog.String("jti", s.jti), slog.Bool("session", rev.session),
			slog.String("issuer", rev.issuer), slog.Time("issued_before", rev.cut))
	}
	return nil
}

// revocations reads the events of s and returns the revocations they ask for.
func (r *Receiver) revocations(ctx context.Context, s secEvent) ([]revocation, error) {
	var known [6]jose.Value
	if err := readObject(s.events, "events", actedOn, known[:]); err != nil {
		return nil, err
	}
	var all map[string]json.RawMessage
	if err := json.Unmarshal(s.events, &all); err != nil {
		return nil, validator.NewError(validator.ErrMalformedToken, "claim events is not a JSON object", nil)
	}
	if len(all) == 0 || len(all) > maxEvents {
		return nil, validator.NewError(validator.ErrMalformedToken, "claim events holds no event, or too many", nil)
	}
	types := make([]string, 0, len(all))
	for t := range all {
		types = append(types, t)
	}
	slices.Sort(types)
	var revs []revocation
	for _, t := range types {
		i := slices.Index(actedOn, t)
		if i < 0 {
			r.logOnce(ctx, slog.LevelInfo, "event "+t, "ssf: event type not acted on; acknowledged and ignored", slog.String("event", clip.String(t, 200)))
			continue
		}
		if t == EventVerification {
			continue
		}
		ev, ok := known[i].Object()
		if !ok {
			return nil, validator.NewError(validator.ErrMalformedToken, "an event is not a JSON object", nil)
		}
		more, err := r.eventRevocations(ctx, s, t, ev)
		if err != nil {
			return nil, err
		}
		revs = append(revs, more...)
	}
	return revs, nil
}

// eventRevocations returns what one event of type t asks for. The cut is the event's event_timestamp,
// or the SET's iat when absent, and never later than iat: an event cannot have happened after the SET
// reporting it was issued, and a later cut would refuse tokens issued after the event.
func (r *Receiver) eventRevocations(ctx context.Context, s secEvent, t string, ev json.RawMessage) ([]revocation, error) {
	var m [3]jose.Value
	if err := readObject(ev, "event", eventNames, m[:]); err != nil {
		return nil, err
	}
	if t == EventCredentialChange {
		change, ok := m[eChangeType].Text()
		if !ok {
			return nil, validator.NewError(validator.ErrMalformedToken, "credential-change has no change_type", nil)
		}
		if change != "revoke" && change != "delete" {
			return nil, nil // a new or updated credential leaves issued tokens valid
		}
	}
	cut := s.iat
	if m[eTimestamp].Present() {
		ts, ok := m[eTimestamp].NumericDate()
		if !ok {
			return nil, validator.NewError(validator.ErrMalformedToken, "event_timestamp is not a number", nil)
		}
		if ts.Before(cut) {
			cut = ts
		}
	}
	// SSF 1.0 puts the subject in the SET's sub_id; earlier drafts and RISC put it in the event.
	subject := s.subID
	if subject == nil {
		var ok bool
		if subject, ok = m[eSubject].Object(); !ok {
			return nil, validator.NewError(validator.ErrMissingClaim, "the SET names no subject (sub_id)", nil)
		}
	}
	revs, format, err := r.subjectRevocations(subject, t == EventSessionRevoked)
	if err != nil {
		return nil, err
	}
	if revs == nil {
		r.logOnce(ctx, slog.LevelWarn, "format "+t+" "+format, "ssf: subject format not mapped to tokens; event acknowledged, nothing revoked",
			slog.String("event", clip.String(t, 200)), slog.String("format", clip.String(format, 200)))
	}
	for i := range revs {
		revs[i].cut = cut
	}
	return revs, nil
}

// subjectRevocations maps an RFC 9493 / SSF 1.0 subject identifier to revocations, and returns its
// format. The issuer is the access-token issuer the subject belongs to:
//
//   - iss_sub: RevokeSubject(iss, sub).
//   - opaque: the transmitter names no issuer, so WithTokenIssuer's (default: the transmitter's).
//     For session-revoked the id is a session id (CAEP's own examples): RevokeSession(issuer, id);
//     for the other events a user: RevokeSubject(issuer, id).
//   - complex: user (iss_sub or opaque) and session (opaque id, or iss_sub whose sub is the sid):
//     RevokeSession with the user's issuer (else the session's, else WithTokenIssuer's) when a
//     session is named, else RevokeSubject for the user.
//
// email, phone_number, account, did, uri and aliases name no token "sub" and yield nothing (nil).
func (r *Receiver) subjectRevocations(raw json.RawMessage, sessionEvent bool) ([]revocation, string, error) {
	id, err := readSubject(raw)
	if err != nil {
		return nil, "", err
	}
	switch id.format {
	case "iss_sub":
		if id.iss == "" || id.sub == "" {
			return nil, "", validator.NewError(validator.ErrMalformedToken, "iss_sub subject lacks iss or sub", nil)
		}
		return []revocation{{issuer: id.iss, value: id.sub}}, id.format, nil
	case "opaque":
		if id.id == "" {
			return nil, "", validator.NewError(validator.ErrMalformedToken, "opaque subject lacks id", nil)
		}
		return []revocation{{session: sessionEvent, issuer: r.cfg.tokenIssuer, value: id.id}}, id.format, nil
	case "complex":
		return r.complexRevocations(id)
	}
	return nil, id.format, nil
}

// complexRevocations maps an SSF 1.0 complex subject.
func (r *Receiver) complexRevocations(id subjectID) ([]revocation, string, error) {
	var user, session subjectID
	var err error
	if id.user != nil {
		if user, err = readSubject(id.user); err != nil {
			return nil, "", err
		}
	}
	if id.session != nil {
		if session, err = readSubject(id.session); err != nil {
			return nil, "", err
		}
	}
	issuer := r.cfg.tokenIssuer
	switch {
	case user.format == "iss_sub" && user.iss != "":
		issuer = user.iss
	case session.format == "iss_sub" && session.iss != "":
		issuer = session.iss
	}
	if id.session != nil {
		sid := session.id
		if session.format == "iss_sub" {
			sid = session.sub
		}
		if (session.format != "opaque" && session.format != "iss_sub") || sid == "" {
			return nil, "complex session " + session.format, nil
		}
		return []revocation{{session: true, issuer: issuer, value: sid}}, "complex", nil
	}
	sub := user.id
	if user.format == "iss_sub" {
		sub = user.sub
	}
	if (user.format != "opaque" && user.format != "iss_sub") || sub == "" {
		return nil, "complex user " + user.format, nil
	}
	return []revocation{{issuer: issuer, value: sub}}, "complex", nil
}

// subjectID is the part of a subject identifier this package reads.
type subjectID struct {
	format, iss, sub, id string
	user, session        json.RawMessage
}

// readSubject reads one subject identifier strictly: an object with a string "format"; the members
// read must have the types RFC 9493 gives them.
func readSubject(raw json.RawMessage) (subjectID, error) {
	var m [6]jose.Value
	if err := readObject(raw, "subject", subjectNames, m[:]); err != nil {
		return subjectID{}, err
	}
	var id subjectID
	var ok bool
	if id.format, ok = m[sFormat].Text(); !ok || id.format == "" {
		return subjectID{}, validator.NewError(validator.ErrMalformedToken, "subject has no format", nil)
	}
	for _, f := range []struct {
		dst *string
		i   int
	}{{&id.iss, sIss}, {&id.sub, sSub}, {&id.id, sID}} {
		if m[f.i].Present() {
			if *f.dst, ok = m[f.i].Text(); !ok {
				return subjectID{}, validator.NewError(validator.ErrMalformedToken, "subject member "+subjectNames[f.i]+" is not a string", nil)
			}
		}
	}
	for _, f := range []struct {
		dst *json.RawMessage
		i   int
	}{{&id.user, sUser}, {&id.session, sSession}} {
		if m[f.i].Present() {
			if *f.dst, ok = m[f.i].Object(); !ok {
				return subjectID{}, validator.NewError(validator.ErrMalformedToken, "subject member "+subjectNames[f.i]+" is not an object", nil)
			}
		}
	}
	return id, nil
}
