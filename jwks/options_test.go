package jwks

import (
	"context"
	"errors"
	"testing"
	"time"
)

func TestOptionsValidation(t *testing.T) {
	tests := []struct {
		name string
		opts []Option
		ok   bool
	}{
		{"defaults", nil, true},
		{"small test values", []Option{WithRefreshInterval(time.Millisecond), WithMinRefreshInterval(time.Millisecond),
			WithUnknownKIDGap(time.Millisecond), WithUnknownKIDWait(time.Millisecond), WithHTTPTimeout(time.Millisecond),
			WithRetryBackoff(time.Millisecond)}, true},
		{"min equals interval", []Option{WithRefreshInterval(time.Minute), WithMinRefreshInterval(time.Minute)}, true},
		{"insecure http", []Option{WithInsecureHTTP()}, true},
		{"zero refresh interval", []Option{WithRefreshInterval(0)}, false},
		{"negative refresh interval", []Option{WithRefreshInterval(-time.Second)}, false},
		{"zero min interval", []Option{WithMinRefreshInterval(0)}, false},
		{"min above interval", []Option{WithRefreshInterval(time.Minute), WithMinRefreshInterval(2 * time.Minute)}, false},
		{"default min yields to a short interval", []Option{WithRefreshInterval(time.Second)}, true},
		{"zero gap", []Option{WithUnknownKIDGap(0)}, false},
		{"zero wait", []Option{WithUnknownKIDWait(0)}, false},
		{"negative HTTP timeout", []Option{WithHTTPTimeout(-1)}, false},
		{"zero backoff", []Option{WithRetryBackoff(0)}, false},
		{"nil client", []Option{WithHTTPClient(nil)}, false},
		{"nil logger", []Option{WithLogger(nil)}, false},
		{"nil option", []Option{nil}, false},
		{"empty set revokes", []Option{WithEmptySetRevokes()}, true},
		{"lifetime above interval", []Option{WithRefreshInterval(time.Minute), WithLastKnownGoodLifetime(5 * time.Minute)}, true},
		{"lifetime given before interval", []Option{WithLastKnownGoodLifetime(5 * time.Minute), WithRefreshInterval(time.Minute)}, true},
		{"zero lifetime", []Option{WithLastKnownGoodLifetime(0)}, false},
		{"negative lifetime", []Option{WithLastKnownGoodLifetime(-time.Hour)}, false},
		{"lifetime below the default interval", []Option{WithLastKnownGoodLifetime(30 * time.Minute)}, false},
		{"lifetime equal to interval", []Option{WithRefreshInterval(time.Minute), WithLastKnownGoodLifetime(time.Minute)}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := newConfig(tt.opts)
			if tt.ok != (err == nil) {
				t.Fatalf("newConfig err = %v, want ok %v", err, tt.ok)
			}
			if tt.ok {
				if c.minRefreshInterval > c.refreshInterval || c.logger == nil || c.client == nil {
					t.Errorf("config %+v is inconsistent", c)
				}
				return
			}
			if !errors.Is(err, ErrInvalidConfig) {
				t.Errorf("err %v does not wrap ErrInvalidConfig", err)
			}
			// New refuses the same options before any request is made (the URL is never reachable).
			if s, err := New(context.Background(), "https://idp.invalid/jwks", tt.opts...); s != nil || !errors.Is(err, ErrInvalidConfig) {
				t.Errorf("New = %v, %v; want ErrInvalidConfig", s, err)
			}
		})
	}
}

func TestURLPolicy(t *testing.T) {
	tests := []struct {
		url      string
		insecure bool
		ok       bool
	}{
		{"https://idp.example.com/jwks", false, true},
		{"HTTPS://idp.example.com/jwks", false, true},
		{"http://127.0.0.1:8080/jwks", false, true},
		{"http://127.9.8.7/jwks", false, true},
		{"http://[::1]:8080/jwks", false, true},
		{"http://[::ffff:127.0.0.1]/jwks", false, true},
		{"http://localhost:8080/jwks", false, true},
		{"http://LocalHost/jwks", false, true},
		{"http://idp.example.com/jwks", false, false},
		{"http://10.0.0.1/jwks", false, false},
		{"http://localhost.example.com/jwks", false, false},
		{"http://128.0.0.1/jwks", false, false},
		{"http://idp.example.com/jwks", true, true},
		{"https://user:secret@idp.example.com/jwks", false, false},
		{"ftp://idp.example.com/jwks", false, false},
		{"file:///etc/jwks.json", false, false},
		{"/jwks.json", false, false},
		{"idp.example.com/jwks", false, false},
		{"", false, false},
		{"https://", false, false},
		{"https://:443/jwks", false, false},
		{"https://idp.example.com/%zz", false, false},
	}
	for _, tt := range tests {
		_, err := parseURL(tt.url, tt.insecure)
		if tt.ok != (err == nil) {
			t.Errorf("parseURL(%q, insecure=%v) = %v, want ok %v", tt.url, tt.insecure, err, tt.ok)
		}
		if tt.ok {
			continue
		}
		// New refuses it at construction, before any request.
		var opts []Option
		if tt.insecure {
			opts = append(opts, WithInsecureHTTP())
		}
		if s, err := New(context.Background(), tt.url, opts...); s != nil || !errors.Is(err, ErrInvalidConfig) {
			t.Errorf("New(%q) = %v, %v; want ErrInvalidConfig", tt.url, s, err)
		}
	}
}

func TestMaxAge(t *testing.T) {
	tests := []struct {
		values []string
		want   time.Duration
		ok     bool
	}{
		{nil, 0, false},
		{[]string{"max-age=60"}, time.Minute, true},
		{[]string{"no-cache", "Max-Age = 60"}, time.Minute, true},
		{[]string{"s-maxage=10, max-age=20"}, 20 * time.Second, true},
		{[]string{"max-age"}, 0, false},
		{[]string{"max-age=1e3"}, 0, false},
		{[]string{"max-age=99999999999"}, 365 * 24 * time.Hour, true},
	}
	for _, tt := range tests {
		h := make(map[string][]string)
		h["Cache-Control"] = append(h["Cache-Control"], tt.values...)
		got, ok := maxAge(h)
		if got != tt.want || ok != tt.ok {
			t.Errorf("maxAge(%q) = %v, %v; want %v, %v", tt.values, got, ok, tt.want, tt.ok)
		}
	}
}
