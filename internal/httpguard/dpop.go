package httpguard

import (
	"context"
	"errors"
	"net/http"
	"slices"

	"github.com/jwtguard/jwtguard/dpop"
	"github.com/jwtguard/jwtguard/internal/bearer"
	"github.com/jwtguard/jwtguard/validator"
)

// dpopScheme is the authentication scheme of RFC 9449: "Authorization: DPoP <token>" and the DPoP
// challenge.
const dpopScheme = "DPoP"

// dpopGuard is what WithDPoP configures: the proof Verifier and the schemes a route accepts.
type dpopGuard struct {
	v    *dpop.Verifier
	mode dpop.Mode
	algs Param // the DPoP challenge's algs="…", closing every DPoP challenge
}

// WithDPoP turns on DPoP (RFC 9449) with v, which verifies the proofs. With mode dpop.Allowed a route
// accepts "Authorization: DPoP" with a proof and, as before, Bearer tokens that are not DPoP-bound;
// with dpop.Required it accepts only DPoP. In both modes a DPoP-bound token (cnf.jkt) sent as Bearer
// is refused. A nil v or an invalid mode panics at construction: a typo must never open a route.
func WithDPoP[C any](v *dpop.Verifier, mode dpop.Mode) Option[C] {
	if v == nil {
		panic("jwtguard: WithDPoP needs a non-nil *dpop.Verifier")
	}
	if !mode.Valid() {
		panic("jwtguard: WithDPoP needs dpop.Allowed or dpop.Required")
	}
	d := &dpopGuard{v: v, mode: mode, algs: Param{"algs", v.AlgorithmsParam()}}
	return func(s *settings[C]) { s.dpop = d }
}

// DPoP refusals that do not depend on the request, built once.
var (
	dpopHeaderRefusals = map[string]error{
		bearer.ProblemEmpty:  &RequestError{Description: "DPoP token is empty"},
		bearer.ProblemSyntax: &RequestError{Description: "authorization is not a single DPoP token"},
	}
	errBearerNotAccepted error = validator.NewError(dpop.ErrBearerNotAccepted, "this resource accepts only DPoP-bound tokens with the DPoP scheme", nil)
)

// credentials returns the token of r and whether it came with the DPoP scheme. Without WithDPoP it is
// the Extractor's. With it, "Authorization: DPoP <token>" comes first; a token found otherwise is a
// bearer token, which Required mode refuses before validating it.
func (g *Guard[C]) credentials(r *http.Request) (token string, usedDPoP bool, err error) {
	if g.dpop == nil {
		token, err = g.extract(r)
		return token, false, err
	}
	if values := r.Header["Authorization"]; len(values) == 1 {
		token, problem := bearer.ParseScheme(values[0], "dpop")
		if problem != "" {
			return "", true, dpopHeaderRefusals[problem]
		}
		if token != "" {
			return token, true, nil
		}
	}
	token, err = g.extract(r)
	if err == nil && token != "" && g.dpop.mode == dpop.Required {
		return "", false, errBearerNotAccepted
	}
	return token, false, err
}

// check applies RFC 9449 to a validated token: sent as Bearer, it must not be DPoP-bound (§7.2);
// sent with DPoP, it must be bound and come with a valid proof of the key it is bound to, which is
// put in ctx for handlers (dpop.FromContext).
func (d *dpopGuard) check(ctx context.Context, r *http.Request, token string, claims *validator.Claims, usedDPoP bool) (context.Context, error) {
	if !usedDPoP {
		return ctx, dpop.CheckBearer(claims)
	}
	jkt, _ := dpop.BoundThumbprint(claims)
	proof, err := d.v.VerifyRequest(r, token, jkt)
	if err != nil {
		return nil, err
	}
	return dpop.NewContext(ctx, proof), nil
}

// tokenErrorCode is the error code of a refused token or proof: RFC 9449's invalid_dpop_proof or
// use_dpop_nonce for a proof, RFC 6750's invalid_token for everything else.
func tokenErrorCode(err error) string {
	if code := dpop.ErrorCode(err); code != "" {
		return code
	}
	return "invalid_token"
}

// unavailableDescription describes a 503: the replay cache that could not vouch for a proof, or the
// keys (or introspection endpoint) that could not be had.
func unavailableDescription(err error) string {
	if errors.Is(err, dpop.ErrReplayCacheUnavailable) {
		return "DPoP replay cache unavailable, retry later"
	}
	return descUnavailable
}

// dpopChallenges are an answer's WWW-Authenticate values on a route with DPoP, one challenge per
// header field: for a request made without the DPoP scheme, and for one made with it. The challenge
// of the scheme the request used carries the error and comes first; in Allowed mode the other scheme
// follows, bare, so a client learns both. Required mode offers only DPoP.
type dpopChallenges struct {
	other, dpop []string
}

// challenges builds the dpopChallenges of an answer from the Writer's params (realm) and the error's
// (error, error_description, scope).
func (d *dpopGuard) challenges(common, errParams []Param) dpopChallenges {
	withError := append(append(append([]Param(nil), common...), errParams...), d.algs)
	dpopErr := challenge(dpopScheme, withError...)
	if d.mode == dpop.Required {
		return dpopChallenges{other: []string{dpopErr}, dpop: []string{dpopErr}}
	}
	bare := append(append([]Param(nil), common...), d.algs)
	return dpopChallenges{
		other: []string{challenge(scheme, withError[:len(withError)-1]...), challenge(dpopScheme, bare...)},
		dpop:  []string{dpopErr, challenge(scheme, common...)},
	}
}

// setHeaders sets the challenges of a for r, and the DPoP-Nonce of RFC 9449 §8 when err asks the
// client for a nonce. An answer without a challenge (503) gets none.
func (d *dpopGuard) setHeaders(h http.Header, r *http.Request, err error, a *answer) {
	if a.challenge == "" {
		return
	}
	values := a.dpopChallenges.other
	if usesDPoPScheme(r) {
		values = a.dpopChallenges.dpop
	}
	h["Www-Authenticate"] = slices.Clone(values) // the answer is shared; the header may be edited
	if errors.Is(err, dpop.ErrNonceRequired) {
		// Without a nonce to hand out the client cannot comply, but the proof is still refused.
		if nonce, nerr := d.v.Nonce(r.Context()); nerr == nil && nonce != "" {
			h.Set("DPoP-Nonce", sanitize(nonce))
		}
	}
}

// usesDPoPScheme reports whether r's one Authorization header names the DPoP scheme.
func usesDPoPScheme(r *http.Request) bool {
	if r == nil {
		return false
	}
	values := r.Header["Authorization"]
	if len(values) != 1 {
		return false
	}
	token, problem := bearer.ParseScheme(values[0], "dpop")
	return token != "" || problem != ""
}
