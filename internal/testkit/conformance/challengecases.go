package conformance

// metadataParam is the resource_metadata parameter of the setups that configure it.
const metadataParam = `resource_metadata="` + MetadataURL + `"`

// Step-up answers that recur: the challenge's acr_values and max_age for each route, and the
// descriptions of what fell short.
const (
	stepUpParams = `acr_values="urn:example:mfa phr", max_age="300"`
	recentParams = `max_age="600"`
	mfaParams    = `acr_values="urn:example:mfa"`

	descACR      = "authentication context class not accepted"
	descOld      = "authentication older than 5m0s"
	descNoACR    = "token has no acr claim"
	descNoTime   = "token has no auth_time claim"
	codeStepUp   = "insufficient_user_authentication"
	bodyExpired  = `{"error":"invalid_token","error_description":"token expired 3m0s ago"}`
	challengeRM  = `Bearer realm="api", ` + metadataParam
	challengeRMe = challengeRM + `, error=`
)

// stepUpRefused is the 401 of a step-up route: opening (scheme, realm, resource_metadata as the
// setup has them), then error, error_description and the route's params.
func stepUpRefused(opening, desc, params string) HTTPAnswer {
	sep := ", "
	if opening == "Bearer" {
		sep = " "
	}
	return HTTPAnswer{
		Status:    401,
		Challenge: opening + sep + `error="` + codeStepUp + `", error_description="` + desc + `", ` + params,
		Body:      `{"error":"` + codeStepUp + `","error_description":"` + desc + `"}`,
	}
}

// ChallengeCases is the table of resource_metadata (RFC 9728 §5.1) on every challenge and of the
// step-up answers (RFC 9470 §3), for the HTTP adapters.
var ChallengeCases = []HTTPCase{
	// resource_metadata follows the realm in the challenge of every 401, 403 and 400; a 503 has none.
	{Name: "metadata: no token", Setup: RealmAndMetadata, Path: PathOpen,
		Want: HTTPAnswer{Status: 401, Challenge: challengeRM, Body: bodyMissing}},
	{Name: "metadata: valid token", Setup: RealmAndMetadata, Path: PathOpen, Header: bearer("{valid}"), Want: ok(helloUser)},
	{Name: "metadata: expired token", Setup: RealmAndMetadata, Path: PathOpen, Header: bearer("{expired}"),
		Want: HTTPAnswer{Status: 401, Challenge: challengeRMe + `"invalid_token", error_description="token expired 3m0s ago"`,
			Body: bodyExpired}},
	{Name: "metadata: malformed request", Setup: RealmAndMetadata, Path: PathOpen,
		Header: [][2]string{{"Authorization", "Bearer"}},
		Want: HTTPAnswer{Status: 400, Challenge: challengeRMe + `"invalid_request", error_description="bearer token is empty"`,
			Body: `{"error":"invalid_request","error_description":"bearer token is empty"}`}},
	{Name: "metadata: scope missing", Setup: RealmAndMetadata, Path: PathScoped, Header: bearer("{valid}"),
		Want: HTTPAnswer{Status: 403,
			Challenge: challengeRMe + `"insufficient_scope", error_description="token lacks scope orders:write", scope="orders:write"`,
			Body:      `{"error":"insufficient_scope","error_description":"token lacks scope orders:write"}`}},
	{Name: "metadata: scoped route without a token", Setup: RealmAndMetadata, Path: PathScoped,
		Want: HTTPAnswer{Status: 401, Challenge: challengeRM, Body: bodyMissing}},
	{Name: "metadata without realm: no token", Setup: MetadataOnly, Path: PathOpen,
		Want: HTTPAnswer{Status: 401, Challenge: `Bearer ` + metadataParam, Body: bodyMissing}},
	{Name: "metadata without realm: expired token", Setup: MetadataOnly, Path: PathOpen, Header: bearer("{expired}"),
		Want: HTTPAnswer{Status: 401, Challenge: `Bearer ` + metadataParam + `, error="invalid_token", error_description="token expired 3m0s ago"`,
			Body: bodyExpired}},
	{Name: "metadata: keys unavailable has no challenge", Setup: KeysDownWithMetadata, Path: PathOpen, Header: bearer("{valid}"),
		Want: HTTPAnswer{Status: 503, RetryAfter: "10",
			Body: `{"error":"temporarily_unavailable","error_description":"no verification keys available, retry later"}`}},
	{Name: "metadata: keys unavailable and no token", Setup: KeysDownWithMetadata, Path: PathOpen,
		Want: HTTPAnswer{Status: 401, Challenge: challengeRM, Body: bodyMissing}},
	{Name: "metadata: optional without a token", Setup: OptionalWithMetadata, Path: PathOpen, Want: ok(helloAnon)},
	{Name: "metadata: optional step-up route without a token", Setup: OptionalWithMetadata, Path: PathStepUp,
		Want: HTTPAnswer{Status: 401, Challenge: challengeRM, Body: bodyMissing}},
	{Name: "no metadata: no token", Setup: RealmOnly, Path: PathOpen, Want: missing()},

	// Step-up: acr one of ACRValues, auth_time at most MaxAge ago; a missing claim fails the same way.
	{Name: "step-up: first acr, fresh", Setup: RealmAndMetadata, Path: PathStepUp, Header: bearer("{mfa}"), Want: ok(helloUser)},
	{Name: "step-up: second acr, fresh", Setup: RealmAndMetadata, Path: PathStepUp, Header: bearer("{phr}"), Want: ok(helloUser)},
	{Name: "step-up: acr not accepted", Setup: RealmAndMetadata, Path: PathStepUp, Header: bearer("{pwd}"),
		Want: stepUpRefused(challengeRM, descACR, stepUpParams)},
	{Name: "step-up: authentication too old", Setup: RealmAndMetadata, Path: PathStepUp, Header: bearer("{stale}"),
		Want: stepUpRefused(challengeRM, descOld, stepUpParams)},
	{Name: "step-up: no acr", Setup: RealmAndMetadata, Path: PathStepUp, Header: bearer("{no-acr}"),
		Want: stepUpRefused(challengeRM, descNoACR, stepUpParams)},
	{Name: "step-up: acr not a string", Setup: RealmAndMetadata, Path: PathStepUp, Header: bearer("{acr-number}"),
		Want: stepUpRefused(challengeRM, descNoACR, stepUpParams)},
	{Name: "step-up: no auth_time", Setup: RealmAndMetadata, Path: PathStepUp, Header: bearer("{no-auth-time}"),
		Want: stepUpRefused(challengeRM, descNoTime, stepUpParams)},
	{Name: "step-up: plain token", Setup: RealmAndMetadata, Path: PathStepUp, Header: bearer("{valid}"),
		Want: stepUpRefused(challengeRM, descNoACR, stepUpParams)},
	{Name: "step-up: no token", Setup: RealmAndMetadata, Path: PathStepUp,
		Want: HTTPAnswer{Status: 401, Challenge: challengeRM, Body: bodyMissing}},
	{Name: "step-up: expired token is invalid_token", Setup: RealmAndMetadata, Path: PathStepUp, Header: bearer("{expired}"),
		Want: HTTPAnswer{Status: 401, Challenge: challengeRMe + `"invalid_token", error_description="token expired 3m0s ago"`,
			Body: bodyExpired}},
	{Name: "step-up max_age only: too old", Setup: RealmAndMetadata, Path: PathRecent, Header: bearer("{stale}"),
		Want: stepUpRefused(challengeRM, "authentication older than 10m0s", recentParams)},
	{Name: "step-up max_age only: no auth_time", Setup: RealmAndMetadata, Path: PathRecent, Header: bearer("{no-auth-time}"),
		Want: stepUpRefused(challengeRM, descNoTime, recentParams)},
	{Name: "step-up max_age only: any acr", Setup: RealmAndMetadata, Path: PathRecent, Header: bearer("{no-acr}"), Want: ok(helloUser)},
	{Name: "step-up acr only: acr not accepted", Setup: RealmAndMetadata, Path: PathMFA, Header: bearer("{phr}"),
		Want: stepUpRefused(challengeRM, descACR, mfaParams)},
	{Name: "step-up acr only: any age", Setup: RealmAndMetadata, Path: PathMFA, Header: bearer("{stale}"), Want: ok(helloUser)},
	{Name: "step-up acr only: no auth_time needed", Setup: RealmAndMetadata, Path: PathMFA, Header: bearer("{no-auth-time}"),
		Want: ok(helloUser)},
	{Name: "step-up without metadata", Setup: RealmOnly, Path: PathStepUp, Header: bearer("{stale}"),
		Want: stepUpRefused(`Bearer realm="api"`, descOld, stepUpParams)},
	{Name: "step-up without realm", Setup: MetadataOnly, Path: PathStepUp, Header: bearer("{pwd}"),
		Want: stepUpRefused(`Bearer `+metadataParam, descACR, stepUpParams)},
	{Name: "step-up bare", Setup: Bare, Path: PathStepUp, Header: bearer("{stale}"),
		Want: stepUpRefused("Bearer", descOld, stepUpParams)},
	{Name: "step-up bare, free functions", Setup: Bare, Path: PathRecent, Header: bearer("{stale}"),
		Want: stepUpRefused("Bearer", "authentication older than 10m0s", recentParams)},
	{Name: "step-up bare: fresh", Setup: Bare, Path: PathStepUp, Header: bearer("{mfa}"), Want: ok(helloUser)},
}
