package mcpauth

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/modelcontextprotocol/go-sdk/mcp"

	"github.com/jwtguard/jwtguard/scopes"
	"github.com/jwtguard/jwtguard/stepup"
)

// DefaultMaxBodySize is how many bytes of a POST body Middleware reads, by default, to find the tools
// called: the SDK's own bound (mcp.DefaultMaxRequestBodyBytes, 4 MiB), so that listing tools never
// refuses a body the SDK would take. If you set StreamableHTTPOptions.MaxRequestBodyBytes, give
// WithMaxBodySize the same value.
const DefaultMaxBodySize = mcp.DefaultMaxRequestBodyBytes

// Option configures Middleware.
type Option func(*config)

// config is what the options set; Middleware checks it once.
type config struct {
	toolScopes  map[string]scopes.Requirement
	toolAuth    map[string]stepup.Requirement
	maxBodySize int64
	errs        []error
}

// WithToolScopes requires, for a tools/call of each tool named in required, that the token meet the
// tool's Requirement; a call that falls short gets 403 insufficient_scope naming that tool's scopes
// only (the MCP specification's SEP-2350). Tools not named need a valid token only. Later calls add
// to, and for the same tool replace, what earlier ones set. An empty tool name, a zero Requirement or
// one that no token can meet makes Middleware panic.
func WithToolScopes(required map[string]scopes.Requirement) Option {
	return func(c *config) {
		for _, name := range slices.Sorted(maps.Keys(required)) {
			req := required[name]
			if err := checkScopes(name, req); err != nil {
				c.errs = append(c.errs, err)
				continue
			}
			if c.toolScopes == nil {
				c.toolScopes = make(map[string]scopes.Requirement, len(required))
			}
			c.toolScopes[name] = req
		}
	}
}

// WithToolAuthentication requires, for a tools/call of each tool named in required, that the login
// behind the token meet the tool's step-up Requirement (RFC 9470): its "acr" one of ACRValues and its
// "auth_time" at most MaxAge ago, each when set. A call that falls short gets 401
// insufficient_user_authentication with acr_values and max_age, so the client can ask the
// authorization server for a fresher login. It is checked after the tool's scopes. Later calls add
// to, and for the same tool replace, what earlier ones set. An empty tool name, a zero Requirement or
// one whose Validate fails makes Middleware panic.
func WithToolAuthentication(required map[string]stepup.Requirement) Option {
	return func(c *config) {
		for _, name := range slices.Sorted(maps.Keys(required)) {
			req := required[name]
			if err := checkStepUp(name, req); err != nil {
				c.errs = append(c.errs, err)
				continue
			}
			if c.toolAuth == nil {
				c.toolAuth = make(map[string]stepup.Requirement, len(required))
			}
			c.toolAuth[name] = req
		}
	}
}

// WithMaxBodySize sets how many bytes of a POST body Middleware reads to find the tools called
// (default DefaultMaxBodySize); a longer body is refused with 413 Request Entity Too Large. It
// matters only when tools are listed. A size that is not positive makes Middleware panic.
func WithMaxBodySize(n int64) Option {
	return func(c *config) {
		if n <= 0 {
			c.errs = append(c.errs, fmt.Errorf("WithMaxBodySize(%d): the size must be positive", n))
			return
		}
		c.maxBodySize = n
	}
}

// checkScopes reports a WithToolScopes entry that protects nothing or that no token can meet.
func checkScopes(tool string, req scopes.Requirement) error {
	if tool == "" {
		return fmt.Errorf("WithToolScopes: empty tool name")
	}
	if req.IsZero() {
		return fmt.Errorf("WithToolScopes %q: the requirement demands no scope", tool)
	}
	// The validator grants RFC 6749 scope-tokens only: a required scope holding a space, a quote or a
	// control character would refuse every token. Such a scope either fails ValidToken below or, split
	// at its space, no longer meets the requirement.
	for _, s := range strings.Split(req.String(), " ") {
		if !scopes.ValidToken(s) {
			return fmt.Errorf("WithToolScopes %q: %q is not an RFC 6749 scope-token", tool, s)
		}
	}
	if req.Check(scopes.Parse(req.String())) != nil {
		return fmt.Errorf("WithToolScopes %q: a required scope is not an RFC 6749 scope-token", tool)
	}
	return nil
}

// checkStepUp reports a WithToolAuthentication entry that demands nothing or cannot be stated in a
// challenge.
func checkStepUp(tool string, req stepup.Requirement) error {
	if tool == "" {
		return fmt.Errorf("WithToolAuthentication: empty tool name")
	}
	if req.IsZero() {
		return fmt.Errorf("WithToolAuthentication %q: the requirement demands nothing", tool)
	}
	if err := req.Validate(); err != nil {
		return fmt.Errorf("WithToolAuthentication %q: %w", tool, err)
	}
	return nil
}
