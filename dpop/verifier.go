package dpop

import (
	"context"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"
	"unsafe"

	"github.com/jwtguard/jwtguard/internal/jwa"
	"github.com/jwtguard/jwtguard/validator"
)

// Verifier checks DPoP proofs (RFC 9449) against the request they came with and the access token they
// accompany. It is safe for concurrent use.
type Verifier struct {
	settings
	algs      jwa.Set // the accepted proof algorithms, by their index in jwa's table
	algsParam string  // the challenge's algs="…" value
	keys      keyCache
}

// NewVerifier returns a Verifier configured by opts. Defaults: DefaultAlgorithms, DefaultMaxAge,
// DefaultLeeway, an in-memory replay cache of DefaultReplayCacheSize entries and no nonces. The
// server's own URL, which every proof's htu must name, has no default: opts must hold WithBaseURL or
// WithTrustedHosts. An invalid option, or a combination that leaves the URL to the client, fails here.
func NewVerifier(opts ...Option) (*Verifier, error) {
	v := &Verifier{settings: settings{algorithms: DefaultAlgorithms, maxAge: DefaultMaxAge, leeway: DefaultLeeway, now: time.Now}}
	for _, opt := range opts {
		if opt == nil {
			return nil, errors.New("dpop: nil option")
		}
		if err := opt(&v.settings); err != nil {
			return nil, fmt.Errorf("dpop: %w", err)
		}
	}
	if err := v.check(); err != nil {
		return nil, fmt.Errorf("dpop: %w", err)
	}
	if v.replay == nil {
		v.replay = NewMemoryReplayCache(DefaultReplayCacheSize)
	}
	for _, alg := range v.algorithms {
		v.algs |= jwa.Bit(jwa.Index(alg)) // WithAlgorithms admitted only names in the table
	}
	v.algsParam = strings.Join(v.algorithms, " ")
	return v, nil
}

// AlgorithmsParam returns the accepted proof algorithms in the order configured, joined by spaces:
// the value of the DPoP challenge's algs parameter (RFC 9449 §7.1).
func (v *Verifier) AlgorithmsParam() string { return v.algsParam }

// BaseURL returns the scheme and host of WithBaseURL, or nil without it. A transport that does not
// know the request's host (a connect-go interceptor) builds the proof's htu from it.
func (v *Verifier) BaseURL() *url.URL {
	if v.baseURL == nil {
		return nil
	}
	u := *v.baseURL
	return &u
}

// Nonce returns the nonce to send in the DPoP-Nonce header, or "" when the Verifier has no
// NonceSource. The HTTP answer sends it with every use_dpop_nonce challenge.
func (v *Verifier) Nonce(ctx context.Context) (string, error) {
	if v.nonces == nil {
		return "", nil
	}
	return v.nonces.Nonce(ctx)
}

// ttl is how long a proof stays acceptable, hence how long its jti must be remembered: iat may be up
// to leeway ahead of the clock and is accepted until maxAge+leeway behind it.
func (v *Verifier) ttl() time.Duration { return v.maxAge + 2*v.leeway }

// VerifyRequest verifies the DPoP proof of r, a request whose Authorization header carried
// accessToken with the DPoP scheme, against jkt, the verified token's cnf.jkt (see BoundThumbprint).
// The request URL is r's path with the scheme and host of WithBaseURL, or else of the connection (or
// X-Forwarded-* with WithForwardedHeaders) and the Host, refused unless among WithTrustedHosts. It is
// Verify for net/http, Echo and Gin, which all hand handlers an *http.Request.
func (v *Verifier) VerifyRequest(r *http.Request, accessToken, jkt string) (*Proof, error) {
	proofs := r.Header.Values("DPoP")
	if jkt == "" || len(proofs) != 1 {
		return v.Verify(r.Context(), r.Method, nil, proofs, accessToken, jkt) // refused before the URL counts
	}
	u, err := requestURL(r, &v.settings)
	if err != nil {
		return nil, err
	}
	return v.Verify(r.Context(), r.Method, u, proofs, accessToken, jkt)
}

// Verify checks the DPoP proof of a request made with method to u (absolute; its query and fragment
// are ignored), where proofs are all the values of its DPoP header fields, accessToken the token
// from its "Authorization: DPoP" header, and jkt that token's verified cnf.jkt (BoundThumbprint).
//
// It applies every rule of RFC 9449 §4.3 and §7.1, in this order, refusing with the first broken:
// exactly one DPoP header holding one proof; a compact JWS under validator's strict rules; typ
// "dpop+jwt"; a bounded jwk header holding a public key, without private members; the key's
// thumbprint equal to jkt; an accepted asymmetric alg the key fits, within the proof key bounds
// (checkProofKey); the signature by that key; htm equal to method; htu equal to u; iat within
// [now-maxAge-leeway, now+leeway]; ath equal to the token's SHA-256; the nonce when a NonceSource is
// set; and last, the jti unseen (recorded in the replay cache). Everything before the signature
// reads only the proof's bytes, so a proof made to cost work is refused for about the cost of
// parsing it.
//
// Every error is a *validator.Error: ErrMissingProof, ErrInvalidProof, ErrReplay, ErrNonceRequired,
// ErrTokenNotBound, or ErrReplayCacheUnavailable.
func (v *Verifier) Verify(ctx context.Context, method string, u *url.URL, proofs []string, accessToken, jkt string) (*Proof, error) {
	switch {
	case jkt == "":
		return nil, errNotBound()
	case len(proofs) == 0:
		return nil, validator.NewError(ErrMissingProof, "no DPoP header in the request", nil)
	case len(proofs) > 1:
		return nil, invalid("the request has more than one DPoP header")
	}
	raw := proofs[0]
	if len(raw) > MaxProofSize {
		return nil, invalid("the proof is too large")
	}
	if i := strings.IndexByte(raw, '.'); i > maxHeaderSegment {
		// Not decoded at all: no header holding a jwk of at most maxJWKSize is this long.
		return nil, invalid("the proof header is too large")
	}
	p, err := parseProof(raw, &v.keys)
	if err != nil {
		if strings.ContainsAny(raw, ", \t") {
			// No compact JWS contains these: the header holds a list, not one proof. Looked for only
			// once parsing failed, since a scan of every proof costs as much as parsing its claims.
			return nil, invalid("the DPoP header does not hold exactly one proof")
		}
		return nil, err
	}
	// The key must be the one the token is bound to before it costs any work: whatever key a proof
	// carries, one that is not the token's is refused for the price of a hash compare.
	if subtle.ConstantTimeCompare([]byte(p.thumbprint), []byte(jkt)) != 1 {
		return nil, invalidDetail("proof key does not match the token's cnf.jkt",
			"proof key thumbprint "+quoted(p.thumbprint)+", token cnf.jkt "+quoted(jkt))
	}
	i := jwa.Index(p.alg)
	if i < 0 || v.algs&jwa.Bit(i) == 0 {
		return nil, invalidDetail("proof algorithm not allowed", "proof alg "+quoted(p.alg)+", accepted "+v.algsParam)
	}
	a := &jwa.Algorithms[i]
	if err := checkProofKey(a, p.key); err != nil {
		return nil, err
	}
	if a.Method.Verify(p.signingInput, p.signature, p.key) != nil {
		return nil, invalid("proof signature does not verify")
	}
	// The proof is genuine: now its claims may be trusted and compared with the request.
	if p.htm != method {
		return nil, invalidDetail("htm does not match the request method", "proof htm "+quoted(p.htm)+", request method "+quoted(method))
	}
	if err := checkHTU(p.htu, u); err != nil {
		return nil, err
	}
	now := v.now()
	if p.iat.Before(now.Add(-v.maxAge - v.leeway)) {
		return nil, invalidDetail("proof is too old (iat)", iatDetail(p.iat, now, v.maxAge, v.leeway))
	}
	if p.iat.After(now.Add(v.leeway)) {
		return nil, invalidDetail("proof is issued in the future (iat)", iatDetail(p.iat, now, v.maxAge, v.leeway))
	}
	ath := sha256.Sum256(unsafe.Slice(unsafe.StringData(accessToken), len(accessToken))) // read only: no copy of a 1 KiB token
	var athBuf [43]byte
	base64.RawURLEncoding.Encode(athBuf[:], ath[:])
	if subtle.ConstantTimeCompare(athBuf[:], []byte(p.ath)) != 1 {
		return nil, invalid("ath does not match the access token")
	}
	if v.nonces != nil {
		if p.nonce == "" {
			return nil, validator.NewError(ErrNonceRequired, "proof has no nonce", nil)
		}
		if !v.nonces.ValidNonce(ctx, p.nonce) {
			return nil, validator.NewError(ErrNonceRequired, "proof nonce is not current", nil)
		}
	}
	fresh, err := v.replay.Remember(ctx, replayKey(p.thumbprint, p.jti), v.ttl())
	if err != nil {
		return nil, validator.NewError(ErrReplayCacheUnavailable, "DPoP replay cache unavailable", err)
	}
	if !fresh {
		return nil, validator.NewError(ErrReplay, "proof jti was used before", nil)
	}
	return &Proof{Thumbprint: p.thumbprint, Key: p.key, Algorithm: p.alg, ID: p.jti, IssuedAt: p.iat, Nonce: p.nonce}, nil
}

// checkHTU compares a proof's htu with the request URL u, both normalised. htu must not carry a
// query or fragment (RFC 9449 §4.2); u's are ignored.
func checkHTU(htu string, u *url.URL) error {
	if u != nil && isNormalFormOf(htu, u) {
		return nil
	}
	proofURL, err := url.Parse(htu)
	if err != nil {
		return invalid("htu is not a URI")
	}
	if proofURL.RawQuery != "" || proofURL.ForceQuery || proofURL.Fragment != "" || strings.ContainsAny(htu, "?#") {
		return invalid("htu has a query or fragment")
	}
	got, ok := normalParts(proofURL)
	if !ok {
		return invalid("htu is not an absolute http(s) URI")
	}
	if u == nil {
		return invalidDetail("htu does not match the request URL", "proof htu "+quoted(htu)+", no request URL")
	}
	want, ok := normalParts(u)
	if !ok || got != want {
		return invalidDetail("htu does not match the request URL", "proof htu "+quoted(htu)+", request URL "+quoted(u.Scheme+"://"+u.Host+u.EscapedPath()))
	}
	return nil
}

// isNormalFormOf reports whether htu is spelled exactly as u's normal form, as clients usually send
// it: then it is equal without being parsed. (A normal form has no query, fragment or userinfo, so
// nothing the full comparison refuses can pass here.)
func isNormalFormOf(htu string, u *url.URL) bool {
	want, ok := normalParts(u)
	if !ok || strings.ContainsAny(want.host, "@/?#") {
		return false
	}
	rest, ok := strings.CutPrefix(htu, want.scheme)
	if !ok {
		return false
	}
	if rest, ok = strings.CutPrefix(rest, "://"); !ok {
		return false
	}
	rest, ok = strings.CutPrefix(rest, want.host)
	return ok && rest == want.path
}

// replayKey identifies a proof in the replay cache: jti values are unique per client key. The first
// ClientKeyLength characters are the thumbprint's, naming the client key; the rest are 192 bits of
// SHA-256 over key and jti, which keeps the key short and fixed-length whatever the client sent.
func replayKey(thumbprint, jti string) string {
	var in [64 + maxJTILength]byte // a thumbprint is 43 characters; parseProof bounds jti
	sum := sha256.Sum256(append(append(append(in[:0], thumbprint...), 0), jti...))
	var key [43]byte
	copy(key[:ClientKeyLength], thumbprint)
	base64.RawURLEncoding.Encode(key[ClientKeyLength:], sum[:24])
	return string(key[:])
}

// maxHeaderSegment bounds a proof's encoded header: base64url of a jwk of maxJWKSize with typ, alg
// and room for whitespace, so a header carrying a larger key is refused before it is decoded.
const maxHeaderSegment = (maxJWKSize + 256) * 4 / 3

// errNotBound is the refusal of a token presented with the DPoP scheme that carries no cnf.jkt.
func errNotBound() error {
	return validator.NewError(ErrTokenNotBound, "the access token has no cnf.jkt", nil)
}
