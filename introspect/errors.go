package introspect

import "github.com/jwtguard/jwtguard/internal/reasons"

// ErrUnavailable means the introspection endpoint could not say whether the token is active: it was
// down, too slow, or gave an answer that is not a usable RFC 7662 response. It is a row of the
// one table of refusals (validator.Reasons): code
// introspection_unavailable, KindUnavailable, so adapters answer 503 with Retry-After ("introspection
// endpoint unavailable, retry later") and gRPC Unavailable. It is not validator.ErrKeysUnavailable:
// no verification keys are involved.
var ErrUnavailable = reasons.ErrIntrospectionUnavailable
