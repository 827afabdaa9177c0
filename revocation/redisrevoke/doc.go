// Package redisrevoke shares a revocation list between the replicas of a service through Redis: a
// revocation made on any replica — by the caller, or by an ssf.Receiver fed by the identity
// provider — is refused by every replica within a second.
//
//	client := redis.NewClient(&redis.Options{Addr: "redis:6379"})
//	list, err := redisrevoke.New(ctx, client)
//	...
//	defer list.Close()
//	v, err := validator.New(keys, ..., validator.WithRevocation(list))
//
// # How
//
// Each replica answers from a local copy, a revocation.Memory: the check made on every validation
// never touches the network and costs what revocation.Memory's costs. A revocation is applied to the
// local copy first, then stored in one Redis sorted set (scored by when the list forgets it, so
// Redis drops what no longer matters) and published on a channel every replica subscribes to. A
// replica that starts loads what is still in force from the set, after subscribing, so nothing
// published in between is missed. The entries' lifetimes and bounds are revocation.Memory's (give
// your own with WithMemory, e.g. for a longer token lifetime).
//
// # When Redis is unreachable
//
// New fails: a replica that cannot load the revocations in force must not start accepting tokens.
// Once running, a replica that loses Redis keeps answering from the copy it holds, without limit of
// time, and logs the outage (a warning when it starts, and when it ends with its length). Revocations
// it makes meanwhile apply to it at once and are written to Redis, and announced to every replica,
// when Redis answers again; on every reconnection it reloads the set (catching what it missed) and
// writes back what it holds (so a Redis restarted empty is refilled). The choice, as for jwks's stale
// keys, is availability: refusing every token because the channel is quiet would turn a Redis outage
// into an outage of the API, while a revocation missed during it only lets a token live to its
// expiry, as it would without revocation. Operators who prefer the other choice read Status (Connected,
// LastHeard) in their readiness probe and take a silent replica out of rotation.
//
// A heartbeat (WithHeartbeat, one second by default) pings a quiet subscription, so a lost
// connection is noticed within about that time.
//
// Options: New reports an invalid option as an error.
//
// Options follow the kit's one rule for a bad option: New, the constructors that can fail,
// return every mistake in their options as an error (nothing is guessed, nothing opens); only one-line
// convenience wrappers elsewhere in the kit panic with such an error, like regexp.MustCompile.
package redisrevoke
