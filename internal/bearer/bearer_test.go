package bearer

import (
	"regexp"
	"strings"
	"testing"
)

func TestParse(t *testing.T) {
	tests := []struct {
		name, value, token, problem string
	}{
		{"canonical", "Bearer abc.def.ghi", "abc.def.ghi", ""},
		{"lowercase scheme", "bearer abc", "abc", ""},
		{"mixed case scheme", "bEaReR abc", "abc", ""},
		{"padding", "Bearer abc==", "abc==", ""},
		{"all b64token chars", "Bearer aZ09-._~+/=", "aZ09-._~+/=", ""},
		{"several spaces", "Bearer    abc", "abc", ""},
		{"surrounding whitespace", " \tBearer abc \t", "abc", ""},
		{"empty value", "", "", ""},
		{"basic scheme", "Basic dXNlcjpwYXNz", "", ""},
		{"scheme prefix of another", "Bearerabc", "", ""},
		{"short value", "Bear", "", ""},
		{"scheme only", "Bearer", "", ProblemEmpty},
		{"scheme and spaces", "Bearer   ", "", ProblemEmpty},
		{"two credentials", "Bearer abc def", "", ProblemSyntax},
		{"comma list", "Bearer abc, Basic x", "", ProblemSyntax},
		{"padding in the middle", "Bearer ab=c", "", ProblemSyntax},
		{"padding only", "Bearer ==", "", ProblemSyntax},
		{"quote", `Bearer "abc"`, "", ProblemSyntax},
		{"control char", "Bearer abc\x00", "", ProblemSyntax},
		{"tab separator is not bearer", "Bearer\tabc", "", ""},
		{"non-ascii", "Bearer abcé", "", ProblemSyntax},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			token, problem := Parse(tt.value)
			if token != tt.token || problem != tt.problem {
				t.Fatalf("Parse(%q) = %q, %q; want %q, %q", tt.value, token, problem, tt.token, tt.problem)
			}
		})
	}
}

func FuzzParse(f *testing.F) {
	for _, seed := range []string{"Bearer abc", "bearer a.b.c", "Bearer", "Basic x", "Bearer a b", "Bearer a==", "", " Bearer  x=\t"} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, value string) {
		token, problem := Parse(value)
		if token != "" && problem != "" {
			t.Fatalf("both token and problem for %q", value)
		}
		if token == "" {
			return
		}
		if !strings.Contains(value, token) || !isB64Token(token) {
			t.Fatalf("token %q of %q is not a b64token taken from the value", token, value)
		}
		if !strings.HasPrefix(strings.ToLower(strings.TrimLeft(value, " \t")), "bearer ") {
			t.Fatalf("token found in a non-bearer value %q", value)
		}
	})
}

func TestParseValues(t *testing.T) {
	cases := []struct {
		name           string
		values         []string
		token, problem string
	}{
		{"none", nil, "", ""},
		{"one", []string{"Bearer abc"}, "abc", ""},
		{"one of another scheme", []string{"Basic abc"}, "", ""},
		{"one empty bearer", []string{"Bearer "}, "", ProblemEmpty},
		{"two", []string{"Bearer abc", "Bearer abc"}, "", ProblemMultiple},
		{"two, one empty", []string{"Bearer abc", ""}, "", ProblemMultiple},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			token, problem := ParseValues(tc.values)
			if token != tc.token || problem != tc.problem {
				t.Fatalf("ParseValues(%q) = %q, %q; want %q, %q", tc.values, token, problem, tc.token, tc.problem)
			}
		})
	}
}

// b64TokenReference is RFC 6750's b64token as a regular expression, the slow and obvious form that
// isB64Token must agree with.
var b64TokenReference = regexp.MustCompile(`^[A-Za-z0-9._~+/-]+=*$`)

// TestB64TokenAgreesWithReference puts every byte value at every position of tokens around the
// eight-byte rounds of isB64Token, and compares with the reference.
func TestB64TokenAgreesWithReference(t *testing.T) {
	for _, n := range []int{1, 7, 8, 9, 16, 17, 25} {
		base := strings.Repeat("a", n)
		for pos := range n {
			for c := range 256 {
				s := base[:pos] + string(rune(0)) + base[pos+1:]
				b := []byte(s)
				b[pos] = byte(c)
				s = string(b)
				if got, want := isB64Token(s), b64TokenReference.MatchString(s); got != want {
					t.Fatalf("isB64Token(%q) = %t, reference %t", s, got, want)
				}
				if got, want := isB64Token(s+"=="), b64TokenReference.MatchString(s+"=="); got != want {
					t.Fatalf("isB64Token(%q) = %t, reference %t", s+"==", got, want)
				}
			}
		}
	}
}

func FuzzB64Token(f *testing.F) {
	for _, seed := range []string{"", "=", "a", "abcdefgh", "abcdefgh=", "abcdefg=h", "a.b-c_d~e+f/g==", "abcdefghi j"} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := isB64Token(s), b64TokenReference.MatchString(s); got != want {
			t.Fatalf("isB64Token(%q) = %t, reference %t", s, got, want)
		}
	})
}
