package main

import (
	"fmt"
	"io"
	"strings"
)

// The printed instructions are a contract with the reader: every command, pasted as is into bash or
// zsh in the repository's root, gives the answer its comment promises after "→". TestDemoPastedLines
// runs them to keep it so.

// demoLine is one printed command and the answer it promises: an HTTP status ("200"), a gRPC code
// ("PermissionDenied") or a command's exit status ("exit 1"), then optionally what else to look for.
type demoLine struct {
	what, promise, command string
}

// demoSection is a group of lines under a heading.
type demoSection struct {
	heading string
	lines   []demoLine
}

// demoEndMarker is the last line printed: readers (and the test) know the instructions are complete.
const demoEndMarker = "# Ctrl-C stops the demo."

// printInstructions tells the user what runs where and how to try it. A new part of the demo adds a
// section function to the list here.
func printInstructions(w io.Writer, d *demo, t demoTokens) {
	fmt.Fprintf(w, "jwtguard demo — issuer %s, HTTP API %s, gRPC %s (Ctrl-C to stop)\n\n", d.iss.URL(), d.apiURL, d.grpcAddr)
	fmt.Fprintln(w, "# Paste into bash or zsh, in the repository's root. First the tokens, valid for an hour, and the DPoP client's key file:")
	for _, v := range t.vars() {
		fmt.Fprintf(w, "%s='%s'  # %s\n", v.name, v.value, v.about)
	}
	for _, s := range []demoSection{httpSection(d), grpcSection(d), verifySection(d), dpopSection(d), revocationSection(d)} {
		fmt.Fprintf(w, "\n# %s\n", s.heading)
		for _, l := range s.lines {
			fmt.Fprintf(w, "\n# %s → %s\n%s\n", l.what, l.promise, l.command)
		}
	}
	fmt.Fprintf(w, "\n%s\n", demoEndMarker)
}

// bearer is the curl or grpcurl header argument carrying the token in shell variable name.
func bearer(header, name string) string {
	return fmt.Sprintf(`-H "%s: Bearer $%s"`, header, name)
}

func httpSection(d *demo) demoSection {
	orders := func(what, promise, token string) demoLine {
		return demoLine{what, promise, strings.Join([]string{"curl -i", bearer("Authorization", token), d.apiURL + "/orders"}, " ")}
	}
	return demoSection{"HTTP: GET /orders needs scope " + demoScope + ", GET /me any valid token", []demoLine{
		orders("valid token with scope "+demoScope, "200", tokenVar),
		orders("valid token without scope "+demoScope, "403 insufficient_scope", noScopeVar),
		orders("expired token", "401 invalid_token", expiredVar),
		orders("tampered token", "401 invalid_token", tamperedVar),
		{"no token", "401", "curl -i " + d.apiURL + "/orders"},
		{"who the token says you are", "200", "curl -s " + bearer("Authorization", tokenVar) + " " + d.apiURL + "/me"},
		{"readiness probe (jwks.ReadyHandler): 503 until the issuer's keys are held", "200", "curl -i " + d.apiURL + "/readyz"},
		{"the API's RFC 9728 metadata, naming the issuer", "200", "curl -s " + d.apiURL + "/.well-known/oauth-protected-resource"},
		{"GET /transfers needs a recent multi-factor login (RFC 9470 step-up)", "401 insufficient_user_authentication",
			"curl -i " + bearer("Authorization", tokenVar) + " " + d.apiURL + "/transfers"},
	}}
}

func grpcSection(d *demo) demoSection {
	hello := func(what, promise, token string) demoLine {
		cmd := "grpcurl -plaintext "
		if token != "" {
			cmd += bearer("authorization", token) + " "
		}
		return demoLine{what, promise, cmd + `-d '"demo"' ` + d.grpcAddr + " " + greeterService + "/Hello"}
	}
	return demoSection{"gRPC (grpcurl: go install github.com/fullstorydev/grpcurl/cmd/grpcurl@latest): " +
		greeterMethod + " needs scope " + demoScope + "; server reflection and health checks need no token", []demoLine{
		{"the services, by server reflection", "OK", "grpcurl -plaintext " + d.grpcAddr + " list"},
		hello("valid token with scope "+demoScope, "OK", tokenVar),
		hello("valid token without scope "+demoScope, "PermissionDenied", noScopeVar),
		hello("expired token", "Unauthenticated", expiredVar),
		hello("no token", "Unauthenticated", ""),
		{"health check", "OK", "grpcurl -plaintext " + d.grpcAddr + " grpc.health.v1.Health/Check"},
	}}
}

func verifySection(d *demo) demoSection {
	verify := func(what, promise, token string) demoLine {
		return demoLine{what, promise, fmt.Sprintf(`go run ./cmd/jwtguard verify --jwks %s --issuer %s --audience %s --typ at+jwt "$%s"`,
			d.iss.JWKSURL(), d.iss.URL(), demoAudience, token)}
	}
	return demoSection{"The CLI checks a token exactly as the API does (or: go install ./cmd/jwtguard, then jwtguard verify ...)", []demoLine{
		verify("verified header and claims as JSON", "exit 0", tokenVar),
		verify("why a token is refused", "exit 1, rejected: token_expired", expiredVar),
	}}
}
