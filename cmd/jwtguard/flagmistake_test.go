package main

import (
	"bytes"
	"strings"
	"testing"
)

// TestTokenBeginningWithDashIsNotPrinted: an opaque token may begin with "-", which the flag package
// takes for an unknown flag; the usage error must not quote it, and after "--" it is the token.
func TestTokenBeginningWithDashIsNotPrinted(t *testing.T) {
	token := "-Z93WXGwFczaRmLV46kcTU2CZxy2tYKaMWGhFXbDYrf"
	var stdout, stderr bytes.Buffer
	code := run([]string{"verify", "--jwks", "testdata/none.json", "--issuer", "i", "--audience", "a", token},
		strings.NewReader(""), &stdout, &stderr)
	if code != exitError || strings.Contains(stderr.String(), token[1:]) {
		t.Fatalf("exit %d, stderr %q: want exit 2 without the token", code, stderr.String())
	}
	if !strings.Contains(stderr.String(), "after --") {
		t.Errorf("stderr %q does not say how to pass such a token", stderr.String())
	}
	// A short unknown flag is still named, so a typo is easy to see.
	stderr.Reset()
	if code := run([]string{"verify", "--isuer", "i"}, strings.NewReader(""), &stdout, &stderr); code != exitError ||
		!strings.Contains(stderr.String(), "-isuer") {
		t.Errorf("exit %d, stderr %q: want the mistyped flag named", code, stderr.String())
	}
}
