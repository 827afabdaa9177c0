package introspect

import "github.com/jwtguard/jwtguard/validator"

// ErrUnavailable means the introspection endpoint could not say whether the token is active: it was
// down, too slow, or gave an answer that is not a usable RFC 7662 response. It is the very value
// validator.ErrIntrospectionUnavailable, declared in the one table of refusals: code
// introspection_unavailable, KindUnavailable, so adapters answer 503 with Retry-After ("introspection
// endpoint unavailable, retry later") and gRPC Unavailable. It is not validator.ErrKeysUnavailable:
// no verification keys are involved.
var ErrUnavailable = validator.ErrIntrospectionUnavailable
