package secureurl

import (
	"errors"
	"net/url"
	"testing"
)

func TestCheck(t *testing.T) {
	for _, tc := range []struct {
		raw       string
		insecure  bool
		ok        bool
		plainHTTP bool
	}{
		{"https://idp.example.com/x", false, true, false},
		{"HTTPS://idp.example.com", false, true, false},
		{"http://127.0.0.1:8080", false, true, false},
		{"http://127.1.2.3", false, true, false},
		{"http://[::1]:80", false, true, false},
		{"http://[::ffff:127.0.0.1]", false, true, false},
		{"http://LocalHost:1", false, true, false},
		{"http://idp.example.com", false, false, true},
		{"http://idp.example.com", true, true, false},
		{"http://localhost.example.com", false, false, true},
		{"ftp://idp.example.com", false, false, false},
		{"https://u:p@idp.example.com", false, false, false},
		{"https:///path", false, false, false},
		{"/relative", false, false, false},
	} {
		u, err := url.Parse(tc.raw)
		if err != nil {
			t.Fatal(err)
		}
		err = Check(u, tc.insecure)
		if (err == nil) != tc.ok || errors.Is(err, ErrPlainHTTP) != tc.plainHTTP {
			t.Errorf("Check(%q, %v) = %v; want ok %v, plain-http %v", tc.raw, tc.insecure, err, tc.ok, tc.plainHTTP)
		}
	}
}
