package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
)

// Exit statuses: part of the command's contract (see the package documentation).
const (
	exitOK       = 0
	exitRejected = 1
	exitError    = 2
)

const usage = `jwtguard debugs OAuth 2.0 / OIDC bearer tokens and demonstrates the jwtguard kit.

Usage:
  jwtguard verify (--jwks URL|FILE | --discover ISSUER_URL) --issuer ISS --audience AUD [flags] TOKEN|-
  jwtguard demo [--addr 127.0.0.1:8080] [--once]
  jwtguard dpop-proof --key FILE --url URL [--method GET] [--token TOKEN|-] [--nonce NONCE]
  jwtguard help [COMMAND]

Exit status: 0 success; 1 token rejected (verify) or an unexpected answer (demo --once);
2 usage or configuration error, or no keys to be had. The first line on stderr says which:
"rejected: <reason>: <description>" or "error: usage|config|keys_unavailable: <message>".
Run "jwtguard COMMAND --help" for a command's flags.
`

// command is one subcommand: its runner and the one-line synopsis shown in its help.
type command struct {
	run      func(args []string, stdin io.Reader, stdout, stderr io.Writer) int
	synopsis string
}

var commands = map[string]command{
	"verify":     {runVerify, verifySynopsis},
	"demo":       {runDemo, demoSynopsis},
	"dpop-proof": {runDPoPProof, dpopProofSynopsis},
}

// run is the whole program apart from os.Exit, so tests can drive it.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		return usageError(stderr, "no command given", usage)
	}
	switch name := args[0]; name {
	case "help", "-h", "-help", "--help":
		if len(args) > 1 {
			if cmd, ok := commands[args[1]]; ok {
				return cmd.run([]string{"--help"}, stdin, stdout, stderr)
			}
			return usageError(stderr, fmt.Sprintf("unknown command %q", args[1]), usage)
		}
		fmt.Fprint(stdout, usage)
		return exitOK
	default:
		cmd, ok := commands[name]
		if !ok {
			return usageError(stderr, fmt.Sprintf("unknown command %q", name), usage)
		}
		return cmd.run(args[1:], stdin, stdout, stderr)
	}
}

// usageError reports a usage mistake, then the help that shows how to do it right.
func usageError(stderr io.Writer, msg, help string) int {
	fmt.Fprintf(stderr, "error: usage: %s\n\n%s", msg, help)
	return exitError
}

// configError reports a configuration the command cannot work with.
func configError(stderr io.Writer, err error) int {
	fmt.Fprintf(stderr, "error: config: %v\n", err)
	return exitError
}

// maxFlagName is the longest undefined flag name a usage error quotes: anything longer is an argument,
// such as an opaque token that begins with "-", and a token is never printed.
const maxFlagName = 24

// flagMistake describes a flag error of the flag package without quoting a long argument taken for a
// flag.
func flagMistake(err error) string {
	msg := err.Error()
	if name, ok := strings.CutPrefix(msg, "flag provided but not defined: "); ok && len(name) > maxFlagName {
		return fmt.Sprintf("an argument of %d bytes begins with \"-\" and is no flag: put a token that begins "+
			"with \"-\" after --, or give - and the token on standard input", len(name))
	}
	return msg
}

// parseFlags parses a command's flags, allowing them before and after positional arguments (a
// token pasted first is common) while "--" still ends the flags. It answers help requests on
// stdout with exit 0 and flag mistakes on stderr with exit 2; ok is false when the caller must
// return code.
func parseFlags(fs *flag.FlagSet, args []string, help string, stdout, stderr io.Writer) (positional []string, code int, ok bool) {
	fs.SetOutput(io.Discard) // errors are reported in the contract's format below
	for {
		err := fs.Parse(args)
		if errors.Is(err, flag.ErrHelp) {
			fmt.Fprint(stdout, help)
			return nil, exitOK, false
		}
		if err != nil {
			return nil, usageError(stderr, flagMistake(err), help), false
		}
		rest := fs.Args()
		if len(rest) == 0 {
			return positional, exitOK, true
		}
		if consumed := len(args) - len(rest); consumed > 0 && args[consumed-1] == "--" {
			return append(positional, rest...), exitOK, true
		}
		positional = append(positional, rest[0])
		args = rest[1:]
	}
}
