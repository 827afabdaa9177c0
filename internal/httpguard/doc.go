// Package httpguard is the HTTP core that nethttp, echomw and ginmw wrap: the options, the flow and
// the RFC 6750 answer, each written once. An adapter only translates its framework's request context
// C to the *http.Request and http.ResponseWriter that Echo and Gin expose too: it calls Guard.Admit
// and hands the returned request on, or answers with Guard.Refuse; a route calls Guard.Permit.
//
// The answer's status is derived from validator.Kind (kindOf adds the malformed request, which only
// extraction reports); the challenge is built from a list of auth-params (Param).
//
// Where the next protocol features plug in, each in one file and for every framework at once:
//
//   - A check that needs the request, such as a DPoP proof (r.Method, r.URL, r.Header["Dpop"]) or
//     certificate binding (r.TLS.PeerCertificates), is one step in Admit after Validate, configured by
//     one Option; its failure is an error whose kind the Writer maps.
//   - A parameter of every challenge, such as RFC 9728 resource_metadata (resourcemeta.go), is one
//     more entry in Writer.params; one of a single answer, such as RFC 9470 acr_values and max_age
//     (stepup.go, where a route's step-up requirement is also built) or a DPoP
//     challenge's algs, is added where build makes that answer, which has the error in hand. Headers
//     beside the challenge (DPoP-Nonce) are set in WriteError, which has the request.
//   - Logging a refusal with slog (WithLogger) is one call in Refuse, which every refusal goes through.
package httpguard
