package main

import (
	"bytes"
	"context"
	"crypto"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/jwtguard/jwtguard/internal/jose"
	"github.com/jwtguard/jwtguard/scopes"
	"github.com/jwtguard/jwtguard/validator"
)

const verifySynopsis = "jwtguard verify (--jwks URL|FILE | --discover ISSUER_URL) --issuer ISS --audience AUD\n" +
	"                [--alg RS256,ES256,...] [--leeway 30s] [--now RFC3339] [--scope a,b] [--typ at+jwt] TOKEN|-"

// maxStdinToken bounds what verify reads from standard input. It is far above the validator's
// largest accepted token, so an oversized token still gets the validator's token_too_large answer.
const maxStdinToken = 1 << 20

const verifyHelp = "Usage: " + verifySynopsis + `

Validates TOKEN (or, for "-", the token on standard input) exactly as the validator package does,
with keys from a JWK Set URL or file (--jwks) or found through OIDC / RFC 8414 discovery (--discover).

Exit 0: valid; stdout is the verified {"header": {...}, "claims": {...}} as JSON.
Exit 1: rejected; stderr's first line is "rejected: <reason>: <description>", reason being one of
        missing_token malformed_token token_too_large unsupported_algorithm unknown_key
        invalid_signature token_expired token_not_yet_valid invalid_issuer invalid_audience
        invalid_token_type missing_claim insufficient_scope.
        Then "detail: ..." says what was expected and what the token said (e.g. its aud and the
        accepted audiences) and, when a claim check refused the token, its claims follow, unverified.
Exit 2: "error: usage: ...", "error: config: ..." (unreadable or invalid JWKS, bad option value,
        discovery naming another issuer) or "error: keys_unavailable: ..." (no keys could be fetched).
The token itself is never printed.

Flags:
  --jwks URL|FILE      JWK Set URL (https, or http to loopback) or a file holding a JWK Set or one JWK
  --discover URL       issuer URL to discover the JWK Set from; --issuer defaults to it
  --issuer ISS         accepted "iss" (repeatable)
  --audience AUD       accepted "aud" (repeatable)
  --alg LIST           accepted algorithms, comma-separated (default: every asymmetric algorithm)
  --leeway DURATION    clock skew tolerated on exp, nbf and iat (default 30s, at most 5m)
  --now RFC3339        check the token as of this time instead of now
  --scope LIST         scopes the token must all have, comma-separated
  --typ TYPE           required header "typ", e.g. at+jwt
  --timeout DURATION   bound on fetching keys (default 10s)
` + introspectHelp

// verifyFlags are the parsed command line of verify.
type verifyFlags struct {
	jwks, discover, typ, now string
	issuers, audiences       stringsFlag
	algs, scopes             listFlag
	leeway, timeout          time.Duration
	introspectFlags
}

func runVerify(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	var f verifyFlags
	fs := flag.NewFlagSet("verify", flag.ContinueOnError)
	fs.StringVar(&f.jwks, "jwks", "", "")
	fs.StringVar(&f.discover, "discover", "", "")
	fs.Var(&f.issuers, "issuer", "")
	fs.Var(&f.audiences, "audience", "")
	fs.Var(&f.algs, "alg", "")
	fs.DurationVar(&f.leeway, "leeway", validator.DefaultLeeway, "")
	fs.StringVar(&f.now, "now", "", "")
	fs.Var(&f.scopes, "scope", "")
	fs.StringVar(&f.typ, "typ", "", "")
	fs.DurationVar(&f.timeout, "timeout", 10*time.Second, "")
	f.addIntrospectFlags(fs)
	positional, code, ok := parseFlags(fs, args, verifyHelp, stdout, stderr)
	if !ok {
		return code
	}
	if f.introspecting() {
		return runIntrospect(&f, positional, stdin, stdout, stderr)
	}

	opts, err := f.validatorOptions()
	if err != nil {
		return usageError(stderr, err.Error(), verifyHelp)
	}
	if len(positional) != 1 {
		return usageError(stderr, fmt.Sprintf("want exactly one TOKEN (or - for standard input), got %d arguments", len(positional)), verifyHelp)
	}
	// Check the options before any key is fetched: a typo should not cost a network round trip.
	if _, err := validator.New(noKeys{}, opts...); err != nil {
		return configError(stderr, err)
	}
	token, err := readToken(positional[0], stdin)
	if err != nil {
		return configError(stderr, err)
	}

	ctx, cancel := context.WithTimeout(context.Background(), f.timeout)
	defer cancel()
	var notes noteBuffer
	defer func() { printNotes(stderr, notes.String()) }()
	keys, err := openKeys(ctx, f.jwks, f.discover, f.timeout, notes.logger())
	if err != nil {
		return configError(stderr, err)
	}
	defer keys.Close()
	v, err := validator.New(keys, opts...)
	if err != nil {
		return configError(stderr, err)
	}

	claims, err := v.Validate(ctx, token)
	if err != nil {
		exit := reportRejection(stderr, err, keys.Status().LastError)
		if exit == exitRejected {
			explainRejection(stderr, err, token)
		}
		return exit
	}
	out, err := json.MarshalIndent(struct {
		Header json.RawMessage `json:"header"`
		Claims json.RawMessage `json:"claims"`
	}{claims.RawHeader(), claims.RawClaims()}, "", "  ")
	if err != nil {
		return configError(stderr, fmt.Errorf("encode verified token: %w", err))
	}
	fmt.Fprintf(stdout, "%s\n", out)
	return exitOK
}

// validatorOptions checks the flags that need no network and turns them into validator options.
func (f *verifyFlags) validatorOptions() ([]validator.Option, error) {
	if (f.jwks == "") == (f.discover == "") {
		return nil, errors.New("give exactly one of --jwks and --discover")
	}
	if len(f.issuers) == 0 && f.discover != "" {
		f.issuers = stringsFlag{f.discover}
	}
	if len(f.issuers) == 0 {
		return nil, errors.New("--issuer is required")
	}
	if len(f.audiences) == 0 {
		return nil, errors.New("--audience is required")
	}
	if f.timeout <= 0 {
		return nil, errors.New("--timeout must be positive")
	}
	opts := []validator.Option{
		validator.WithIssuer(f.issuers...),
		validator.WithAudience(f.audiences...),
		validator.WithLeeway(f.leeway),
	}
	if len(f.algs) > 0 {
		opts = append(opts, validator.WithAlgorithms(f.algs...))
	}
	if f.now != "" {
		now, err := time.Parse(time.RFC3339, f.now)
		if err != nil {
			return nil, fmt.Errorf("--now: want an RFC 3339 time such as 2030-01-02T15:04:05Z, got %q", f.now)
		}
		opts = append(opts, validator.WithClock(func() time.Time { return now }))
	}
	if f.typ != "" {
		opts = append(opts, validator.WithTokenType(f.typ))
	}
	if len(f.scopes) > 0 {
		opts = append(opts, validator.WithRequiredScopes(scopes.All(f.scopes...)))
	}
	return opts, nil
}

// readToken returns the token argument, or standard input for "-", without surrounding white space
// (a pasted token or `echo` adds a newline). It never checks the token: that is the validator's job.
func readToken(arg string, stdin io.Reader) (string, error) {
	if arg != "-" {
		return strings.TrimSpace(arg), nil
	}
	data, err := io.ReadAll(io.LimitReader(stdin, maxStdinToken+1))
	if err != nil {
		return "", fmt.Errorf("read token from standard input: %w", err)
	}
	return strings.TrimSpace(string(data)), nil
}

// reportRejection writes the contract's first stderr line for a failed validation and returns the
// exit status, derived from the failure's validator.Kind: when the server could not decide (no keys)
// the failure is the key source's (exit 2), anything else is the token's (exit 1).
func reportRejection(stderr io.Writer, err, lastFetch error) int {
	reason := validator.ReasonOf(err) // an error no checker described is ErrTokenRejected's row
	code := reason.Code
	desc := oneLine(validator.Description(err))
	if reason.Kind == validator.KindUnavailable {
		if lastFetch != nil {
			desc += " (last fetch: " + oneLine(lastFetch.Error()) + ")"
		}
		fmt.Fprintf(stderr, "error: %s: %s\n", code, desc)
		return exitError
	}
	fmt.Fprintf(stderr, "rejected: %s: %s\n", code, desc)
	return exitRejected
}

// explainRejection follows the first line with the refusal's server-side detail and, when a claim
// check refused the token, with the token's claims as it states them, labelled unverified: the user
// can then read the failed check next to what the token said.
func explainRejection(stderr io.Writer, err error, token string) {
	if d := validator.Detail(err); d != "" {
		fmt.Fprintf(stderr, "detail: %s\n", oneLine(d))
	}
	if !failedClaimCheck(err) {
		return
	}
	jws, perr := jose.Parse(token)
	var claims bytes.Buffer
	if perr != nil || json.Indent(&claims, jws.Payload, "", "  ") != nil {
		return
	}
	fmt.Fprintf(stderr, "claims (unverified, as the token states them):\n%s\n", claims.Bytes())
}

// failedClaimCheck reports whether err refuses a token for one of its claims, rather than for its
// form, its key or its signature.
func failedClaimCheck(err error) bool {
	for _, reason := range []error{validator.ErrTokenExpired, validator.ErrTokenNotYetValid, validator.ErrInvalidIssuer,
		validator.ErrInvalidAudience, validator.ErrInvalidTokenType, validator.ErrMissingClaim,
		validator.ErrInsufficientScope, validator.ErrInsufficientUserAuthentication} {
		if errors.Is(err, reason) {
			return true
		}
	}
	return false
}

func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

// printNotes writes what jwks logged, after the result line, each line marked as a note.
func printNotes(stderr io.Writer, notes string) {
	for line := range strings.Lines(notes) {
		fmt.Fprintf(stderr, "note: %s", line)
	}
}

// noKeys is a key source with no keys, used only to check validator options before fetching any.
type noKeys struct{}

func (noKeys) VerificationKey(context.Context, string, string) (crypto.PublicKey, bool, error) {
	return nil, false, nil
}
