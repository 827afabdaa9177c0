package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/jwtguard/jwtguard/introspect"
	"github.com/jwtguard/jwtguard/scopes"
	"github.com/jwtguard/jwtguard/validator"
)

const introspectSynopsis = "jwtguard verify --introspect URL --client-id ID --client-secret-file FILE\n" +
	"                --audience AUD [--issuer ISS] [--leeway 30s] [--now RFC3339] [--scope a,b] TOKEN|-"

const introspectHelp = `
Opaque tokens (RFC 7662 introspection):
  ` + introspectSynopsis + `
Asks the authorization server's introspection endpoint about TOKEN, authenticating with client_secret_basic,
and applies the checks of package introspect. Same exit codes and output: exit 0 and {"claims": {...}}
(the introspection answer) on stdout; exit 1 and "rejected: <reason>: ..." (token_inactive for an
inactive token); exit 2 for usage and configuration errors or "error: introspection_unavailable: ..." when the
endpoint cannot answer. The client secret is read from a file so that it stays out of the process list.

  --introspect URL            introspection endpoint (https, or http to loopback)
  --client-id ID              client id of this resource server at the authorization server
  --client-secret-file FILE   file holding the client secret (surrounding white space is ignored)
  --issuer ISS                "iss" the answer must carry, if it carries one (at most one)
  --audience AUD              "aud" the answer must name (repeatable; required, as for JWTs)
`

// introspectFlags are verify's flags for opaque tokens.
type introspectFlags struct {
	introspect, clientID, clientSecretFile string
}

// addIntrospectFlags registers the flags of opaque-token verification on fs.
func (f *introspectFlags) addIntrospectFlags(fs *flag.FlagSet) {
	fs.StringVar(&f.introspect, "introspect", "", "")
	fs.StringVar(&f.clientID, "client-id", "", "")
	fs.StringVar(&f.clientSecretFile, "client-secret-file", "", "")
}

// introspecting reports whether the command line asks for introspection rather than JWT verification.
func (f *introspectFlags) introspecting() bool {
	return f.introspect != "" || f.clientID != "" || f.clientSecretFile != ""
}

// runIntrospect is verify for an opaque token: positional holds the TOKEN argument.
func runIntrospect(f *verifyFlags, positional []string, stdin io.Reader, stdout, stderr io.Writer) int {
	opts, err := f.introspectOptions()
	if err != nil {
		return usageError(stderr, err.Error(), verifyHelp)
	}
	if len(positional) != 1 {
		return usageError(stderr, fmt.Sprintf("want exactly one TOKEN (or - for standard input), got %d arguments", len(positional)), verifyHelp)
	}
	secret, err := os.ReadFile(f.clientSecretFile)
	if err != nil {
		return configError(stderr, fmt.Errorf("read client secret: %w", err))
	}
	var notes noteBuffer
	defer func() { printNotes(stderr, notes.String()) }()
	opts = append(opts,
		introspect.WithClientSecretBasic(f.clientID, strings.TrimSpace(string(secret))),
		introspect.WithLogger(notes.logger()),
	)
	in, err := introspect.New(f.introspect, opts...)
	if err != nil {
		return configError(stderr, err)
	}
	token, err := readToken(positional[0], stdin)
	if err != nil {
		return configError(stderr, err)
	}

	claims, err := in.Validate(context.Background(), token)
	if err == nil && len(f.scopes) > 0 {
		required := scopes.All(f.scopes...)
		if scopeErr := required.Check(claims.Scopes); scopeErr != nil {
			err = validator.NewError(validator.ErrInsufficientScope, "token lacks scope "+required.String(), scopeErr)
		}
	}
	if err != nil {
		return reportRejection(stderr, err, nil)
	}
	out, err := json.MarshalIndent(struct {
		Claims json.RawMessage `json:"claims"`
	}{claims.RawClaims()}, "", "  ")
	if err != nil {
		return configError(stderr, fmt.Errorf("encode introspection answer: %w", err))
	}
	fmt.Fprintf(stdout, "%s\n", out)
	return exitOK
}

// introspectOptions checks the flags of an introspection run and turns them into introspect options.
func (f *verifyFlags) introspectOptions() ([]introspect.Option, error) {
	switch {
	case f.introspect == "":
		return nil, errors.New("--client-id and --client-secret-file need --introspect URL")
	case f.jwks != "" || f.discover != "":
		return nil, errors.New("--introspect excludes --jwks and --discover")
	case len(f.algs) > 0 || f.typ != "":
		return nil, errors.New("--alg and --typ concern JWTs, not --introspect")
	case f.clientID == "":
		return nil, errors.New("--introspect needs --client-id")
	case f.clientSecretFile == "":
		return nil, errors.New("--introspect needs --client-secret-file")
	case len(f.issuers) > 1:
		return nil, errors.New("--introspect takes at most one --issuer")
	case len(f.audiences) == 0:
		return nil, errors.New("--introspect needs --audience")
	case f.timeout <= 0:
		return nil, errors.New("--timeout must be positive")
	}
	// One question, one answer: nothing to cache.
	opts := []introspect.Option{introspect.WithAudience(f.audiences...), introspect.WithLeeway(f.leeway),
		introspect.WithTimeout(f.timeout), introspect.WithCacheTTL(0)}
	if len(f.issuers) == 1 {
		opts = append(opts, introspect.WithIssuer(f.issuers[0]))
	}
	if f.now != "" {
		now, err := time.Parse(time.RFC3339, f.now)
		if err != nil {
			return nil, fmt.Errorf("--now: want an RFC 3339 time such as 2030-01-02T15:04:05Z, got %q", f.now)
		}
		opts = append(opts, introspect.WithClock(func() time.Time { return now }))
	}
	return opts, nil
}
