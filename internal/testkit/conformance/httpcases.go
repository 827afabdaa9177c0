package conformance

// HTTPCase is one request and the answer every HTTP adapter must give it.
type HTTPCase struct {
	Name  string
	Setup Setup
	// Path is the request target; "{name}" placeholders are replaced by tokens.
	Path string
	// Header holds request header lines in order, each {name, value}; values are expanded like Path.
	Header [][2]string
	Want   HTTPAnswer
}

// HTTPAnswer is what an adapter must answer, byte for byte.
type HTTPAnswer struct {
	Status int
	// Challenge is the one WWW-Authenticate value; "" means the header must be absent.
	Challenge string
	// RetryAfter is the Retry-After value; "" means the header must be absent.
	RetryAfter string
	Body       string
}

// Bodies and challenges that recur in the table.
const (
	challengeOnly = `Bearer realm="api"`
	bodyMissing   = `{"error":"missing_token","error_description":"no bearer token in the request"}`
	helloUser     = "hello user-1"
	helloAnon     = "hello anonymous"
)

func ok(body string) HTTPAnswer { return HTTPAnswer{Status: 200, Body: body} }

func missing() HTTPAnswer {
	return HTTPAnswer{Status: 401, Challenge: challengeOnly, Body: bodyMissing}
}

func invalidRequest(desc string) HTTPAnswer {
	return HTTPAnswer{
		Status:    400,
		Challenge: `Bearer realm="api", error="invalid_request", error_description="` + desc + `"`,
		Body:      `{"error":"invalid_request","error_description":"` + desc + `"}`,
	}
}

func invalidToken(desc string) HTTPAnswer {
	return HTTPAnswer{
		Status:    401,
		Challenge: `Bearer realm="api", error="invalid_token", error_description="` + desc + `"`,
		Body:      `{"error":"invalid_token","error_description":"` + desc + `"}`,
	}
}

func bearer(token string) [][2]string { return [][2]string{{"Authorization", "Bearer " + token}} }

// HTTPCases is the conformance table for the HTTP adapters.
var HTTPCases = []HTTPCase{
	{Name: "valid token", Setup: Default, Path: PathOpen, Header: bearer("{valid}"), Want: ok(helloUser)},
	{Name: "lowercase bearer scheme", Setup: Default, Path: PathOpen,
		Header: [][2]string{{"Authorization", "bearer {valid}"}}, Want: ok(helloUser)},
	{Name: "no authorization header", Setup: Default, Path: PathOpen, Want: missing()},
	{Name: "basic scheme is no bearer token", Setup: Default, Path: PathOpen,
		Header: [][2]string{{"Authorization", "Basic dXNlcjpwYXNz"}}, Want: missing()},
	{Name: "bearer with no token", Setup: Default, Path: PathOpen,
		Header: [][2]string{{"Authorization", "Bearer"}}, Want: invalidRequest("bearer token is empty")},
	{Name: "two credentials", Setup: Default, Path: PathOpen,
		Header: [][2]string{{"Authorization", "Bearer {valid} {write}"}},
		Want:   invalidRequest("authorization is not a single bearer token")},
	{Name: "quote in credentials", Setup: Default, Path: PathOpen,
		Header: [][2]string{{"Authorization", `Bearer "{valid}"`}},
		Want:   invalidRequest("authorization is not a single bearer token")},
	{Name: "two authorization headers", Setup: Default, Path: PathOpen,
		Header: [][2]string{{"Authorization", "Bearer {valid}"}, {"Authorization", "Bearer {valid}"}},
		Want:   invalidRequest("more than one Authorization header")},
	{Name: "expired", Setup: Default, Path: PathOpen, Header: bearer("{expired}"),
		Want: invalidToken("token expired 3m0s ago")},
	{Name: "not yet valid", Setup: Default, Path: PathOpen, Header: bearer("{future}"),
		Want: invalidToken("token not valid before its nbf")},
	{Name: "bad signature", Setup: Default, Path: PathOpen, Header: bearer("{forged}"),
		Want: invalidToken("signature does not verify")},
	{Name: "unknown kid", Setup: Default, Path: PathOpen, Header: bearer("{unknown-kid}"),
		Want: invalidToken("no trusted key for the token's kid and alg")},
	{Name: "wrong audience", Setup: Default, Path: PathOpen, Header: bearer("{wrong-aud}"),
		Want: invalidToken("audience not accepted")},
	{Name: "wrong issuer", Setup: Default, Path: PathOpen, Header: bearer("{wrong-iss}"),
		Want: invalidToken("issuer not accepted")},
	{Name: "malformed", Setup: Default, Path: PathOpen, Header: bearer("{malformed}"),
		Want: invalidToken("token is not three dot-separated segments")},
	{Name: "scoped route with the scope", Setup: Default, Path: PathScoped, Header: bearer("{write}"),
		Want: ok(helloUser)},
	{Name: "scoped route without the scope", Setup: Default, Path: PathScoped, Header: bearer("{valid}"),
		Want: HTTPAnswer{
			Status:    403,
			Challenge: `Bearer realm="api", error="insufficient_scope", error_description="token lacks scope orders:write", scope="orders:write"`,
			Body:      `{"error":"insufficient_scope","error_description":"token lacks scope orders:write"}`,
		}},
	{Name: "scoped route without a token", Setup: Default, Path: PathScoped, Want: missing()},
	{Name: "scoped route with an invalid token", Setup: Default, Path: PathScoped, Header: bearer("{expired}"),
		Want: invalidToken("token expired 3m0s ago")},
	{Name: "query token ignored by default", Setup: Default, Path: PathOpen + "?access_token={valid}",
		Want: missing()},
	{Name: "skipper without a token", Setup: Default, Path: PathSkipped, Want: ok(helloAnon)},
	{Name: "skipper ignores a bad token", Setup: Default, Path: PathSkipped,
		Header: bearer("{forged}"), Want: ok(helloAnon)},

	{Name: "keys unavailable", Setup: KeysDown, Path: PathOpen, Header: bearer("{valid}"),
		Want: HTTPAnswer{
			Status:     503,
			RetryAfter: "10",
			Body:       `{"error":"temporarily_unavailable","error_description":"no verification keys available, retry later"}`,
		}},
	{Name: "keys unavailable and no token", Setup: KeysDown, Path: PathOpen, Want: missing()},
	{Name: "keys unavailable and a malformed token", Setup: KeysDown, Path: PathOpen,
		Header: bearer("{malformed}"), Want: invalidToken("token is not three dot-separated segments")},

	{Name: "optional without a token", Setup: Optional, Path: PathOpen, Want: ok(helloAnon)},
	{Name: "optional with a basic scheme", Setup: Optional, Path: PathOpen,
		Header: [][2]string{{"Authorization", "Basic dXNlcjpwYXNz"}}, Want: ok(helloAnon)},
	{Name: "optional with a valid token", Setup: Optional, Path: PathOpen, Header: bearer("{valid}"),
		Want: ok(helloUser)},
	{Name: "optional with an invalid token", Setup: Optional, Path: PathOpen, Header: bearer("{expired}"),
		Want: invalidToken("token expired 3m0s ago")},
	{Name: "optional with a malformed header", Setup: Optional, Path: PathOpen,
		Header: [][2]string{{"Authorization", "Bearer"}}, Want: invalidRequest("bearer token is empty")},
	{Name: "optional scoped route without a token", Setup: Optional, Path: PathScoped, Want: missing()},

	{Name: "cookie token", Setup: Cookie, Path: PathOpen,
		Header: [][2]string{{"Cookie", "theme=dark; session={valid}"}}, Want: ok(helloUser)},
	{Name: "header token with cookie extractor", Setup: Cookie, Path: PathOpen, Header: bearer("{valid}"),
		Want: ok(helloUser)},
	{Name: "expired cookie token", Setup: Cookie, Path: PathOpen,
		Header: [][2]string{{"Cookie", "session={expired}"}}, Want: invalidToken("token expired 3m0s ago")},
	{Name: "empty cookie is no token", Setup: Cookie, Path: PathOpen,
		Header: [][2]string{{"Cookie", "session="}}, Want: missing()},
	{Name: "two session cookies", Setup: Cookie, Path: PathOpen,
		Header: [][2]string{{"Cookie", "session={valid}; session={write}"}},
		Want:   invalidRequest("more than one session cookie")},
	{Name: "token in header and cookie", Setup: Cookie, Path: PathOpen,
		Header: [][2]string{{"Authorization", "Bearer {valid}"}, {"Cookie", "session={valid}"}},
		Want:   invalidRequest("token sent by more than one method")},

	{Name: "query token", Setup: Query, Path: PathOpen + "?x=1&access_token={valid}", Want: ok(helloUser)},
	{Name: "expired query token", Setup: Query, Path: PathOpen + "?access_token={expired}",
		Want: invalidToken("token expired 3m0s ago")},
	{Name: "empty query token", Setup: Query, Path: PathOpen + "?access_token=",
		Want: invalidRequest("access_token parameter is empty")},
	{Name: "repeated query token", Setup: Query, Path: PathOpen + "?access_token={valid}&access_token={valid}",
		Want: invalidRequest("more than one access_token parameter")},
	{Name: "token in header and query", Setup: Query, Path: PathOpen + "?access_token={valid}",
		Header: bearer("{valid}"), Want: invalidRequest("token sent by more than one method")},
	{Name: "query scoped route without the scope", Setup: Query, Path: PathScoped + "?access_token={valid}",
		Want: HTTPAnswer{
			Status:    403,
			Challenge: `Bearer realm="api", error="insufficient_scope", error_description="token lacks scope orders:write", scope="orders:write"`,
			Body:      `{"error":"insufficient_scope","error_description":"token lacks scope orders:write"}`,
		}},
	// A sender-constrained token is refused on a route that does not check its binding, with the
	// detail naming the binding; it never passes as a bearer token (issue 22 item 4).
	{Name: "DPoP-bound token as bearer without WithDPoP", Setup: Default, Path: PathOpen, Header: bearer("{jkt-bound}"),
		Want: invalidToken(DescUnsupportedDPoPBinding)},
	{Name: "certificate-bound token without WithCertificateBinding", Setup: Default, Path: PathOpen, Header: bearer("{x5t-bound}"),
		Want: invalidToken(DescUnsupportedCertBinding)},
	{Name: "token bound by a cnf member no binding knows", Setup: Default, Path: PathOpen, Header: bearer("{jwk-bound}"),
		Want: invalidToken(DescUnsupportedJWKBinding)},
	{Name: "token with an empty cnf", Setup: Default, Path: PathOpen, Header: bearer("{empty-cnf}"),
		Want: invalidToken(DescEmptyCnf)},
	{Name: "token with a garbled cnf", Setup: Default, Path: PathOpen, Header: bearer("{garbled-cnf}"),
		Want: invalidToken("claim cnf is not an object")},
	{Name: "DPoP-bound token on a route with optional credentials", Setup: Optional, Path: PathOpen, Header: bearer("{jkt-bound}"),
		Want: invalidToken(DescUnsupportedDPoPBinding)},
}
