package stepup_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/jwtguard/jwtguard/stepup"
)

var now = time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC)

func TestCheck(t *testing.T) {
	gold := []string{"urn:example:gold", "phr"}
	for _, tc := range []struct {
		name string
		req  stepup.Requirement
		auth stepup.Authentication
		want string // "" for success, else the description
	}{
		{"zero requirement, nothing known", stepup.Requirement{}, stepup.Authentication{}, ""},
		{"zero requirement ignores claims", stepup.Requirement{}, stepup.Authentication{ACR: "x", Time: now.Add(-24 * time.Hour)}, ""},
		{"acr first choice", stepup.Requirement{ACRValues: gold}, stepup.Authentication{ACR: "urn:example:gold"}, ""},
		{"acr second choice", stepup.Requirement{ACRValues: gold}, stepup.Authentication{ACR: "phr"}, ""},
		{"acr not listed", stepup.Requirement{ACRValues: gold}, stepup.Authentication{ACR: "pwd"}, "authentication context class not accepted"},
		{"acr compared exactly", stepup.Requirement{ACRValues: gold}, stepup.Authentication{ACR: "PHR"}, "authentication context class not accepted"},
		{"acr missing", stepup.Requirement{ACRValues: gold}, stepup.Authentication{Time: now}, "token has no acr claim"},
		{"fresh", stepup.Requirement{MaxAge: 5 * time.Minute}, stepup.Authentication{Time: now.Add(-time.Minute)}, ""},
		{"exactly max age", stepup.Requirement{MaxAge: 5 * time.Minute}, stepup.Authentication{Time: now.Add(-5 * time.Minute)}, ""},
		{"one second too old", stepup.Requirement{MaxAge: 5 * time.Minute}, stepup.Authentication{Time: now.Add(-5*time.Minute - time.Second)}, "authentication older than 5m0s"},
		{"auth_time in the future", stepup.Requirement{MaxAge: 5 * time.Minute}, stepup.Authentication{Time: now.Add(time.Minute)}, ""},
		{"auth_time missing", stepup.Requirement{MaxAge: 5 * time.Minute}, stepup.Authentication{ACR: "phr"}, "token has no auth_time claim"},
		{"auth_time epoch is present", stepup.Requirement{MaxAge: 5 * time.Minute}, stepup.Authentication{Time: time.Unix(0, 0)}, "authentication older than 5m0s"},
		{"both met", stepup.Requirement{ACRValues: gold, MaxAge: time.Hour}, stepup.Authentication{ACR: "phr", Time: now.Add(-time.Minute)}, ""},
		{"both, acr fails first", stepup.Requirement{ACRValues: gold, MaxAge: time.Hour}, stepup.Authentication{ACR: "pwd", Time: now.Add(-2 * time.Hour)}, "authentication context class not accepted"},
		{"both, age fails", stepup.Requirement{ACRValues: gold, MaxAge: time.Hour}, stepup.Authentication{ACR: "phr", Time: now.Add(-2 * time.Hour)}, "authentication older than 1h0m0s"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.req.Check(tc.auth, now)
			if tc.want == "" {
				if err != nil {
					t.Fatalf("Check = %v, want nil", err)
				}
				return
			}
			if !errors.Is(err, stepup.ErrInsufficientUserAuthentication) {
				t.Fatalf("Check = %v, want ErrInsufficientUserAuthentication", err)
			}
			var se *stepup.Error
			if !errors.As(err, &se) {
				t.Fatalf("Check = %T, want *stepup.Error", err)
			}
			if se.Description != tc.want {
				t.Errorf("Description = %q, want %q", se.Description, tc.want)
			}
			if se.Required.MaxAge != tc.req.MaxAge || strings.Join(se.Required.ACRValues, " ") != strings.Join(tc.req.ACRValues, " ") {
				t.Errorf("Required = %+v, want %+v", se.Required, tc.req)
			}
			if err.Error() != "insufficient user authentication: "+tc.want {
				t.Errorf("Error() = %q", err.Error())
			}
			if tc.auth.ACR != "" && strings.Contains(se.Description, tc.auth.ACR) {
				t.Errorf("description %q echoes the token's acr", se.Description)
			}
		})
	}
}

func TestChallengeParams(t *testing.T) {
	for _, tc := range []struct {
		req         stepup.Requirement
		acr, maxAge string
	}{
		{stepup.Requirement{}, "", ""},
		{stepup.Requirement{ACRValues: []string{"b", "a"}}, "b a", ""},
		{stepup.Requirement{MaxAge: 5 * time.Minute}, "", "300"},
		{stepup.Requirement{MaxAge: 90*time.Second + 900*time.Millisecond}, "", "90"},
		{stepup.Requirement{ACRValues: []string{"urn:mace:incommon:iap:silver"}, MaxAge: time.Hour}, "urn:mace:incommon:iap:silver", "3600"},
	} {
		acr, maxAge := tc.req.ChallengeParams()
		if acr != tc.acr || maxAge != tc.maxAge {
			t.Errorf("%+v.ChallengeParams() = %q, %q; want %q, %q", tc.req, acr, maxAge, tc.acr, tc.maxAge)
		}
	}
}

func TestIsZero(t *testing.T) {
	if !(stepup.Requirement{}).IsZero() || !(stepup.Requirement{ACRValues: []string{}}).IsZero() {
		t.Error("empty requirement is not zero")
	}
	if (stepup.Requirement{MaxAge: time.Second}).IsZero() || (stepup.Requirement{ACRValues: []string{"a"}}).IsZero() {
		t.Error("a demanding requirement is zero")
	}
}

func TestValidate(t *testing.T) {
	for _, tc := range []struct {
		name string
		req  stepup.Requirement
		ok   bool
	}{
		{"zero", stepup.Requirement{}, true},
		{"plain", stepup.Requirement{ACRValues: []string{"urn:example:gold", "phr"}, MaxAge: time.Minute}, true},
		{"one second", stepup.Requirement{MaxAge: time.Second}, true},
		{"negative max age", stepup.Requirement{MaxAge: -time.Second}, false},
		{"nanoseconds typo", stepup.Requirement{MaxAge: 300}, false},
		{"empty acr", stepup.Requirement{ACRValues: []string{""}}, false},
		{"space in acr", stepup.Requirement{ACRValues: []string{"a b"}}, false},
		{"quote in acr", stepup.Requirement{ACRValues: []string{`a"`}}, false},
		{"backslash in acr", stepup.Requirement{ACRValues: []string{`a\`}}, false},
		{"newline in acr", stepup.Requirement{ACRValues: []string{"a\n"}}, false},
		{"DEL in acr", stepup.Requirement{ACRValues: []string{"a\x7f"}}, false},
		{"duplicate acr", stepup.Requirement{ACRValues: []string{"a", "b", "a"}}, false},
		{"non-ASCII acr", stepup.Requirement{ACRValues: []string{"niveau-élevé"}}, true},
	} {
		if err := tc.req.Validate(); (err == nil) != tc.ok {
			t.Errorf("%s: Validate() = %v, want ok %v", tc.name, err, tc.ok)
		}
	}
}
