// Package httpguard is the HTTP core that nethttp, echomw and ginmw wrap: the options, the flow and
// the RFC 6750 answer, each written once. An adapter only translates its framework's request context
// C to the *http.Request and http.ResponseWriter that Echo and Gin expose too: it calls Guard.Admit
// and hands the returned request on, or answers with Guard.Refuse; a route calls Guard.Permit.
//
// The flow (Admit): skip → credentials → optional → validate → binding → claims into the context.
// Each step refuses with a *validator.Error: extraction's malformed request is
// validator.ErrInvalidRequest (extractionRefusal), a validator's foreign error becomes
// validator.ErrTokenRejected (validator.Refusal).
//
// Three seams, each asked once:
//
//   - The table of refusals. The Writer takes the status from the refusal's validator.Kind, the
//     error code from its protocol code and the 503's description from its reason
//     (validator.ReasonOf); the log line and a custom error handler read the same row. No answer is
//     decided here by a string of its own.
//   - The binding. After Validate, binding.Check asks every binding method the route turned on
//     (WithBinding; WithDPoP and WithCertificateBinding are its two uses) whether the token is
//     bound and whether the request proves it, and refuses a token bound by a cnf member none of them
//     checks: a sender-constrained token is refused on every route that does not check its binding.
//     A binding with an HTTP scheme of its own (DPoP) also implements authScheme, which the flow
//     asks for credentials and the Writer for challenges and headers (DPoP-Nonce); neither names
//     DPoP. A third binding method is one package implementing binding.Method and one option per
//     adapter calling WithBinding: no edit here.
//   - The options. They are kept in one struct, settings, which the Guard holds. An invalid option
//     records its mistake; Build returns it, New and NewRouteGuard panic with it (the adapters'
//     convenience constructors), like regexp.MustCompile.
//
// A parameter of every challenge, such as RFC 9728 resource_metadata (resourcemeta.go), is one more
// entry in Writer.params; one of a single answer, such as RFC 9470 acr_values and max_age (stepup.go,
// where a route's step-up requirement is also built), is added where build makes that answer, which
// has the error in hand. Logging a refusal with slog (WithLogger) is one call in Refuse, which every
// refusal goes through.
package httpguard
