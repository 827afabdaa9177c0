package httpguard

import (
	"net/http"
	"slices"

	"github.com/jwtguard/jwtguard/binding"
	"github.com/jwtguard/jwtguard/dpop"
	"github.com/jwtguard/jwtguard/internal/bearer"
	"github.com/jwtguard/jwtguard/validator"
)

// authScheme is the HTTP side of a binding method with an authorization scheme of its own, such as
// DPoP's "Authorization: DPoP <token>": where the flow finds its token (credentials), and what the
// Writer adds to its answers (challenges, headers). The flow and the Writer ask it, never a method by
// name; a binding without a scheme (certificate binding) needs none of this.
type authScheme interface {
	binding.Method
	// name is the scheme's lower-case name, as binding.Request.Scheme reports it.
	name() string
	// credentials returns r's token when r's one Authorization value uses the scheme (used true), a
	// refusal when it uses it malformed, and used false when r does not use it.
	credentials(r *http.Request) (token string, used bool, err error)
	// othersRefused returns the refusal of a token found another way, or nil when the route accepts
	// one.
	othersRefused() error
	// challenges returns an answer's challenges, for a request with and without the scheme, from
	// the Writer's params (realm) and the answer's (error, error_description, scope).
	challenges(common, errParams []Param) schemeChallenges
	// setHeaders sets the challenges of a on h for r, and any header err asks of the scheme.
	setHeaders(h http.Header, r *http.Request, err error, a *answer)
}

// bearerScheme is the lower-case name of RFC 6750's scheme, as binding.Request.Scheme reports it.
const bearerScheme = "bearer"

// dpopScheme is the authentication scheme of RFC 9449: "Authorization: DPoP <token>" and the DPoP
// challenge.
const dpopScheme = "DPoP"

// dpopGuard is what WithDPoP configures: the DPoP binding (dpop.Binding) with the HTTP parts of its
// scheme, and the schemes a route accepts.
type dpopGuard struct {
	binding.Method
	v    *dpop.Verifier
	mode dpop.Mode
	algs Param // the DPoP challenge's algs="…", closing every DPoP challenge
}

// WithDPoP turns on DPoP (RFC 9449) with v, which verifies the proofs. With mode dpop.Allowed a route
// accepts "Authorization: DPoP" with a proof and, as before, Bearer tokens that are not DPoP-bound;
// with dpop.Required it accepts only DPoP. In both modes a DPoP-bound token (cnf.jkt) sent as Bearer
// is refused. A nil v or an invalid mode is an invalid option: a typo must never open a route.
func WithDPoP[C any](v *dpop.Verifier, mode dpop.Mode) Option[C] {
	return func(s *settings[C]) {
		switch {
		case v == nil:
			s.fail(errNilVerifier)
		case !mode.Valid():
			s.fail(errDPoPMode)
		default:
			d := &dpopGuard{Method: dpop.Binding(v), v: v, mode: mode, algs: Param{"algs", v.AlgorithmsParam()}}
			s.addBinding(d)
			s.scheme = d
		}
	}
}

// DPoP refusals that do not depend on the request, built once.
var (
	errNilVerifier     = errorString("WithDPoP needs a non-nil *dpop.Verifier")
	errDPoPMode        = errorString("WithDPoP needs dpop.Allowed or dpop.Required")
	dpopHeaderRefusals = map[string]error{
		bearer.ProblemEmpty:  NewRequestError("DPoP token is empty"),
		bearer.ProblemSyntax: NewRequestError("authorization is not a single DPoP token"),
	}
	errBearerNotAccepted error = validator.NewError(dpop.ErrBearerNotAccepted, "this resource accepts only DPoP-bound tokens with the DPoP scheme", nil)
)

// errorString is an option mistake: a constant message.
type errorString string

func (e errorString) Error() string { return string(e) }

// name returns "dpop".
func (d *dpopGuard) name() string { return "dpop" }

// credentials returns the token of "Authorization: DPoP <token>".
func (d *dpopGuard) credentials(r *http.Request) (string, bool, error) {
	values := r.Header["Authorization"]
	if len(values) != 1 {
		return "", false, nil // none, or two: the Extractor refuses those
	}
	token, problem := bearer.ParseScheme(values[0], "dpop")
	if problem != "" {
		return "", true, dpopHeaderRefusals[problem]
	}
	return token, token != "", nil
}

// othersRefused refuses a token found otherwise than with the DPoP scheme in Required mode, before it
// is validated.
func (d *dpopGuard) othersRefused() error {
	if d.mode == dpop.Required {
		return errBearerNotAccepted
	}
	return nil
}

// schemeChallenges are an answer's WWW-Authenticate values on a route with a scheme of its own, one
// challenge per header field: for a request made without that scheme (other), and for one made with it.
type schemeChallenges struct {
	other, own []string
}

// challenges builds the DPoP challenges: the challenge of the scheme the request used carries the
// error and comes first; in Allowed mode the other scheme follows, bare, so a client learns both.
// Required mode offers only DPoP.
func (d *dpopGuard) challenges(common, errParams []Param) schemeChallenges {
	withError := append(append(append([]Param(nil), common...), errParams...), d.algs)
	dpopErr := challenge(dpopScheme, withError...)
	if d.mode == dpop.Required {
		return schemeChallenges{other: []string{dpopErr}, own: []string{dpopErr}}
	}
	bare := append(append([]Param(nil), common...), d.algs)
	return schemeChallenges{
		other: []string{challenge(scheme, withError[:len(withError)-1]...), challenge(dpopScheme, bare...)},
		own:   []string{dpopErr, challenge(scheme, common...)},
	}
}

// setHeaders sets the challenges of a for r, and the DPoP-Nonce of RFC 9449 §8 when err asks the
// client for a nonce. An answer without a challenge (503) gets none.
func (d *dpopGuard) setHeaders(h http.Header, r *http.Request, err error, a *answer) {
	if a.challenge == "" {
		return
	}
	values := a.schemeChallenges.other
	if r != nil {
		if _, used, refusal := d.credentials(r); used || refusal != nil {
			values = a.schemeChallenges.own
		}
	}
	h["Www-Authenticate"] = slices.Clone(values) // the answer is shared; the header may be edited
	if r != nil && dpop.ErrorCode(err) == dpop.CodeUseNonce {
		// Without a nonce to hand out the client cannot comply, but the proof is still refused.
		if nonce, nerr := d.v.Nonce(r.Context()); nerr == nil && nonce != "" {
			h.Set("DPoP-Nonce", sanitize(nonce))
		}
	}
}
