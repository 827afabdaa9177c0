package validator_test

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"testing"

	"github.com/jwtguard/jwtguard/validator"
)

// TestCritMustBeANonEmptyArray is issue 14 item 6: RFC 7515 §4.1.11 makes crit a non-empty array,
// so null and [] are malformed like any other crit the validator does not understand.
func TestCritMustBeANonEmptyArray(t *testing.T) {
	v := newValidator(t, standardKeySource(t))
	for _, crit := range []string{`null`, `[]`, `["exp"]`, `"b64"`, `{}`, `0`} {
		token := rawToken(t, `{"alg":"RS256","kid":"rsa","crit":`+crit+`}`, claimsJSON(t, baseClaims()))
		if _, err := v.Validate(context.Background(), token); !errors.Is(err, validator.ErrMalformedToken) {
			t.Errorf("crit %s: got %v, want malformed_token", crit, err)
		}
	}
}

// headerWithMembers returns a header of alg, kid and n-2 further members named with escapes.
func headerWithMembers(n int) string {
	var b strings.Builder
	b.WriteString(`{"alg":"RS256","kid":"rsa"`)
	for i := 2; i < n; i++ {
		b.WriteString(`,"\u0078` + strconv.Itoa(i) + `":0`)
	}
	return b.String() + "}"
}

// TestHeaderBounds is issue 14 item 5: headers are small in every real token, so one with more than
// MaxHeaderMembers members, nested deeper than MaxHeaderDepth, or larger than MaxHeaderBytes, is
// refused before any key is looked up.
func TestHeaderBounds(t *testing.T) {
	keys := standardKeySource(t)
	v := newValidator(t, keys, validator.WithMaxTokenSize(1<<20))
	payload := claimsJSON(t, baseClaims())
	check := func(name, header string, want error) {
		t.Helper()
		keys.calls = 0
		_, err := v.Validate(context.Background(), rawToken(t, header, payload))
		if want == nil && err != nil || want != nil && !errors.Is(err, want) {
			t.Errorf("%s: got %v, want %v", name, err, want)
		}
		if want != nil && keys.calls != 0 {
			t.Errorf("%s: the key source was asked before the header was refused", name)
		}
	}
	check("MaxHeaderMembers members", headerWithMembers(validator.MaxHeaderMembers), nil)
	check("one member too many", headerWithMembers(validator.MaxHeaderMembers+1), validator.ErrMalformedToken)
	check("1300 escaped member names", headerWithMembers(1300), validator.ErrMalformedToken)
	pad := func(n int) string {
		h := `{"alg":"RS256","kid":"rsa","p":""}`
		return strings.Replace(h, `""`, `"`+strings.Repeat("x", n-len(h))+`"`, 1)
	}
	nested := func(depth int) string {
		return `{"alg":"RS256","kid":"rsa","x":` + strings.Repeat("[", depth-1) + "1" + strings.Repeat("]", depth-1) + "}"
	}
	check("MaxHeaderDepth", nested(validator.MaxHeaderDepth), nil)
	check("one level too deep", nested(validator.MaxHeaderDepth+1), validator.ErrMalformedToken)
	check("MaxHeaderBytes", pad(validator.MaxHeaderBytes), nil)
	check("one byte over MaxHeaderBytes", pad(validator.MaxHeaderBytes+1), validator.ErrMalformedToken)
}

// TestEscapedHeaderNamesDoNotAllocateEach is issue 14 item 5: a header whose member names are all
// escaped costs a bounded number of allocations more than a plain one, not one (or more) per name.
func TestEscapedHeaderNamesDoNotAllocateEach(t *testing.T) {
	if raceEnabled {
		t.Skip("allocation counts are not meaningful under the race detector")
	}
	v := newValidator(t, standardKeySource(t))
	payload := claimsJSON(t, baseClaims())
	allocs := func(header string) float64 {
		token := rawToken(t, header, payload)
		if _, err := v.Validate(context.Background(), token); err != nil {
			t.Fatal(err)
		}
		return testing.AllocsPerRun(50, func() { _, _ = v.Validate(context.Background(), token) })
	}
	plain := allocs(`{"alg":"RS256","kid":"rsa"}`)
	escaped := allocs(headerWithMembers(validator.MaxHeaderMembers))
	if escaped > plain+2 {
		t.Errorf("a header of %d escaped names costs %v allocations, a plain one %v: want at most 2 more",
			validator.MaxHeaderMembers, escaped, plain)
	}
}

// TestHeaderFaultDescriptions: a header refused for its depth says so, and broken JSON that happens to
// stop at a bracket is not mistaken for depth.
func TestHeaderFaultDescriptions(t *testing.T) {
	v := newValidator(t, standardKeySource(t))
	payload := claimsJSON(t, baseClaims())
	for header, want := range map[string]string{
		`{"alg":"RS256","kid":"rsa","x":` + strings.Repeat("[", validator.MaxHeaderDepth) + strings.Repeat("]", validator.MaxHeaderDepth) + `}`: "header is nested deeper than 8 levels",
		`{"alg":"RS256","kid":"rsa","x":{{}}}`:  "header is not JSON",
		`{"alg":"RS256","kid":"rsa","x":[1[]]}`: "header is not JSON",
	} {
		_, err := v.Validate(context.Background(), rawToken(t, header, payload))
		if got := validator.Description(err); got != want {
			t.Errorf("%s: description %q, want %q", header, got, want)
		}
	}
}
