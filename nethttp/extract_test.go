package nethttp_test

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/jwtguard/jwtguard/nethttp"
	"github.com/jwtguard/jwtguard/validator"
)

func TestExtractors(t *testing.T) {
	failing := func(*http.Request) (string, error) { return "", errors.New("boom") }
	fixed := func(token string) nethttp.Extractor {
		return func(*http.Request) (string, error) { return token, nil }
	}
	tests := []struct {
		name    string
		extract nethttp.Extractor
		target  string
		header  [][2]string
		token   string
		invalid string // the RequestError description, "" when none is expected
		anyErr  bool
	}{
		{name: "header", extract: nethttp.FromAuthorizationHeader, header: [][2]string{{"Authorization", "Bearer a.b.c"}}, token: "a.b.c"},
		{name: "header lowercase scheme", extract: nethttp.FromAuthorizationHeader, header: [][2]string{{"Authorization", "BEARER a.b.c"}}, token: "a.b.c"},
		{name: "header absent", extract: nethttp.FromAuthorizationHeader},
		{name: "header other scheme", extract: nethttp.FromAuthorizationHeader, header: [][2]string{{"Authorization", "Digest x=1"}}},
		{name: "header empty bearer", extract: nethttp.FromAuthorizationHeader, header: [][2]string{{"Authorization", "Bearer "}}, invalid: "bearer token is empty"},
		{name: "header two values", extract: nethttp.FromAuthorizationHeader, header: [][2]string{{"Authorization", "Bearer a"}, {"Authorization", "Basic b"}}, invalid: "more than one Authorization header"},
		{name: "header comma list", extract: nethttp.FromAuthorizationHeader, header: [][2]string{{"Authorization", "Bearer a, Bearer b"}}, invalid: "authorization is not a single bearer token"},

		{name: "cookie", extract: nethttp.FromCookie("s"), header: [][2]string{{"Cookie", "a=1; s=tok"}}, token: "tok"},
		{name: "cookie absent", extract: nethttp.FromCookie("s"), header: [][2]string{{"Cookie", "a=1"}}},
		{name: "cookie empty", extract: nethttp.FromCookie("s"), header: [][2]string{{"Cookie", "s="}}},
		{name: "cookie twice", extract: nethttp.FromCookie("s"), header: [][2]string{{"Cookie", "s=1; s=2"}}, invalid: "more than one s cookie"},
		{name: "cookie in two headers", extract: nethttp.FromCookie("s"), header: [][2]string{{"Cookie", "s=1"}, {"Cookie", "s=2"}}, invalid: "more than one s cookie"},
		{name: "cookie without a name", extract: nethttp.FromCookie(""), header: [][2]string{{"Cookie", "s=1"}}},

		{name: "query default name", extract: nethttp.FromQuery(""), target: "/?access_token=tok", token: "tok"},
		{name: "query custom name", extract: nethttp.FromQuery("t"), target: "/?a=1&t=tok&b=2", token: "tok"},
		{name: "query absent", extract: nethttp.FromQuery("t"), target: "/?a=1"},
		{name: "query encoded value", extract: nethttp.FromQuery("t"), target: "/?t=a%2Eb+c", token: "a.b c"},
		{name: "query encoded key", extract: nethttp.FromQuery("access_token"), target: "/?access%5Ftoken=tok", token: "tok"},
		{name: "query key prefix is another key", extract: nethttp.FromQuery("t"), target: "/?tt=tok"},
		{name: "query bad encoding", extract: nethttp.FromQuery("t"), target: "/?t=%zz", invalid: "t parameter is not valid percent-encoding"},
		{name: "query bad encoding in another key", extract: nethttp.FromQuery("t"), target: "/?%zz=1&t=tok", token: "tok"},
		{name: "query empty", extract: nethttp.FromQuery("t"), target: "/?t", invalid: "t parameter is empty"},
		{name: "query repeated", extract: nethttp.FromQuery("t"), target: "/?t=1&t=2", invalid: "more than one t parameter"},
		{name: "query repeated once encoded", extract: nethttp.FromQuery("t"), target: "/?t=1&%74=2", invalid: "more than one t parameter"},

		{name: "first of: second finds", extract: nethttp.FirstOf(nil, fixed(""), fixed("b")), token: "b"},
		{name: "first of: none finds", extract: nethttp.FirstOf(fixed(""), fixed(""))},
		{name: "first of: empty", extract: nethttp.FirstOf()},
		{name: "first of: two find", extract: nethttp.FirstOf(fixed("a"), fixed("b")), invalid: "token sent by more than one method"},
		{name: "first of: error stops", extract: nethttp.FirstOf(fixed("a"), failing), anyErr: true},
		{name: "first of: header and query", extract: nethttp.FirstOf(nethttp.FromAuthorizationHeader, nethttp.FromQuery("")),
			target: "/?access_token=q", header: [][2]string{{"Authorization", "Bearer h"}}, invalid: "token sent by more than one method"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			target := tt.target
			if target == "" {
				target = "/"
			}
			r := httptest.NewRequest(http.MethodGet, target, nil)
			for _, h := range tt.header {
				r.Header.Add(h[0], h[1])
			}
			token, err := tt.extract(r)
			if token != tt.token {
				t.Errorf("token = %q, want %q", token, tt.token)
			}
			var re *nethttp.RequestError
			switch {
			case tt.invalid != "":
				if !errors.As(err, &re) || re.Description != tt.invalid || !errors.Is(err, nethttp.ErrInvalidRequest) {
					t.Errorf("err = %v, want a RequestError %q", err, tt.invalid)
				}
			case tt.anyErr:
				if err == nil {
					t.Error("err = nil, want an error")
				}
			case err != nil:
				t.Errorf("err = %v, want nil", err)
			}
		})
	}
}

// FuzzFromAuthorizationHeader checks that whatever header a client sends, the default extractor
// neither panics nor returns anything but one b64token taken from the header.
func FuzzFromAuthorizationHeader(f *testing.F) {
	for _, seed := range []string{
		"Bearer eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiIxIn0.c2ln", "bearer x", "Bearer", "Bearer ", "Basic Zm9vOmJhcg==",
		"Bearer a b", "Bearer a,b", "Bearer a==", "Bearer =a", "Bearer\ta", "  Bearer   x  ", "Bearer \x00", "Bearer é",
	} {
		f.Add(seed, false)
	}
	f.Add("Bearer a", true)
	f.Fuzz(func(t *testing.T, value string, twice bool) {
		r := httptest.NewRequest(http.MethodGet, "/", nil)
		r.Header["Authorization"] = []string{value}
		if twice {
			r.Header["Authorization"] = append(r.Header["Authorization"], value)
		}
		token, err := nethttp.FromAuthorizationHeader(r)
		if err != nil {
			if token != "" || !errors.Is(err, nethttp.ErrInvalidRequest) {
				t.Fatalf("token %q with error %v", token, err)
			}
			return
		}
		if twice && token != "" {
			t.Fatalf("token %q taken from two Authorization headers", token)
		}
		for i := 0; i < len(token); i++ {
			c := token[i]
			if c <= ' ' || c >= 0x7f || c == '"' || c == ',' || c == '\\' {
				t.Fatalf("token %q from %q holds byte %#x", token, value, c)
			}
		}
	})
}

// TestMalformedRequestIsOneReason checks that a malformed request is the table's invalid_request
// everywhere: the sentinel's kind and code, what a custom error handler receives (a *validator.Error),
// and the answer to a custom Extractor's own error, which the Extractor's contract calls malformed
// (it was answered 401 invalid_token, with KindOf saying token_refused, before the one table).
func TestMalformedRequestIsOneReason(t *testing.T) {
	if k, c := validator.KindOf(nethttp.ErrInvalidRequest), validator.Code(nethttp.ErrInvalidRequest); k != validator.KindBadRequest || c != "invalid_request" {
		t.Errorf("ErrInvalidRequest: kind %v code %q, want bad_request invalid_request", k, c)
	}
	re := &nethttp.RequestError{Description: "bad"}
	if k, c := validator.KindOf(re), validator.Code(re); k != validator.KindBadRequest || c != "invalid_request" {
		t.Errorf("*RequestError: kind %v code %q, want bad_request invalid_request", k, c)
	}
	var seen error
	handler := nethttp.WithErrorHandler(func(w http.ResponseWriter, _ *http.Request, err error) {
		seen = err
		w.WriteHeader(http.StatusTeapot)
	})
	h := nethttp.Middleware(stubValidator{token: "good"}, handler)(http.NotFoundHandler())
	serve(h, "Authorization", "Bearer good", "Authorization", "Bearer good")
	ve, ok := errors.AsType[*validator.Error](seen)
	if !ok || ve.Code() != "invalid_request" || ve.Kind() != validator.KindBadRequest || ve.Description != "more than one Authorization header" {
		t.Errorf("two Authorization headers reached the handler as %#v", seen)
	}
	if _, ok := errors.AsType[*nethttp.RequestError](seen); !ok {
		t.Errorf("the handler's error %v carries no *RequestError", seen)
	}

	failing := nethttp.WithExtractor(func(*http.Request) (string, error) { return "", errors.New("token=secret in a broken cookie") })
	rec := serve(nethttp.Middleware(stubValidator{token: "good"}, failing)(http.NotFoundHandler()))
	if rec.Code != http.StatusBadRequest || rec.Body.String() != `{"error":"invalid_request","error_description":"malformed request"}` {
		t.Errorf("a custom Extractor's error: %d %s, want 400 invalid_request without its text", rec.Code, rec.Body)
	}
}
