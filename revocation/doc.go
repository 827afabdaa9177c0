// Package revocation holds the revocations a resource server acts on — "every token of this user
// issued before T", "every token of this session issued before T", "this token" — and answers, on
// every validation, whether a token is revoked. validator.WithRevocation and
// introspect.WithRevocation take a *Memory (one process) or a redisrevoke.List (every replica, kept
// in step through Redis); the ssf package's receiver feeds either from Shared Signals events.
//
// # What is revoked
//
// RevokeSubject and RevokeSession revoke the tokens of an issuer's subject ("sub") or session ("sid")
// whose "iat" is before the cut; a token without "iat" counts as issued at the beginning of time, so
// any cut revokes it. Tokens issued at or after the cut are accepted: a user who signs in again is
// not locked out. RevokeToken revokes one token by its "jti", whatever its "iat". Identifiers are
// compared exactly, and always together with the issuer, so one issuer cannot revoke another's users.
//
// # Bounded memory
//
// An entry is kept only while a token it matches can still be valid: a subject or session entry
// until its cut plus the longest token lifetime accepted (WithMaxTokenLifetime, default
// DefaultMaxTokenLifetime) plus ClockMargin, a token entry until its expires plus ClockMargin, but
// never longer than the lifetime from now. So the lifetime is a promise about the issuers' tokens:
// a token that lives longer than it (exp − iat, or without iat any exp) may outlive its revocation.
// A cut in the future is taken as now + ClockMargin, so an event cannot lock a subject out for
// longer than a token's lifetime. The list holds at most WithMaxEntries entries (default
// DefaultMaxEntries); when it is full of entries still in force, a new revocation fails with
// ErrTooManyEntries rather than silently dropping another (expired entries are swept first, at most
// once a second, so a flood of refused revocations stays cheap). Issuers and identifiers longer than
// MaxIdentifierLength are refused (ErrInvalidRevocation): revocations arrive from the network.
// An entry past its end no longer matches, even before it is swept.
//
// # Cost
//
// Revoked runs on every validation, cache hits included. It takes no lock and allocates nothing
// unless the token is, or looks like, a revoked one: a Bloom filter over the entries answers
// "certainly not revoked" with one seeded hash and one memory read per identifier, whatever the
// number of entries (about 25 ns added to a cache hit with 20,000 entries; see benchmarks/README.md);
// only a filter hit, at most about 0.5% of identifiers not revoked, consults the entries under a
// read lock. Writers are serialised; expired entries are swept, and the filter rebuilt, as writes
// come in.
//
// # Sharing
//
// Revoke and Entries take and give revocations as Entry values, which is how
// revocation/redisrevoke (its own module) keeps the Memory of every replica in step.
//
// Options: NewMemory returns no error (its signature is the contract), so an invalid option
// makes it panic, as regexp.MustCompile does: a configuration typo fails at start-up, never runs
// with a default the caller did not ask for.
package revocation
