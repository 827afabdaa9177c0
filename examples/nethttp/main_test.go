package main

import (
	"testing"

	"go.uber.org/goleak"

	"github.com/jwtguard/jwtguard/internal/testkit/exampletest"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// TestRun starts the example against a local issuer and checks what it answers.
func TestRun(t *testing.T) { exampletest.CheckHTTP(t, run) }

func TestRunNeedsFlags(t *testing.T) { exampletest.CheckNeedsFlags(t, run) }

func TestRunNeedsIssuerKeys(t *testing.T) {
	exampletest.CheckIssuerUnreachable(t, run, "-audience", "api")
}

func TestRunHelp(t *testing.T) { exampletest.CheckHelp(t, run) }
