// Package ginmw protects Gin handlers with OAuth 2.0 bearer JWTs.
//
// It is a thin layer over package nethttp: the token is taken by a nethttp.Extractor and refusals are
// written by a nethttp.ErrorWriter, so a Gin server answers every request with the same status,
// WWW-Authenticate header and body as a net/http or Echo server would (see nethttp for the table).
// Verified claims are put in the request's context.Context, where validator.FromContext finds them,
// and Claims reads them from a *gin.Context. A refused request is aborted: no later handler runs.
//
// Middleware panics on a nil validator; a nil option, extractor, error handler or skipper means "use
// the default".
package ginmw
