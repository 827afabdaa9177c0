package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"os"
	"os/exec"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/metadata"
	reflectionpb "google.golang.org/grpc/reflection/grpc_reflection_v1"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protodesc"
	"google.golang.org/protobuf/reflect/protoreflect"
	"google.golang.org/protobuf/types/descriptorpb"
	"google.golang.org/protobuf/types/dynamicpb"
)

// TestDemoPastedLines runs the demo as a user would, reads what it prints, and runs every printed
// command as if pasted into a shell: the token assignments set variables, curl lines are sent with
// net/http, grpcurl lines are parsed with grpcurl's flags and sent with the descriptors server
// reflection gives (as grpcurl does), and verify lines run the built binary, as does each "$(go run
// ./cmd/jwtguard dpop-proof …)" whose output becomes part of its curl line. Each must give the answer
// its comment promises. Then the demo must stop on SIGINT and delete the DPoP key file it printed.
func TestDemoPastedLines(t *testing.T) {
	cmd := exec.Command(binary, "demo", "--addr", "127.0.0.1:0")
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill() // only if the test fails before the interrupt

	printed := readInstructions(t, stdout, &stderr)
	go func() { _, _ = io.Copy(io.Discard, stdout) }()

	env := map[string]string{}
	ran := map[string]int{}
	for _, l := range printed {
		if m := assignment.FindStringSubmatch(l.command); m != nil {
			env[m[1]] = m[2]
			continue
		}
		if l.promise == "" {
			t.Errorf("command without a promised answer: %q", l.command)
			continue
		}
		args, err := shellWords(l.command, env, func(command string) (string, error) {
			ran["$(go"]++
			return substitute(t, command, env)
		})
		if err != nil {
			t.Errorf("%q: %v", l.command, err)
			continue
		}
		ran[args[0]]++
		t.Run(args[0]+" "+l.what, func(t *testing.T) {
			switch args[0] {
			case "curl":
				checkCurl(t, args[1:], l.promise)
			case "grpcurl":
				checkGRPCurl(t, args[1:], l.promise)
			case "go":
				checkGoRun(t, args[1:], l.promise)
			default:
				t.Errorf("unexpected command %q", args[0])
			}
		})
	}
	if len(env) != 7 || ran["curl"] < 12 || ran["grpcurl"] < 6 || ran["go"] < 2 || ran["$(go"] < 2 {
		t.Errorf("ran %v with variables %v: fewer lines than the demo prints", ran, slices.Sorted(mapKeys(env)))
	}

	if err := cmd.Process.Signal(syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	if err := cmd.Wait(); err != nil {
		t.Fatalf("after SIGINT: %v; stderr:\n%s", err, stderr.String())
	}
	if _, err := os.Stat(env[dpopKeyVar]); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("the DPoP key file %q after the demo stopped: %v", env[dpopKeyVar], err)
	}
}

// substitute runs a command substitution's command as bash would and gives its output without the
// trailing newlines. The demo substitutes only go run ./cmd/jwtguard, which must succeed.
func substitute(t *testing.T, command string, env map[string]string) (string, error) {
	args, err := shellWords(command, env, nil)
	if err != nil {
		return "", fmt.Errorf("$(%s): %w", command, err)
	}
	if args, err = jwtguardArgs(args); err != nil {
		return "", err
	}
	r := runBinary(t, "", args...)
	if r.code != 0 {
		return "", fmt.Errorf("$(%s): exit %d: %s", command, r.code, r.firstLine())
	}
	return strings.TrimRight(r.stdout, "\n"), nil
}

func mapKeys(m map[string]string) func(func(string) bool) {
	return func(yield func(string) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}

// pastedLine is a printed command with the comment above it.
type pastedLine struct{ what, promise, command string }

var (
	assignment = regexp.MustCompile(`^([A-Z_]+)='([^']*)'(?:\s+#.*)?$`)
	promised   = regexp.MustCompile(`^# (.*) → (.+)$`)
)

// readInstructions reads the demo's output up to its end marker and pairs each command line with
// the comment just above it.
func readInstructions(t *testing.T, stdout io.Reader, stderr *bytes.Buffer) []pastedLine {
	t.Helper()
	lines := bufio.NewScanner(stdout)
	lines.Buffer(make([]byte, 64<<10), 1<<20)
	var out []pastedLine
	var comment []string
	done := make(chan struct{})
	go func() {
		defer close(done)
		for lines.Scan() {
			line := lines.Text()
			switch {
			case line == demoEndMarker:
				return
			case strings.HasPrefix(line, "#"):
				comment = promised.FindStringSubmatch(line)
			case line == "" || strings.HasPrefix(line, "jwtguard demo"):
			default:
				l := pastedLine{command: line}
				if comment != nil {
					l.what, l.promise = comment[1], comment[2]
				}
				out, comment = append(out, l), nil
			}
		}
	}()
	select {
	case <-done:
	case <-time.After(30 * time.Second):
		t.Fatalf("the demo printed no end marker; stderr:\n%s", stderr.String())
	}
	if len(out) == 0 {
		t.Fatalf("the demo printed no command; stderr:\n%s", stderr.String())
	}
	return out
}

// shellWords splits a command line as bash would for the quoting the demo uses: single quotes
// literal, double quotes with $NAME and $(command) expanded (the command's output is what substitute
// returns for it), bare words with $NAME expanded.
func shellWords(line string, env map[string]string, substitute func(command string) (string, error)) ([]string, error) {
	var words []string
	var word strings.Builder
	inWord := false
	expand := func(s string, i int, quoted bool) (int, error) {
		if strings.HasPrefix(s[i:], "$(") {
			end, err := substitutionEnd(s, i+1)
			switch {
			case err != nil:
				return 0, err
			case !quoted || substitute == nil:
				return 0, errors.New("$(…) outside double quotes or nested")
			}
			out, err := substitute(s[i+2 : end])
			word.WriteString(out)
			return end + 1, err
		}
		j := i + 1
		for j < len(s) && (s[j] == '_' || s[j] >= 'A' && s[j] <= 'Z' || s[j] >= 'a' && s[j] <= 'z' || s[j] >= '0' && s[j] <= '9') {
			j++
		}
		v, ok := env[s[i+1:j]]
		if !ok {
			return 0, fmt.Errorf("$%s is not set by a printed line", s[i+1:j])
		}
		word.WriteString(v)
		return j, nil
	}
	for i := 0; i < len(line); {
		switch c := line[i]; {
		case c == ' ':
			if inWord {
				words, inWord = append(words, word.String()), false
				word.Reset()
			}
			i++
		case c == '\'':
			end := strings.IndexByte(line[i+1:], '\'')
			if end < 0 {
				return nil, errors.New("unterminated single quote")
			}
			word.WriteString(line[i+1 : i+1+end])
			i, inWord = i+end+2, true
		case c == '"':
			i, inWord = i+1, true
			for i < len(line) && line[i] != '"' {
				if strings.ContainsRune("\\`!", rune(line[i])) {
					return nil, fmt.Errorf("%q inside double quotes", line[i])
				}
				if line[i] == '$' {
					var err error
					if i, err = expand(line, i, true); err != nil {
						return nil, err
					}
					continue
				}
				word.WriteByte(line[i])
				i++
			}
			if i == len(line) {
				return nil, errors.New("unterminated double quote")
			}
			i++
		case c == '$':
			var err error
			if i, err = expand(line, i, false); err != nil {
				return nil, err
			}
			inWord = true
		case strings.IndexByte("\\`;&|<>(){}*?[]~#", c) >= 0:
			return nil, fmt.Errorf("shell metacharacter %q outside quotes", c)
		default:
			word.WriteByte(c)
			i, inWord = i+1, true
		}
	}
	if inWord {
		words = append(words, word.String())
	}
	if len(words) == 0 {
		return nil, errors.New("empty command")
	}
	return words, nil
}

// substitutionEnd returns the index of the ")" closing the "(" at open, skipping quoted text as
// bash does inside $(…).
func substitutionEnd(s string, open int) (int, error) {
	depth := 0
	for i := open; i < len(s); i++ {
		switch s[i] {
		case '\'', '"':
			end := strings.IndexByte(s[i+1:], s[i])
			if end < 0 {
				return 0, errors.New("unterminated quote inside $(…)")
			}
			i += end + 1
		case '(':
			depth++
		case ')':
			if depth--; depth == 0 {
				return i, nil
			}
		}
	}
	return 0, errors.New("unterminated $(")
}

// headers is a repeatable -H flag.
type headers []string

func (h *headers) String() string     { return strings.Join(*h, ", ") }
func (h *headers) Set(v string) error { *h = append(*h, v); return nil }

// checkCurl sends the requests curl would for the flags the demo prints (-i, -s, -X, -H): one per
// URL, in order, each with the same headers. The promise names each answer, the later ones after
// ", then ": a status and optionally the error its WWW-Authenticate challenge names.
func checkCurl(t *testing.T, args []string, promise string) {
	fs := flag.NewFlagSet("curl", flag.ContinueOnError)
	fs.Bool("i", false, "include headers")
	fs.Bool("s", false, "silent")
	method := fs.String("X", http.MethodGet, "method")
	var hs headers
	fs.Var(&hs, "H", "header")
	promises := strings.Split(promise, ", then ")
	if err := fs.Parse(args); err != nil || fs.NArg() != len(promises) {
		t.Fatalf("curl %q: %v, %d URLs for %d answers", args, err, fs.NArg(), len(promises))
	}
	for i, url := range fs.Args() {
		checkRequest(t, *method, url, hs, promises[i])
	}
}

// checkRequest sends one request and compares the status with the promise's first word and the
// error its challenges name with the rest.
func checkRequest(t *testing.T, method, url string, hs headers, promise string) {
	req, err := http.NewRequestWithContext(t.Context(), method, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, h := range hs {
		name, value, ok := strings.Cut(h, ":")
		if !ok {
			t.Fatalf("header %q has no colon", h)
		}
		req.Header.Add(name, strings.TrimSpace(value))
	}
	resp, err := (&http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{}}).Do(req)
	if err != nil {
		t.Fatal(err)
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	_ = resp.Body.Close()
	wantStatus, wantError, _ := strings.Cut(promise, " ")
	if got := strconv.Itoa(resp.StatusCode); got != wantStatus {
		t.Errorf("%s %s: status %s, promised %s", method, url, got, promise)
	}
	challenges := resp.Header.Values("WWW-Authenticate")
	if wantError != "" && !slices.ContainsFunc(challenges, func(c string) bool { return strings.Contains(c, `error="`+wantError+`"`) }) {
		t.Errorf("%s %s: WWW-Authenticate %q, promised %s", method, url, challenges, promise)
	}
}

// checkGRPCurl parses args with grpcurl's flags and positional order (flags, then address, then
// "list" or service/method) and does what grpcurl would: ask server reflection, then call.
func checkGRPCurl(t *testing.T, args []string, promise string) {
	fs := flag.NewFlagSet("grpcurl", flag.ContinueOnError)
	plaintext := fs.Bool("plaintext", false, "no TLS")
	data := fs.String("d", "", "request as JSON")
	var hs headers
	fs.Var(&hs, "H", "header")
	if err := fs.Parse(args); err != nil || fs.NArg() != 2 {
		t.Fatalf("grpcurl %q: %v; want flags, then address and symbol", args, err)
	}
	if !*plaintext {
		t.Fatal("the demo serves plaintext: grpcurl needs -plaintext")
	}
	conn, err := dialDemo(fs.Arg(0))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
	defer cancel()
	for _, h := range hs {
		name, value, ok := strings.Cut(h, ":")
		if !ok {
			t.Fatalf("header %q has no colon", h)
		}
		ctx = metadata.AppendToOutgoingContext(ctx, strings.ToLower(name), strings.TrimSpace(value))
	}
	refl, err := reflectionpb.NewServerReflectionClient(conn).ServerReflectionInfo(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer refl.CloseSend()

	symbol := fs.Arg(1)
	if symbol == "list" {
		resp := reflect(t, refl, &reflectionpb.ServerReflectionRequest{MessageRequest: &reflectionpb.ServerReflectionRequest_ListServices{}})
		var names []string
		for _, s := range resp.GetListServicesResponse().GetService() {
			names = append(names, s.GetName())
		}
		if !slices.Contains(names, greeterService) || promise != "OK" {
			t.Errorf("reflection lists %v, promised %s", names, promise)
		}
		return
	}
	service, method, ok := strings.Cut(symbol, "/")
	if !ok {
		t.Fatalf("symbol %q is not service/method", symbol)
	}
	md := methodByReflection(t, refl, service, method)
	in, out := dynamicpb.NewMessage(md.Input()), dynamicpb.NewMessage(md.Output())
	if *data != "" {
		if err := protojson.Unmarshal([]byte(*data), in); err != nil {
			t.Fatalf("-d %s: %v", *data, err)
		}
	}
	err = conn.Invoke(ctx, "/"+service+"/"+method, in, out)
	if got := status.Code(err).String(); got != promise {
		t.Errorf("%s: %s (%v), promised %s", symbol, got, err, promise)
	}
}

func reflect(t *testing.T, refl grpc.BidiStreamingClient[reflectionpb.ServerReflectionRequest, reflectionpb.ServerReflectionResponse], req *reflectionpb.ServerReflectionRequest) *reflectionpb.ServerReflectionResponse {
	t.Helper()
	if err := refl.Send(req); err != nil {
		t.Fatal(err)
	}
	resp, err := refl.Recv()
	if err != nil {
		t.Fatal(err)
	}
	if e := resp.GetErrorResponse(); e != nil {
		t.Fatalf("reflection: %s", e.GetErrorMessage())
	}
	return resp
}

// methodByReflection resolves service's method from the file descriptors reflection returns.
func methodByReflection(t *testing.T, refl grpc.BidiStreamingClient[reflectionpb.ServerReflectionRequest, reflectionpb.ServerReflectionResponse], service, method string) protoreflect.MethodDescriptor {
	t.Helper()
	resp := reflect(t, refl, &reflectionpb.ServerReflectionRequest{
		MessageRequest: &reflectionpb.ServerReflectionRequest_FileContainingSymbol{FileContainingSymbol: service},
	})
	set := &descriptorpb.FileDescriptorSet{}
	for _, raw := range resp.GetFileDescriptorResponse().GetFileDescriptorProto() {
		fd := &descriptorpb.FileDescriptorProto{}
		if err := proto.Unmarshal(raw, fd); err != nil {
			t.Fatal(err)
		}
		set.File = append(set.File, fd)
	}
	files, err := protodesc.NewFiles(set)
	if err != nil {
		t.Fatalf("descriptors from reflection: %v", err)
	}
	d, err := files.FindDescriptorByName(protoreflect.FullName(service))
	if err != nil {
		t.Fatalf("reflection does not describe %s: %v", service, err)
	}
	md := d.(protoreflect.ServiceDescriptor).Methods().ByName(protoreflect.Name(method))
	if md == nil {
		t.Fatalf("%s has no method %s", service, method)
	}
	return md
}

// checkGoRun runs "go run ./cmd/jwtguard ARGS" as the built binary and compares the exit status
// and, for a refusal, stderr's first line with the promise ("exit 1, rejected: token_expired").
func checkGoRun(t *testing.T, args []string, promise string) {
	args, err := jwtguardArgs(append([]string{"go"}, args...))
	if err != nil {
		t.Fatal(err)
	}
	r := runBinary(t, "", args...)
	wantExit, wantFirst, _ := strings.Cut(promise, ", ")
	if got := fmt.Sprintf("exit %d", r.code); got != wantExit {
		t.Errorf("%s, promised %s; stderr:\n%s", got, promise, r.stderr)
	}
	if wantFirst != "" && !strings.HasPrefix(r.firstLine(), wantFirst) {
		t.Errorf("stderr's first line %q, promised %s", r.firstLine(), promise)
	}
	if r.code == 0 && !strings.Contains(r.stdout, `"sub"`) {
		t.Errorf("no claims on stdout:\n%s", r.stdout)
	}
}

// jwtguardArgs returns the arguments "go run ./cmd/jwtguard ARGS" gives the command, which the tests
// run as the built binary.
func jwtguardArgs(words []string) ([]string, error) {
	if len(words) < 3 || words[0] != "go" || words[1] != "run" || words[2] != "./cmd/jwtguard" {
		return nil, fmt.Errorf("%q: want go run ./cmd/jwtguard", words)
	}
	return words[3:], nil
}
