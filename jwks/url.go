package jwks

import "github.com/jwtguard/jwtguard/internal/safefetch"

// The rules of outbound requests are shared with package introspect; these names keep this
// package's code short.
var (
	parseURL      = safefetch.ParseURL
	wellKnownURLs = safefetch.WellKnownURLs
	guardedClient = safefetch.GuardedClient
)

// maxBody bounds every response body (see safefetch.MaxBody).
const maxBody = safefetch.MaxBody
