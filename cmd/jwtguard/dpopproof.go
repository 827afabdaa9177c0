package main

import (
	"crypto"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/jwtguard/jwtguard/dpop"
)

const dpopProofSynopsis = "jwtguard dpop-proof --key FILE --url URL [--method GET] [--token TOKEN|-] [--nonce NONCE]"

const dpopProofHelp = "Usage: " + dpopProofSynopsis + `

Prints a fresh DPoP proof (RFC 9449) for one request: a JWT signed with the private key in FILE,
carrying its public key, the method, the URL without query or fragment, a random jti, iat now and,
with --token, the access token's hash (ath). Every request needs its own proof, so build one per
call, e.g. in curl:

  curl -H "Authorization: DPoP $TOKEN" \
       -H "DPoP: $(jwtguard dpop-proof --key client.pem --url https://api.example.com/orders --token $TOKEN)" \
       https://api.example.com/orders

Flags:
  --key FILE       the client's private key, PEM: PKCS#8 ("PRIVATE KEY") or SEC 1 ("EC PRIVATE KEY");
                   ECDSA P-256/384/521 signs ES256/384/512, RSA PS256, Ed25519 EdDSA
  --url URL        the request URL (htu); a query or fragment is dropped, as RFC 9449 asks
  --method METHOD  the request method (htm), default GET
  --token TOKEN    the access token the proof goes with ("-" reads it from standard input)
  --nonce NONCE    the server's nonce, from its DPoP-Nonce header (RFC 9449 §8)

Exit status: 0 with the proof on standard output; 2 on a usage or key error. The token is never printed.
`

func runDPoPProof(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("dpop-proof", flag.ContinueOnError)
	keyFile := fs.String("key", "", "")
	target := fs.String("url", "", "")
	method := fs.String("method", "GET", "")
	token := fs.String("token", "", "")
	nonce := fs.String("nonce", "", "")
	positional, code, ok := parseFlags(fs, args, dpopProofHelp, stdout, stderr)
	if !ok {
		return code
	}
	switch {
	case len(positional) > 0:
		return usageError(stderr, fmt.Sprintf("unexpected argument %q", positional[0]), dpopProofHelp)
	case *keyFile == "":
		return usageError(stderr, "--key is required", dpopProofHelp)
	case *target == "":
		return usageError(stderr, "--url is required", dpopProofHelp)
	}
	if *token == "-" {
		raw, err := io.ReadAll(io.LimitReader(stdin, 1<<20))
		if err != nil {
			return configError(stderr, fmt.Errorf("read the token: %w", err))
		}
		*token = strings.TrimSpace(string(raw))
	}
	key, err := readPrivateKey(*keyFile)
	if err != nil {
		return configError(stderr, err)
	}
	htu, _, _ := strings.Cut(*target, "#")
	htu, _, _ = strings.Cut(htu, "?")
	var opts []dpop.ProofOption
	if *nonce != "" {
		opts = append(opts, dpop.WithProofNonce(*nonce))
	}
	proof, err := dpop.NewProof(key, strings.ToUpper(*method), htu, *token, opts...)
	if err != nil {
		return configError(stderr, err)
	}
	fmt.Fprintln(stdout, proof)
	return exitOK
}

// readPrivateKey reads a PEM private key a DPoP client signs with.
func readPrivateKey(file string) (crypto.Signer, error) {
	data, err := os.ReadFile(file)
	if err != nil {
		return nil, fmt.Errorf("read the key: %w", err)
	}
	block, _ := pem.Decode(data)
	if block == nil {
		return nil, errors.New("the key file holds no PEM block")
	}
	var key any
	switch block.Type {
	case "PRIVATE KEY":
		key, err = x509.ParsePKCS8PrivateKey(block.Bytes)
	case "EC PRIVATE KEY":
		key, err = x509.ParseECPrivateKey(block.Bytes)
	default:
		return nil, fmt.Errorf("the key file holds a %q block, not a PRIVATE KEY or EC PRIVATE KEY", block.Type)
	}
	if err != nil {
		return nil, fmt.Errorf("parse the key: %w", err)
	}
	signer, ok := key.(crypto.Signer)
	if !ok {
		return nil, errors.New("the key cannot sign")
	}
	return signer, nil
}
