package issuertest

import (
	"encoding/json"
	"mime"
	"net/http"
	"net/url"
	"strconv"
	"strings"
)

// tokenPath is the token endpoint, relative to the issuer identifier.
const tokenPath = "/token"

// maxTokenRequest bounds a token request body; real ones are a few hundred bytes.
const maxTokenRequest = 64 << 10

// TokenURL returns the URL of the token endpoint, the "token_endpoint" of the discovery documents.
//
// The endpoint lets a test play an OAuth client end to end (discover the issuer, get a token, call
// the API) instead of calling Mint. It implements the client_credentials grant (RFC 6749 §4.4) as a
// POST of an application/x-www-form-urlencoded body, with these parameters:
//
//   - grant_type=client_credentials (required; any other grant is unsupported_grant_type);
//   - client_id, in the body or as the user of HTTP Basic authentication (required; any client id
//     is accepted and no secret is checked: this is a test issuer); it becomes "sub" and "client_id";
//   - scope (optional): becomes "scope" as given, unchecked;
//   - resource (optional, repeatable, RFC 8707): absolute URIs without fragment, which become "aud";
//     without one the token has no audience;
//   - acr_values and max_age (optional, as a step-up challenge (RFC 9470) tells a client to ask for
//     them): either one makes the token record a fresh login, "auth_time" set to now, and
//     acr_values makes its first value the token's "acr". It is how a test answers a step-up
//     challenge: ask again with the challenge's acr_values and max_age.
//
// The answer is RFC 6749 §5.1 JSON (access_token, token_type "Bearer", expires_in, and scope when
// asked for), or an RFC 6749 §5.2 error object (invalid_request, invalid_client, invalid_target,
// unsupported_grant_type).
func (i *Issuer) TokenURL() string { return i.issuer + tokenPath }

// tokenError is an RFC 6749 §5.2 error response.
type tokenError struct {
	status      int
	code        string
	description string
}

func (i *Issuer) serveToken(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", http.MethodPost)
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	opts, scope, terr := i.tokenRequest(w, r)
	if terr != nil {
		writeTokenError(w, terr)
		return
	}
	token, err := i.Mint(opts...)
	if err != nil {
		writeTokenError(w, &tokenError{http.StatusInternalServerError, "server_error", err.Error()})
		return
	}
	resp := struct {
		AccessToken string `json:"access_token"`
		TokenType   string `json:"token_type"`
		ExpiresIn   int    `json:"expires_in"`
		Scope       string `json:"scope,omitempty"`
	}{token, "Bearer", int(tokenLifetime.Seconds()), scope}
	writeTokenJSON(w, http.StatusOK, resp)
}

// tokenRequest reads a client_credentials request into the options Mint needs and the scope granted.
func (i *Issuer) tokenRequest(w http.ResponseWriter, r *http.Request) ([]MintOption, string, *tokenError) {
	bad := func(code, description string) *tokenError {
		return &tokenError{http.StatusBadRequest, code, description}
	}
	if mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); mt != "application/x-www-form-urlencoded" {
		return nil, "", bad("invalid_request", "the body must be application/x-www-form-urlencoded")
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxTokenRequest)
	if err := r.ParseForm(); err != nil {
		return nil, "", bad("invalid_request", "unreadable form body")
	}
	form := r.PostForm
	for name, values := range form {
		if len(values) > 1 && name != "resource" {
			// RFC 6749 §3.2: request parameters must not be included more than once.
			return nil, "", bad("invalid_request", "parameter "+name+" repeated")
		}
	}

	if grant := form.Get("grant_type"); grant != "client_credentials" {
		if grant == "" {
			return nil, "", bad("invalid_request", "grant_type is required")
		}
		return nil, "", bad("unsupported_grant_type", "only client_credentials is supported")
	}
	clientID, terr := tokenClient(r, form)
	if terr != nil {
		return nil, "", terr
	}
	opts := []MintOption{WithSubject(clientID), WithClientID(clientID)}

	// The scope is minted as asked, unchecked, so tests can also forge odd ones.
	scope := form.Get("scope")
	if scope != "" {
		opts = append(opts, WithClaim("scope", scope))
	}

	resources := form["resource"]
	for _, res := range resources {
		u, err := url.Parse(res)
		if err != nil || !u.IsAbs() || strings.Contains(res, "#") {
			return nil, "", bad("invalid_target", "resource must be an absolute URI without fragment")
		}
	}
	if len(resources) > 0 {
		opts = append(opts, WithAudience(resources...))
	}

	acrValues, maxAge := strings.Fields(form.Get("acr_values")), form.Get("max_age")
	if maxAge != "" {
		if _, err := strconv.ParseUint(maxAge, 10, 31); err != nil {
			return nil, "", bad("invalid_request", "max_age must be a non-negative integer")
		}
	}
	if len(acrValues) > 0 {
		opts = append(opts, WithACR(acrValues[0]))
	}
	if len(acrValues) > 0 || maxAge != "" {
		opts = append(opts, WithAuthTime(i.cfg.clock()))
	}
	return opts, scope, nil
}

// tokenClient returns the client id from HTTP Basic authentication (RFC 6749 §2.3.1: form-encoded)
// or from the client_id parameter; both may be given only if they agree.
func tokenClient(r *http.Request, form url.Values) (string, *tokenError) {
	id := form.Get("client_id")
	if user, _, ok := r.BasicAuth(); ok {
		basic, err := url.QueryUnescape(user)
		if err != nil || basic == "" || id != "" && id != basic {
			return "", &tokenError{http.StatusUnauthorized, "invalid_client", "unusable Basic credentials"}
		}
		id = basic
	}
	if id == "" {
		return "", &tokenError{http.StatusUnauthorized, "invalid_client", "client_id is required"}
	}
	return id, nil
}

func writeTokenError(w http.ResponseWriter, e *tokenError) {
	if e.status == http.StatusUnauthorized {
		w.Header().Set("WWW-Authenticate", `Basic realm="issuertest"`)
	}
	writeTokenJSON(w, e.status, struct {
		Error       string `json:"error"`
		Description string `json:"error_description"`
	}{e.code, e.description})
}

// writeTokenJSON writes a token endpoint response, which RFC 6749 §5.1 forbids caching.
func writeTokenJSON(w http.ResponseWriter, status int, v any) {
	body, err := json.Marshal(v)
	if err != nil {
		http.Error(w, "issuertest: encode token response", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Pragma", "no-cache")
	w.WriteHeader(status)
	_, _ = w.Write(body)
}
