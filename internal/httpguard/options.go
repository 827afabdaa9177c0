package httpguard

import (
	"log/slog"
	"net/http"

	"github.com/jwtguard/jwtguard/binding"
	"github.com/jwtguard/jwtguard/internal/bearer"
)

// Extractor finds the token in a request: "" and a nil error when there is none, an error wrapping
// ErrInvalidRequest when it is carried in a malformed way. nethttp, echomw and ginmw take it as it
// is (nethttp.Extractor is this type).
type Extractor func(r *http.Request) (token string, err error)

// Option configures a Guard for an adapter whose per-request context is C. The options every HTTP
// adapter offers are declared here, once; each adapter exports them under its own names.
type Option[C any] func(*settings[C])

// settings are a Guard's options: the one struct they are kept in, which the Guard holds.
type settings[C any] struct {
	extract  Extractor
	onError  func(c C, err error) error
	skip     func(c C) bool
	optional bool
	realm    string
	// resourceMetadata is the RFC 9728 metadata URL of WithResourceMetadata; "" for none.
	resourceMetadata string
	// err is the first invalid option's error; New panics with it.
	err    error
	logger *slog.Logger
	// bindings are the sender-constraint methods the route checks (WithBinding, WithDPoP,
	// WithCertificateBinding); scheme is the one among them with an HTTP scheme of its own (DPoP).
	bindings []binding.Method
	scheme   authScheme
}

// WithExtractor sets where the token is taken from (default FromAuthorizationHeader); nil restores
// the default.
func WithExtractor[C any](e Extractor) Option[C] {
	return func(s *settings[C]) { s.extract = e }
}

// WithErrorHandler replaces the answer to a failed authentication (default: a Writer with the realm
// of WithRealm); what it returns, the adapter returns. nil restores the default.
func WithErrorHandler[C any](h func(c C, err error) error) Option[C] {
	return func(s *settings[C]) { s.onError = h }
}

// WithErrorFunc is WithErrorHandler for a handler that returns nothing, as Gin's do.
func WithErrorFunc[C any](h func(c C, err error)) Option[C] {
	if h == nil {
		return WithErrorHandler[C](nil)
	}
	return WithErrorHandler(func(c C, err error) error { h(c, err); return nil })
}

// WithSkipper lets requests for which skip returns true through untouched; nil skips nothing.
func WithSkipper[C any](skip func(c C) bool) Option[C] {
	return func(s *settings[C]) { s.skip = skip }
}

// WithCredentialsOptional lets a request that carries no token through anonymously; a malformed or
// invalid token is still refused. Route requirements ignore it.
func WithCredentialsOptional[C any]() Option[C] {
	return func(s *settings[C]) { s.optional = true }
}

// WithRealm names the protection space in every WWW-Authenticate challenge (default: no realm).
func WithRealm[C any](realm string) Option[C] {
	return func(s *settings[C]) { s.realm = realm }
}

// WithBinding turns on the sender-constraint method m (package binding): tokens bound by its cnf
// member are admitted when the request proves the binding. A method for a member already on replaces
// it. A nil m is an invalid option. Tokens bound by a member no method on the route checks are
// refused whatever the options (binding.Check).
func WithBinding[C any](m binding.Method) Option[C] {
	return func(s *settings[C]) {
		if m == nil {
			s.fail(errNilBinding)
			return
		}
		s.addBinding(m)
	}
}

// addBinding puts m among the bindings, in place of one for the same cnf member.
func (s *settings[C]) addBinding(m binding.Method) {
	for i, have := range s.bindings {
		if have.Member() == m.Member() {
			s.bindings[i] = m
			return
		}
	}
	s.bindings = append(s.bindings, m)
}

// fail records err as the options' mistake, unless an earlier one was recorded.
func (s *settings[C]) fail(err error) {
	if s.err == nil {
		s.err = err
	}
}

// headerRefusals are the answers to a malformed Authorization header, built once: the error path
// should not cost more than the success path.
var headerRefusals = bearer.NewRefusals("more than one Authorization header", NewRequestError)

// FromAuthorizationHeader is the default Extractor: the Bearer credentials of the Authorization header.
func FromAuthorizationHeader(r *http.Request) (string, error) {
	// Indexing the map with the canonical key avoids the allocation Header.Values would make.
	return headerRefusals.Token(r.Header["Authorization"])
}
