package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

const demoSynopsis = "jwtguard demo [--addr 127.0.0.1:8080] [--grpc-addr HOST:PORT] [--once]"

const demoHelp = "Usage: " + demoSynopsis + `

Starts, on loopback, a test OIDC issuer (package issuertest), a net/http API protected by the nethttp
middleware and a gRPC service protected by grpcinterceptor, all trusting the issuer's keys through
jwks and one validator. Then it prints lines to paste into bash or zsh in the repository's root:
freshly minted tokens as shell variables (TOKEN, TOKEN_NO_SCOPE, TOKEN_EXPIRED, TOKEN_TAMPERED,
DPOP_TOKEN, TOKEN_SESSION) and DPOP_KEY_FILE, a temporary file holding the DPoP client's key, then curl, grpcurl
and "go run ./cmd/jwtguard verify" commands, each under a comment naming the answer it gets; the
DPoP lines make each proof with "go run ./cmd/jwtguard dpop-proof". It serves until interrupted
(SIGINT or SIGTERM), then deletes the key file.

With --once it sends the requests itself instead — over HTTP: valid → 200, no token → 401, wrong
scope → 403, expired → 401, tampered → 401; over gRPC: valid → OK, no token, expired or tampered →
Unauthenticated, wrong scope → PermissionDenied, health check without a token → OK; and for discovery
and step-up: metadata document → 200, no token → 401 with resource_metadata, GET /transfers without a
recent multi-factor login → 401 insufficient_user_authentication, with a token the issuer's token
endpoint gives for the challenge's acr_values and max_age → 200; and for revocation: a token of
login session demo-session-1 → 200, an event pushed without credential → 401, the issuer's
session-revoked event → 202, the same token → 401, another token of the same user → 200 — prints a table
of what it expected and got, and exits 0 only if every answer was the expected one (1 otherwise,
2 if it could not start).

The API: GET /orders needs scope orders:read; GET /me needs any valid token; GET /healthz and
GET /readyz (200 while the issuer's keys are held, else 503) need none; GET /transfers needs a
multi-factor login (acr urn:example:mfa) of the last 5 minutes (RFC 9470). Its RFC 9728 metadata,
naming the issuer, is at /.well-known/oauth-protected-resource and every challenge points there.
GET /dpop/orders needs scope orders:read and accepts DPoP (RFC 9449): --once checks a valid proof
→ 200, the DPoP-bound token sent as Bearer → 401 and a replayed proof → 401.
POST /ssf/events is the API's Shared Signals receiver (package ssf, RFC 8935 push, bearer-authenticated):
the issuer pushes CAEP and RISC events there, and a revoked session's or user's tokens are refused from
then on. POST /demo/revoke-session plays the issuer's administrator: the issuer revokes session
demo-session-1 and pushes the session-revoked event.
The gRPC service is ` + greeterMethod + `, which needs scope orders:read: a hand-written
grpc.ServiceDesc whose messages are protobuf's well-known google.protobuf.StringValue, so no code
generation is involved. The token goes in the "authorization" metadata as "Bearer <token>". The
standard grpc.health.v1.Health service and server reflection (which grpcurl uses) run beside it,
unprotected as load balancers and grpcurl need.

Flags:
  --addr HOST:PORT       where the HTTP API listens (default 127.0.0.1:8080; port 0 picks a free one)
  --grpc-addr HOST:PORT  where the gRPC service listens (default: --addr's host, a free port)
  --once                 run the checks, print the table and exit
`

func runDemo(args []string, _ io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("demo", flag.ContinueOnError)
	addr := fs.String("addr", "127.0.0.1:8080", "")
	grpcAddr := fs.String("grpc-addr", "", "")
	once := fs.Bool("once", false, "")
	positional, code, ok := parseFlags(fs, args, demoHelp, stdout, stderr)
	if !ok {
		return code
	}
	if len(positional) > 0 {
		return usageError(stderr, fmt.Sprintf("unexpected argument %q", positional[0]), demoHelp)
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	d, err := startDemo(ctx, *addr, *grpcAddr, stderr)
	if err != nil {
		return configError(stderr, err)
	}
	defer d.close()
	tokens, err := d.mintTokens()
	if err != nil {
		return configError(stderr, err)
	}

	if *once {
		if !runOnce(ctx, d, tokens, stdout) {
			return exitRejected
		}
		return exitOK
	}
	removeKey, err := tokens.dpop.saveKey()
	if err != nil {
		return configError(stderr, err)
	}
	defer removeKey()
	printInstructions(stdout, d, tokens)
	<-ctx.Done()
	fmt.Fprintln(stdout, "jwtguard demo: stopping")
	return exitOK
}
