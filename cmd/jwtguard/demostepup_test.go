package main

import (
	"strings"
	"testing"
)

// TestDemoOnceDiscoveryAndStepUp checks that --once makes the discovery and step-up requests and
// that each got the answer it expected.
func TestDemoOnceDiscoveryAndStepUp(t *testing.T) {
	r := runInProcess("", "demo", "--once", "--addr", "127.0.0.1:0", "--grpc-addr", "127.0.0.1:0")
	if r.code != 0 {
		t.Fatalf("exit %d\nstdout:\n%s\nstderr:\n%s", r.code, r.stdout, r.stderr)
	}
	for _, row := range []string{
		"http metadata document", "http no token names the metadata",
		"http step-up, no mfa login", "http step-up, fresh mfa token",
	} {
		var line string
		for l := range strings.SplitSeq(r.stdout, "\n") {
			if strings.HasPrefix(l, row+"  ") {
				line = l
			}
		}
		if !strings.HasSuffix(line, " ok") {
			t.Errorf("row %q = %q\n%s", row, line, r.stdout)
		}
	}
	if !strings.Contains(r.stdout, `401 error="insufficient_user_authentication" acr_values="urn:example:mfa" max_age="300"`) {
		t.Errorf("no step-up challenge in the table:\n%s", r.stdout)
	}
}
