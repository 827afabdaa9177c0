package nethttp

import (
	"net/http"
	"net/url"
	"strings"

	"github.com/jwtguard/jwtguard/internal/httpguard"
)

// ErrInvalidRequest is the reason of every refusal of a malformed request: the very value
// validator.ErrInvalidRequest (code invalid_request, validator.KindBadRequest). Such a request is
// answered 400 with error="invalid_request" (RFC 6750 §3.1); an error handler receives a
// *validator.Error with this reason.
var ErrInvalidRequest = httpguard.ErrInvalidRequest

// RequestError reports a request that carries its token in a way RFC 6750 forbids: its Description is
// shown to the client as error_description and must not contain the token. It wraps ErrInvalidRequest.
// Custom Extractors should return one so the client learns what was wrong; an error handler receives
// it as the cause of a *validator.Error.
type RequestError = httpguard.RequestError

// Extractor finds the token in a request. It returns "" and a nil error when the request carries no
// token, and an error wrapping ErrInvalidRequest (ideally a *RequestError) when it carries one in a
// malformed way. Any other error is answered as invalid_request with a generic description.
type Extractor = httpguard.Extractor

// errTwoMethods is allocated once: the error path should not cost more than the success path.
var errTwoMethods = &RequestError{Description: "token sent by more than one method"}

// FromAuthorizationHeader is the default Extractor: it returns the Bearer credentials of the
// Authorization header, whose scheme name is matched without regard to case. A request without the
// header, or with another scheme such as Basic, carries no token. More than one Authorization header,
// "Bearer" with nothing after it, or more than one credential after it is a malformed request.
func FromAuthorizationHeader(r *http.Request) (string, error) {
	return httpguard.FromAuthorizationHeader(r)
}

// FromCookie returns an Extractor that reads the token from the cookie called name. A cookie with an
// empty value counts as absent, as logging out often leaves one behind. Two cookies of that name are a
// malformed request: which one was meant cannot be known, and a cookie planted from a sibling domain
// must not win by sending its value first. An empty name finds no token.
func FromCookie(name string) Extractor {
	errTwo := &RequestError{Description: "more than one " + name + " cookie"}
	return func(r *http.Request) (string, error) {
		if name == "" {
			return "", nil
		}
		found := r.CookiesNamed(name)
		switch {
		case len(found) == 0:
			return "", nil
		case len(found) > 1:
			return "", errTwo
		}
		return found[0].Value, nil
	}
}

// FromQuery returns an Extractor that reads the token from the URL query parameter called name, or
// "access_token" (RFC 6750 §2.3) when name is empty. A parameter that is repeated, empty or not
// validly percent-encoded is a malformed request.
//
// Tokens in URLs end up in access logs and browser history; prefer the Authorization header.
func FromQuery(name string) Extractor {
	if name == "" {
		name = "access_token"
	}
	errTwo := &RequestError{Description: "more than one " + name + " parameter"}
	errEmpty := &RequestError{Description: name + " parameter is empty"}
	errEncoding := &RequestError{Description: name + " parameter is not valid percent-encoding"}
	return func(r *http.Request) (string, error) {
		var token string
		found := false
		// Scanning RawQuery, rather than calling URL.Query, finds repeats and costs no map.
		for rest := r.URL.RawQuery; rest != ""; {
			var pair string
			pair, rest, _ = strings.Cut(rest, "&")
			key, value, _ := strings.Cut(pair, "=")
			if !queryKeyIs(key, name) {
				continue
			}
			if found {
				return "", errTwo
			}
			found = true
			if strings.ContainsAny(value, "%+") {
				unescaped, err := url.QueryUnescape(value)
				if err != nil {
					return "", errEncoding
				}
				value = unescaped
			}
			if value == "" {
				return "", errEmpty
			}
			token = value
		}
		return token, nil
	}
}

// queryKeyIs reports whether the raw, possibly percent-encoded, query key is name.
func queryKeyIs(key, name string) bool {
	if !strings.ContainsAny(key, "%+") {
		return key == name
	}
	unescaped, err := url.QueryUnescape(key)
	return err == nil && unescaped == name
}

// FirstOf returns an Extractor that asks each of extractors in turn and returns the token the first
// one finds. An extractor's error ends the search at once. Because RFC 6750 §2 allows only one method
// of sending the token per request, a request in which a second extractor also finds a token is
// malformed, so FirstOf always asks every extractor. Nil extractors are skipped.
func FirstOf(extractors ...Extractor) Extractor {
	list := make([]Extractor, 0, len(extractors))
	for _, e := range extractors {
		if e != nil {
			list = append(list, e)
		}
	}
	return func(r *http.Request) (string, error) {
		var token string
		for _, e := range list {
			t, err := e(r)
			if err != nil {
				return "", err
			}
			if t == "" {
				continue
			}
			if token != "" {
				return "", errTwoMethods
			}
			token = t
		}
		return token, nil
	}
}
