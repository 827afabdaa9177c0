package validator

import (
	"bytes"
	"encoding/json"
	"math"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/jwtguard/jwtguard/internal/jose"
	"github.com/jwtguard/jwtguard/scopes"
)

// These tests hold decodePayload, the validator's reading of the claims with internal/jose's strict
// reader, to encoding/json's reading of the same payload.

func TestDecodePayloadStrictness(t *testing.T) {
	cases := []struct {
		name, json string
		fault      bool
	}{
		{"minimal", `{"exp":1}`, false},
		{"whitespace", " {\n\"exp\" : 1 ,\t\"x\":[{}]}\r\n", false},
		{"all registered", `{"iss":"i","sub":"s","aud":["a","b"],"exp":1,"nbf":1.5,"iat":0,"jti":"j","client_id":"c","scope":"a b","scp":["c"]}`, false},
		{"nulls", `{"iss":null,"sub":null,"aud":null,"exp":null,"nbf":null,"iat":null,"jti":null,"client_id":null,"scope":null,"scp":null}`, false},
		{"unknown members of any type", `{"x":{"y":[1,true,null,"z"]},"w":-1e3}`, false},
		{"not an object", `[1]`, true},
		{"null document", `null`, true},
		{"trailing data", `{"exp":1}{}`, true},
		{"duplicate registered", `{"exp":1,"exp":2}`, true},
		{"duplicate by escape", `{"exp":1,"\u0065xp":2}`, true},
		{"duplicate unknown", `{"x":1,"x":1}`, true},
		{"case variant", `{"EXP":1}`, true},
		{"unicode case variant escaped", `{"\u017fub":"admin"}`, true},
		{"unicode case variant raw", "{\"\u017fcope\":\"admin\"}", true},
		{"exp string", `{"exp":"1"}`, true},
		{"exp bool", `{"exp":true}`, true},
		{"exp huge", `{"exp":1e400}`, true},
		{"iss number", `{"iss":1}`, true},
		{"sub object", `{"sub":{}}`, true},
		{"aud number", `{"aud":1}`, true},
		{"aud array with number", `{"aud":["a",1]}`, true},
		{"aud array with null", `{"aud":["a",null]}`, true},
		{"scope number", `{"scope":5}`, true},
		{"scp array of arrays", `{"scp":[["a"]]}`, true},
		{"invalid UTF-8 in unknown member", "{\"x\":\"\xff\"}", true},
		{"control character", "{\"x\":\"a\tb\"}", true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var p payload
			err := decodePayload([]byte(tc.json), &p)
			if (err != nil) != tc.fault {
				t.Fatalf("decodePayload(%s) = %v, want fault %v", tc.json, err, tc.fault)
			}
		})
	}
}

func TestManyUnknownMembers(t *testing.T) {
	var b strings.Builder
	b.WriteString(`{"exp":1`)
	for i := range 3 * jose.MaxHeaderMembers { // past the reader's inline table of names
		b.WriteString(`,"m`)
		b.WriteString(strings.Repeat("x", i))
		b.WriteString(`":1`)
	}
	unique := b.String() + "}"
	var p payload
	if err := decodePayload([]byte(unique), &p); err != nil {
		t.Fatalf("distinct members refused: %v", err)
	}
	dup := b.String() + `,"m":2}`
	if err := decodePayload([]byte(dup), &p); err == nil {
		t.Fatal("duplicate past the inline table accepted")
	}
}

// FuzzDecodePayload checks the strict reading of claims against encoding/json: whatever it accepts,
// encoding/json accepts too and reads the registered claims to the same values (internal/jose's
// FuzzReadObject holds its JSON grammar to encoding/json's).
// On every accepted payload, Claims.Decode and Claims.Get read each member by its exact name, at every
// depth, as encoding/json reads it into a map — never a case variant of it.
func FuzzDecodePayload(f *testing.F) {
	for _, seed := range []string{
		`{"iss":"https://idp","sub":"u","aud":["a","b"],"exp":1700000000,"nbf":1.5,"iat":-1,"jti":"j","client_id":"c","scope":"a b","scp":["x"]}`,
		`{"iss":"\u0068ttps","aud":"a","exp":1e3,"x":{"y":[null,true,false,"\ud83d\ude00"]}}`,
		`{"exp":1,"exp":2}`, `{"Exp":1}`, `[]`, `{"aud":[1]}`, `{"scope":"  a\tb  "}`, `{"exp":"1"}`, `{}`,
		`{"roles":["user"],"ROLES":["admin"]}`, `{"ROLES":1}`, `{"role\u017f":1,"n":{"a":1,"A":2}}`, `{"n":{"A":2}}`,
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		var p payload
		if decodePayload(data, &p) != nil {
			return
		}
		if !json.Valid(data) {
			t.Fatalf("accepted invalid JSON %q", data)
		}
		var ref map[string]json.RawMessage
		if err := json.Unmarshal(data, &ref); err != nil {
			t.Fatalf("accepted %q, which is not an object: %v", data, err)
		}
		str := func(name, got string) {
			raw, ok := ref[name]
			var want string
			if ok && !bytes.Equal(raw, []byte("null")) {
				if err := json.Unmarshal(raw, &want); err != nil {
					t.Fatalf("%s: accepted a non-string %s", name, raw)
				}
			}
			if got != want {
				t.Fatalf("%s = %q, encoding/json reads %q", name, got, want)
			}
		}
		str("iss", p.issuer)
		str("sub", p.subject)
		str("jti", p.id)
		str("client_id", p.clientID)
		date := func(name string, d jose.NumericDate) {
			raw, ok := ref[name]
			if !ok || bytes.Equal(raw, []byte("null")) {
				if d.Present {
					t.Fatalf("%s present but absent in %q", name, data)
				}
				return
			}
			var want float64
			if err := json.Unmarshal(raw, &want); err != nil || math.IsInf(want, 0) {
				t.Fatalf("%s: accepted %s", name, raw)
			}
			if !d.Present || d.Seconds != want {
				t.Fatalf("%s = %v, encoding/json reads %v", name, d.Seconds, want)
			}
		}
		date("exp", p.expiresAt)
		date("nbf", p.notBefore)
		date("iat", p.issuedAt)
		present := func(name string, v jose.Value) (json.RawMessage, bool) {
			raw, ok := ref[name]
			if !ok || bytes.Equal(raw, []byte("null")) {
				if v.Present() {
					t.Fatalf("%s present but absent", name)
				}
				return nil, false
			}
			return raw, true
		}
		if raw, ok := present("aud", p.audience); ok {
			var want []string
			var one string
			if json.Unmarshal(raw, &one) == nil {
				want = []string{one}
			} else if err := json.Unmarshal(raw, &want); err != nil {
				t.Fatalf("aud: accepted %s", raw)
			}
			if got, ok := audienceList(nil, p.audience); !ok || !slices.Equal(got, want) {
				t.Fatalf("aud = %q, encoding/json reads %q", got, want)
			}
		}
		checkExactNames(t, data, ref)
		// The validator's scopes are what package scopes grants for the value encoding/json reads.
		for name, v := range map[string]jose.Value{"scope": p.scope, "scp": p.scp} {
			raw, ok := present(name, v)
			if !ok {
				continue
			}
			var value any
			if err := json.Unmarshal(raw, &value); err != nil {
				t.Fatal(err)
			}
			got, ok := scopeList(nil, v)
			if want := scopes.FromClaim(value).List(); !ok || !slices.Equal(scopes.New(got...).List(), want) {
				t.Fatalf("%s = %q, scopes.FromClaim of encoding/json's %s reads %q", name, got, raw, want)
			}
		}
	})
}

// scribbler is a claim type whose UnmarshalJSON writes over its input, as a careless one might.
type scribbler struct{}

func (*scribbler) UnmarshalJSON(data []byte) error {
	for i := range data {
		data[i] = 'X'
	}
	return nil
}

func TestDecodeCannotCorruptClaims(t *testing.T) {
	var p payload
	data := []byte(`{"iss":"https://idp","sub":"alice","exp":1}`)
	if err := decodePayload(data, &p); err != nil {
		t.Fatal(err)
	}
	c := &Claims{Issuer: p.issuer, Subject: p.subject, payload: data}
	var mine struct {
		Sub scribbler `json:"sub"`
		Iss scribbler `json:"iss"`
	}
	if err := c.Decode(&mine); err != nil {
		t.Fatal(err)
	}
	if c.Issuer != "https://idp" || c.Subject != "alice" {
		t.Fatalf("Decode changed the claims: %q %q", c.Issuer, c.Subject)
	}
}

// checkExactNames checks, for a payload decodePayload accepted, that Claims.Get and Claims.Decode find
// members by exact name only, as encoding/json's map of the payload (ref) holds them.
func checkExactNames(t *testing.T, data []byte, ref map[string]json.RawMessage) {
	t.Helper()
	c := &Claims{payload: data}
	var mine struct {
		Iss   any `json:"iss"`
		Roles any `json:"roles"`
		N     struct {
			A any `json:"a"`
		} `json:"n"`
	}
	decodeErr := c.Decode(&mine)
	want := func(raw json.RawMessage) any {
		var v any
		if raw != nil {
			if err := json.Unmarshal(raw, &v); err != nil {
				t.Fatal(err)
			}
		}
		return v
	}
	for name, decoded := range map[string]any{"iss": mine.Iss, "roles": mine.Roles} {
		raw, present := ref[name]
		got, ok := c.Get(name)
		if ok != present || !reflect.DeepEqual(got, want(raw)) {
			t.Fatalf("Get(%q) = %v, %v; encoding/json's map holds %s", name, got, ok, raw)
		}
		if decodeErr == nil && !reflect.DeepEqual(decoded, want(raw)) {
			t.Fatalf("Decode filled %q with %v; the member named exactly so is %s", name, decoded, raw)
		}
	}
	var n map[string]json.RawMessage
	if json.Unmarshal(ref["n"], &n) != nil && ref["n"] != nil && !bytes.Equal(ref["n"], []byte("null")) {
		return // n is not an object: Decode may fail on it
	}
	if decodeErr != nil {
		t.Fatalf("Decode of %q: %v", data, decodeErr)
	}
	if !reflect.DeepEqual(mine.N.A, want(n["a"])) {
		t.Fatalf("Decode filled n.a with %v; the member named exactly so is %s", mine.N.A, n["a"])
	}
}
