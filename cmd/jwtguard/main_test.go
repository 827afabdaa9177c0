package main

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"go.uber.org/goleak"
)

// binary is the jwtguard command built once for the package's tests: the contract (exit status,
// stderr's first line) is about the program a script runs, so that is what the tests run.
var binary string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "jwtguard-test-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	binary = filepath.Join(dir, "jwtguard")
	build := exec.Command("go", "build", "-o", binary, ".")
	build.Stdout, build.Stderr = os.Stderr, os.Stderr
	code := 1
	if err := build.Run(); err != nil {
		fmt.Fprintf(os.Stderr, "build jwtguard: %v\n", err)
	} else {
		code = m.Run()
		if code == 0 {
			if err := goleak.Find(); err != nil {
				fmt.Fprintf(os.Stderr, "goleak: %v\n", err)
				code = 1
			}
		}
	}
	os.RemoveAll(dir)
	os.Exit(code)
}

// result is what one run of the binary produced.
type result struct {
	code           int
	stdout, stderr string
}

// firstLine is the line of stderr that scripts may rely on.
func (r result) firstLine() string {
	line, _, _ := strings.Cut(r.stderr, "\n")
	return line
}

// runBinary runs the built command with args and stdin and returns what it did.
func runBinary(t *testing.T, stdin string, args ...string) result {
	t.Helper()
	cmd := exec.Command(binary, args...)
	cmd.Stdin = strings.NewReader(stdin)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	code := 0
	if exit, ok := err.(*exec.ExitError); ok {
		code = exit.ExitCode()
	} else if err != nil {
		t.Fatalf("run jwtguard: %v", err)
	}
	return result{code, stdout.String(), stderr.String()}
}

// runInProcess drives run directly, for paths that need no network.
func runInProcess(stdin string, args ...string) result {
	var stdout, stderr bytes.Buffer
	code := run(args, io.Reader(strings.NewReader(stdin)), &stdout, &stderr)
	return result{code, stdout.String(), stderr.String()}
}
