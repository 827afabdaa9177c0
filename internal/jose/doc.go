// Package jose is the kit's one strict reader of JOSE objects: compact JWS (RFC 7515), their JOSE
// headers, and the JSON objects inside and beside them (JWT claims, a DPoP proof's jwk, an RFC 7662
// introspection answer). The validator, dpop, ssf and the command line read with it, so every JWS the
// kit meets is held to one set of rules: strict base64url with one spelling, one JSON object without
// duplicate or case-variant members, bounded headers.
//
// It verifies nothing and knows no reasons: a refusal is a Fault, a plain value that each caller turns
// into its own reason (the validator's malformed_token, dpop's invalid_dpop_proof), with Describe
// giving the description that never quotes the input.
package jose
