package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
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
// reflection gives (as grpcurl does), and verify lines run the built binary. Each must give the
// answer its comment promises. Then the demo must stop on SIGINT.
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
		args, err := shellWords(l.command, env)
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
	if len(env) != 4 || ran["curl"] < 9 || ran["grpcurl"] < 6 || ran["go"] < 2 {
		t.Errorf("ran %v with variables %v: fewer lines than the demo prints", ran, slices.Sorted(mapKeys(env)))
	}

	if err := cmd.Process.Signal(syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	if err := cmd.Wait(); err != nil {
		t.Fatalf("after SIGINT: %v; stderr:\n%s", err, stderr.String())
	}
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
// literal, double quotes with $NAME expanded, bare words with $NAME expanded.
func shellWords(line string, env map[string]string) ([]string, error) {
	var words []string
	var word strings.Builder
	inWord := false
	expand := func(s string, i int) (int, error) {
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
					if i, err = expand(line, i); err != nil {
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
			if i, err = expand(line, i); err != nil {
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

// headers is a repeatable -H flag.
type headers []string

func (h *headers) String() string     { return strings.Join(*h, ", ") }
func (h *headers) Set(v string) error { *h = append(*h, v); return nil }

// checkCurl sends the request curl would for the flags the demo prints (-i, -s, -X, -H) and compares
// the status with the promise's first word.
func checkCurl(t *testing.T, args []string, promise string) {
	fs := flag.NewFlagSet("curl", flag.ContinueOnError)
	fs.Bool("i", false, "include headers")
	fs.Bool("s", false, "silent")
	method := fs.String("X", http.MethodGet, "method")
	var hs headers
	fs.Var(&hs, "H", "header")
	if err := fs.Parse(args); err != nil || fs.NArg() != 1 {
		t.Fatalf("curl %q: %v, %d URLs", args, err, fs.NArg())
	}
	req, err := http.NewRequestWithContext(t.Context(), *method, fs.Arg(0), nil)
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
		t.Errorf("status %s, promised %s", got, promise)
	}
	if wantError != "" && !strings.Contains(resp.Header.Get("WWW-Authenticate"), `error="`+wantError+`"`) {
		t.Errorf("WWW-Authenticate %q, promised %s", resp.Header.Get("WWW-Authenticate"), promise)
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
	if len(args) < 2 || args[0] != "run" || args[1] != "./cmd/jwtguard" {
		t.Fatalf("go %q: want go run ./cmd/jwtguard", args)
	}
	r := runBinary(t, "", args[2:]...)
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
