//go:build interop

package interop_test

import (
	"bufio"
	"bytes"
	"context"
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/MicahParks/jwkset"

	"github.com/jwtguard/jwtguard/jwks"
)

// The client and resource server the provider is started with (see provider.mjs).
const (
	clientID     = "interop-client"
	clientSecret = "interop-secret-0123456789abcdef"
	audience     = "https://api.example.test"
	otherAPI     = "https://other.example.test"
	scopeRead    = "orders:read"
	scopeWrite   = "orders:write"
)

// algs are the signing algorithms proven against the provider, with the resource path that selects
// each (resource indicator https://api.example.test/<path>).
var algs = []struct {
	alg, path string
}{
	{"RS256", "rs256"},
	{"PS256", "ps256"},
	{"ES256", "es256"},
	{"EdDSA", "eddsa"},
}

// signingKey is one private key in the provider's JWKS file.
type signingKey struct {
	alg string
	kid string
	key crypto.Signer
}

// newKeys generates one fresh private key per algorithm; generation names the kids (rs256-<generation>).
func newKeys(t *testing.T, generation string) []signingKey {
	t.Helper()
	keys := make([]signingKey, 0, len(algs))
	for _, a := range algs {
		var (
			k   crypto.Signer
			err error
		)
		switch a.alg {
		case "RS256", "PS256":
			k, err = rsa.GenerateKey(rand.Reader, 2048)
		case "ES256":
			k, err = ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
		case "EdDSA":
			_, k, err = ed25519.GenerateKey(rand.Reader)
		}
		if err != nil {
			t.Fatalf("generate %s key: %v", a.alg, err)
		}
		keys = append(keys, signingKey{alg: a.alg, kid: a.path + "-" + generation, key: k})
	}
	return keys
}

// writeJWKS writes keys, private parts included, as the JWK Set file the provider loads. The provider
// signs with the first key that fits an algorithm, so the order of keys decides which one is current.
func writeJWKS(t *testing.T, path string, keys ...[]signingKey) {
	t.Helper()
	var set jwkset.JWKSMarshal
	for _, group := range keys {
		for _, k := range group {
			jwk, err := jwkset.NewJWKFromKey(k.key, jwkset.JWKOptions{
				Marshal:  jwkset.JWKMarshalOptions{Private: true},
				Metadata: jwkset.JWKMetadataOptions{ALG: jwkset.ALG(k.alg), KID: k.kid, USE: jwkset.UseSig},
			})
			if err != nil {
				t.Fatalf("JWK for %s: %v", k.kid, err)
			}
			set.Keys = append(set.Keys, jwk.Marshal())
		}
	}
	data, err := json.MarshalIndent(set, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
}

// provider is a running oidc-provider (node provider.mjs).
type provider struct {
	t      *testing.T
	issuer string
	port   int
	cmd    *exec.Cmd
	stdin  io.WriteCloser
	stderr *syncBuffer
	done   chan struct{}
	once   sync.Once
}

// startProvider starts node provider.mjs on 127.0.0.1:port (0 = a free port) with the given JWKS file
// and extra flags, and waits until its discovery document answers. The provider is stopped when the
// test ends.
func startProvider(t *testing.T, jwksFile string, port int, extra ...string) *provider {
	t.Helper()
	node, err := exec.LookPath("node")
	if err != nil {
		t.Fatalf("node is not installed: run interop/run.sh, which installs it and the npm dependencies")
	}
	if _, err := os.Stat(filepath.Join("node_modules", "oidc-provider")); err != nil {
		t.Fatalf("oidc-provider is not installed: run `npm ci` in interop/ (interop/run.sh does): %v", err)
	}

	p := &provider{t: t, stderr: &syncBuffer{}, done: make(chan struct{})}
	args := []string{"provider.mjs",
		"--jwks", jwksFile,
		"--port", strconv.Itoa(port),
		"--short-ttl", "1",
		"--client-id", clientID,
		"--client-secret", clientSecret,
		"--exit-with-stdin", // if this test binary dies, the provider follows it
	}
	p.cmd = exec.Command(node, append(args, extra...)...)
	// Own process group, so that stopping it reaches anything node may have started.
	p.cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	p.cmd.Stderr = p.stderr
	stdout, err := p.cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if p.stdin, err = p.cmd.StdinPipe(); err != nil {
		t.Fatal(err)
	}
	if err := p.cmd.Start(); err != nil {
		t.Fatalf("start provider: %v", err)
	}
	go func() { _ = p.cmd.Wait(); close(p.done) }()
	t.Cleanup(p.stop)

	// The first stdout line is {"issuer": ..., "port": ...}.
	type hello struct {
		Issuer string   `json:"issuer"`
		Port   int      `json:"port"`
		Kids   []string `json:"kids"`
	}
	lines := make(chan hello, 1)
	go func() {
		sc := bufio.NewScanner(stdout)
		if sc.Scan() {
			var h hello
			if json.Unmarshal(sc.Bytes(), &h) == nil {
				lines <- h
			}
		}
		_, _ = io.Copy(io.Discard, stdout)
	}()
	select {
	case h := <-lines:
		p.issuer, p.port = h.Issuer, h.Port
	case <-p.done:
		t.Fatalf("provider exited before it was ready: %v\n%s", p.cmd.ProcessState, p.stderr)
	case <-time.After(30 * time.Second):
		t.Fatalf("provider printed no issuer within 30s\n%s", p.stderr)
	}
	if port != 0 && p.port != port {
		t.Fatalf("provider listens on %d, asked for %d", p.port, port)
	}
	p.waitForDiscovery()
	t.Logf("provider (pid %d) at %s with kids %s", p.cmd.Process.Pid, p.issuer, strings.Join(kidsOf(jwksFile), ", "))
	return p
}

func kidsOf(jwksFile string) []string {
	var set struct {
		Keys []struct {
			Kid string `json:"kid"`
		} `json:"keys"`
	}
	data, _ := os.ReadFile(jwksFile)
	_ = json.Unmarshal(data, &set)
	kids := make([]string, 0, len(set.Keys))
	for _, k := range set.Keys {
		kids = append(kids, k.Kid)
	}
	return kids
}

// waitForDiscovery polls the discovery document until it names the issuer.
func (p *provider) waitForDiscovery() {
	p.t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for {
		var doc struct {
			Issuer string `json:"issuer"`
		}
		resp, err := http.Get(p.issuer + "/.well-known/openid-configuration")
		if err == nil {
			err = json.NewDecoder(resp.Body).Decode(&doc)
			resp.Body.Close()
			if err == nil && resp.StatusCode == http.StatusOK && doc.Issuer == p.issuer {
				return
			}
		}
		if time.Now().After(deadline) {
			p.t.Fatalf("discovery at %s not ready: %v (issuer %q)\n%s", p.issuer, err, doc.Issuer, p.stderr)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// stop ends the provider's process group: SIGTERM, then SIGKILL if it lingers. Safe to call twice.
func (p *provider) stop() {
	p.once.Do(func() {
		pgid := p.cmd.Process.Pid
		_ = syscall.Kill(-pgid, syscall.SIGTERM)
		select {
		case <-p.done:
		case <-time.After(5 * time.Second):
			_ = syscall.Kill(-pgid, syscall.SIGKILL)
			<-p.done
		}
		_ = p.stdin.Close()
		if p.t.Failed() {
			p.t.Logf("provider stderr:\n%s", p.stderr)
		}
	})
}

// tokenResponse is the token endpoint's answer.
type tokenResponse struct {
	AccessToken string `json:"access_token"`
	TokenType   string `json:"token_type"`
	ExpiresIn   int    `json:"expires_in"`
	Scope       string `json:"scope"`
	Error       string `json:"error"`
	Description string `json:"error_description"`
}

// postAsClient posts form to the provider's endpoint at path, authenticated as the client (Basic).
func (p *provider) postAsClient(t *testing.T, path string, form url.Values) *http.Response {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, p.issuer+path, strings.NewReader(form.Encode()))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.SetBasicAuth(url.QueryEscape(clientID), url.QueryEscape(clientSecret))
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return resp
}

// mint asks the token endpoint for an access token with the client_credentials grant for resource.
func (p *provider) mint(t *testing.T, resource string, scope ...string) tokenResponse {
	t.Helper()
	form := url.Values{"grant_type": {"client_credentials"}, "resource": {resource}}
	if len(scope) > 0 {
		form.Set("scope", strings.Join(scope, " "))
	}
	resp := p.postAsClient(t, "/token", form)
	defer resp.Body.Close()
	var tr tokenResponse
	if err := json.NewDecoder(resp.Body).Decode(&tr); err != nil {
		t.Fatalf("token endpoint answer: %v", err)
	}
	if resp.StatusCode != http.StatusOK || tr.AccessToken == "" {
		t.Fatalf("token endpoint answered %d %s: %s\n%s", resp.StatusCode, tr.Error, tr.Description, p.stderr)
	}
	return tr
}

// jose is a token's decoded header and payload, read without verification, for assertions only.
type jose struct {
	Header map[string]any
	Claims map[string]any
}

func decodeUnverified(t *testing.T, token string) jose {
	t.Helper()
	parts := strings.Split(token, ".")
	if len(parts) != 3 {
		t.Fatalf("not a compact JWS: %d parts", len(parts))
	}
	var j jose
	for i, dst := range []*map[string]any{&j.Header, &j.Claims} {
		raw, err := base64.RawURLEncoding.DecodeString(parts[i])
		if err != nil {
			t.Fatalf("part %d: %v", i, err)
		}
		if err := json.Unmarshal(raw, dst); err != nil {
			t.Fatalf("part %d: %v", i, err)
		}
	}
	return j
}

// countingTransport counts the requests made through it, by URL path.
type countingTransport struct {
	base http.RoundTripper
	mu   sync.Mutex
	hits map[string]int
}

func newCountingTransport() *countingTransport {
	return &countingTransport{base: http.DefaultTransport.(*http.Transport).Clone(), hits: map[string]int{}}
}

func (c *countingTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	c.mu.Lock()
	c.hits[r.URL.Path]++
	c.mu.Unlock()
	return c.base.RoundTrip(r)
}

func (c *countingTransport) count(path string) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.hits[path]
}

func (c *countingTransport) String() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return fmt.Sprint(c.hits)
}

// syncBuffer is a bytes.Buffer safe for one writer and concurrent readers.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// ctxT returns a context that ends with the test (or after d).
func ctxT(t *testing.T, d time.Duration) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), d)
	t.Cleanup(cancel)
	return ctx
}

func b64(b []byte) string { return base64.RawURLEncoding.EncodeToString(b) }

func mustB64(t *testing.T, s string) []byte {
	t.Helper()
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func b64JSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b64(b)
}

// jwksLogger sends a Set's log lines to a buffer that is shown only if the test fails, so that the
// failures the tests provoke on purpose do not clutter the output.
func jwksLogger(t *testing.T) jwks.Option {
	buf := &syncBuffer{}
	t.Cleanup(func() {
		if t.Failed() && buf.String() != "" {
			t.Logf("jwks log:\n%s", buf)
		}
	})
	return jwks.WithLogger(slog.New(slog.NewTextHandler(buf, nil)))
}
