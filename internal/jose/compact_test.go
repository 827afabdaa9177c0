package jose

import (
	"errors"
	"strings"
	"testing"
)

// TestParseFaults pins each compact refusal to its Fault, and the Fault to the description the
// validator, dpop and the command line show for it.
func TestParseFaults(t *testing.T) {
	h, p := "eyJhbGciOiJSUzI1NiJ9", "e30"
	for _, tc := range []struct {
		name, token string
		want        Fault
		description string
	}{
		{"two segments", h + "." + p, NotThreeSegments, "token is not three dot-separated segments"},
		{"four segments", h + "." + p + ".a.b", NotThreeSegments, "token is not three dot-separated segments"},
		{"JWE", h + ".a.b.c." + p, Encrypted, "encrypted tokens (JWE) are not accepted"},
		{"line break", h + "." + p + "\n.c2ln", LineBreak, "token contains a line break"},
		{"empty payload", h + "..c2ln", EmptySegment, "token has an empty segment"},
		{"header too large", strings.Repeat("A", 4*MaxHeaderBytes/3+4) + "." + p + ".", HeaderTooLarge, "header is larger than 4096 bytes"},
		{"padded header", h + "=." + p + ".", HeaderNotBase64URL, "header is not unpadded base64url"},
		{"stray bits in payload", h + ".e31.", PayloadNotBase64URL, "payload is not unpadded base64url"},
		{"standard alphabet signature", h + "." + p + ".a+b/", SignatureNotBase64URL, "signature is not unpadded base64url"},
	} {
		_, err := Parse(tc.token)
		var f Fault
		if !errors.As(err, &f) || f != tc.want {
			t.Errorf("%s: Parse = %v, want fault %d", tc.name, err, tc.want)
			continue
		}
		if got := f.Describe("token"); got != tc.description {
			t.Errorf("%s: described %q, want %q", tc.name, got, tc.description)
		}
	}
	jws, err := Parse(h + "." + p + ".c2ln")
	if err != nil || string(jws.Header) != `{"alg":"RS256"}` || string(jws.Payload) != "{}" ||
		jws.SigningInput != h+"."+p || string(jws.Signature) != "sig" {
		t.Fatalf("Parse = %+v, %v", jws, err)
	}
}

// TestReadObjectExactNames is what introspection relies on (issue 22 item 6): a name asked for is
// read only under its exact spelling, and a case variant or duplicate of it refuses the object.
func TestReadObjectExactNames(t *testing.T) {
	names := []string{"active"}
	for _, tc := range []struct {
		json   string
		want   Fault
		active bool
	}{
		{`{"active":true}`, None, true},
		{`{"active":false,"ACTIVE":true}`, CaseVariant, false},
		{`{"Active":true}`, CaseVariant, false},
		{`{"active":false,"active":true}`, Duplicate, false},
		{`{"active":false,"\u0061ctive":true}`, Duplicate, false},
		{`{"active":"true"}`, None, false},
		{`[true]`, NotObject, false},
		{`{"active":tru}`, Syntax, false},
	} {
		var m [1]Value
		f := ReadObject([]byte(tc.json), names, m[:])
		active, _ := m[0].Bool()
		if f != tc.want || f == None && active != tc.active {
			t.Errorf("%s: fault %q, active %v; want fault %q, active %v", tc.json, f.Describe("answer"), active, tc.want.Describe("answer"), tc.active)
		}
	}
}
