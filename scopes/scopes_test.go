package scopes_test

import (
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/jwtguard/jwtguard/scopes"
)

func TestFromClaim(t *testing.T) {
	cases := []struct {
		name  string
		value any
		want  []string
	}{
		{"space separated", "b a  c", []string{"a", "b", "c"}},
		{"duplicates", "a a", []string{"a"}},
		{"empty string", "", []string{}},
		{"string array", []string{"x", "y"}, []string{"x", "y"}},
		{"any array", []any{"x", "y"}, []string{"x", "y"}},
		{"array with number", []any{"x", 1.0}, []string{}},
		{"number", 3.0, []string{}},
		{"nil", nil, []string{}},
		{"object", map[string]any{"a": true}, []string{}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := scopes.FromClaim(tc.value).List()
			if !reflect.DeepEqual(got, tc.want) {
				t.Fatalf("FromClaim(%v) = %q, want %q", tc.value, got, tc.want)
			}
		})
	}
}

func TestSet(t *testing.T) {
	s := scopes.Parse("read write")
	if !s.Has("read") || s.Has("admin") || s.Has("") || s.Len() != 2 || s.String() != "read write" {
		t.Fatalf("unexpected set %v", s)
	}
	var zero scopes.Set
	if zero.Has("read") || zero.Len() != 0 || zero.String() != "" {
		t.Fatal("zero Set is not empty")
	}
	list := s.List()
	list[0] = "changed"
	if !s.Has("read") {
		t.Fatal("List exposed the set's storage")
	}
}

func TestRequirement(t *testing.T) {
	granted := scopes.Parse("a b")
	cases := []struct {
		name    string
		req     scopes.Requirement
		ok      bool
		missing []string
		str     string
	}{
		{"zero", scopes.Requirement{}, true, nil, ""},
		{"all met", scopes.All("a", "b"), true, nil, "a b"},
		{"all unmet", scopes.All("c", "a", "d"), false, []string{"c", "d"}, "a c d"},
		{"any met", scopes.Any("z", "b"), true, nil, "b z"},
		{"any unmet", scopes.Any("y", "z"), false, []string{"y", "z"}, "y z"},
		{"any empty", scopes.Any(), true, nil, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.req.Check(granted)
			if (err == nil) != tc.ok {
				t.Fatalf("Check = %v, want ok=%v", err, tc.ok)
			}
			if tc.req.String() != tc.str {
				t.Errorf("String() = %q, want %q", tc.req.String(), tc.str)
			}
			if err == nil {
				return
			}
			if !errors.Is(err, scopes.ErrInsufficientScope) {
				t.Errorf("error %v does not wrap ErrInsufficientScope", err)
			}
			var me *scopes.MissingError
			if !errors.As(err, &me) || !reflect.DeepEqual(me.Missing, tc.missing) {
				t.Errorf("missing = %v, want %v", me, tc.missing)
			}
			for _, m := range tc.missing {
				if !strings.Contains(err.Error(), m) {
					t.Errorf("error %q does not name %q", err, m)
				}
			}
		})
	}
	if !scopes.All().IsZero() || scopes.All("a").IsZero() {
		t.Error("IsZero wrong")
	}
}

// FuzzFromClaim checks FromClaim against the RFC 6749 §3.3 grammar written out independently: a
// scope string grants exactly its space-separated fields that match scope-token, an array element
// grants itself exactly when it is a scope-token, and nothing else is ever granted.
func FuzzFromClaim(f *testing.F) {
	for _, seed := range []string{"a b c", "", "  ", "a\tb", "read:orders write:orders", "\x00", "read\u00a0admin", `a"b a\\b`} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, s string) {
		var want []string
		for _, field := range strings.Split(s, " ") {
			if field != "" && !strings.ContainsFunc(field, func(r rune) bool { return r < 0x21 || r == '"' || r == '\\' || r > 0x7e }) {
				want = append(want, field)
			}
		}
		set := scopes.FromClaim(s)
		if !reflect.DeepEqual(set.List(), scopes.New(want...).List()) {
			t.Fatalf("FromClaim(%q) = %q, want %q", s, set.List(), want)
		}
		again := scopes.Parse(set.String())
		if !reflect.DeepEqual(set.List(), again.List()) {
			t.Fatalf("round trip changed %q: %q vs %q", s, set.List(), again.List())
		}
		arr := scopes.FromClaim([]any{s})
		if one := len(want) == 1 && want[0] == s; arr.Has(s) != one || arr.Len() > 1 {
			t.Fatalf("array element %q granted %q", s, arr.List())
		}
	})
}
