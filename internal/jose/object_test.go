package jose

import (
	"encoding/json"
	"strings"
	"testing"
	"unicode/utf8"
)

// skipsLikeEncodingJSON reports whether skipValue judges data (one JSON text) as encoding/json does.
// They may differ only on invalid UTF-8, which skipValue refuses and encoding/json tolerates.
func skipsLikeEncodingJSON(t *testing.T, data []byte) {
	t.Helper()
	i := skipSpace(data, 0)
	end, f := skipValue(data, i, 0, maxJSONDepth)
	mine := f == None && skipSpace(data, end) == len(data)
	theirs := json.Valid(data)
	switch {
	case mine && !theirs:
		t.Fatalf("skipValue accepts %q, encoding/json refuses it", data)
	case !mine && theirs && utf8.Valid(data):
		t.Fatalf("skipValue refuses %q, encoding/json accepts it", data)
	}
}

func TestSkipValueGrammar(t *testing.T) {
	for _, s := range []string{
		`0`, `-0`, `1.5e10`, `-1.0E+2`, `1e-2`, `01`, `1.`, `.1`, `-`, `1e`, `+1`, `1.e1`,
		`"a"`, `"\u00e9"`, `"\uD83D\uDE00"`, `"\x"`, `"\u12"`, `"a` + "\x01" + `"`, `"\/"`, `"`,
		`true`, `false`, `null`, `tru`, `nul`, `True`,
		`[]`, `[1,]`, `[,1]`, `[1 2]`, `[[[]]]`, `[`, `]`,
		`{}`, `{"a":1}`, `{"a" : [1, {"b": null}] }`, `{"a"}`, `{"a":}`, `{"a":1,}`, `{1:2}`, `{"a":1 "b":2}`,
		" \t\n\r{}\n", `{} {}`, `{}x`, ``, ` `,
		strings.Repeat("[", maxJSONDepth) + strings.Repeat("]", maxJSONDepth),
		strings.Repeat("[", maxJSONDepth+1) + strings.Repeat("]", maxJSONDepth+1),
		strings.Repeat(`{"a":`, 200) + "1" + strings.Repeat("}", 200),
	} {
		skipsLikeEncodingJSON(t, []byte(s))
	}
}

func TestStringsMustBeUTF8(t *testing.T) {
	for _, s := range []string{"\"\xff\"", "\"\xed\xa0\x80\"", "\"\xc3\""} {
		if _, f := skipValue([]byte(s), 0, 0, maxJSONDepth); f == None {
			t.Errorf("accepted invalid UTF-8 %q", s)
		}
	}
	if _, f := skipValue([]byte("\"\xef\xbf\xbd é 😀\""), 0, 0, maxJSONDepth); f != None {
		t.Error("refused valid UTF-8")
	}
}

// FuzzUnescape checks appendUnescaped against encoding/json on every string literal scanString
// accepts: lone and mismatched surrogates, all escapes, any UTF-8.
func FuzzUnescape(f *testing.F) {
	for _, seed := range []string{`"a"`, `"\u0041\n\t\"\\\/\b\f\r"`, `"\ud83d\ude00"`, `"\ud800"`, `"\udc00\ud800x"`,
		`"\ud800\u0041"`, `"\ud800\ud800\udc00"`, `"é\u00e9"`, `"\u0000"`, `"\uDBFF\uDFFF"`} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, literal []byte) {
		end, _, ok := scanString(literal, 0)
		if len(literal) == 0 || literal[0] != '"' || !ok || end != len(literal) {
			return
		}
		var want string
		if err := json.Unmarshal(literal, &want); err != nil {
			t.Fatalf("scanString accepts %q, encoding/json refuses it: %v", literal, err)
		}
		if got := string(appendUnescaped(nil, literal)); got != want {
			t.Fatalf("appendUnescaped(%q) = %q, encoding/json %q", literal, got, want)
		}
	})
}

// FuzzReadObject holds the reader's JSON grammar to encoding/json's, and checks that whatever
// ReadObject accepts is one JSON object in which every name it was asked for is read exactly: no
// duplicate, no case variant, the member's value as encoding/json reads it.
func FuzzReadObject(f *testing.F) {
	for _, seed := range []string{
		`{"active":true}`, `{"active":false,"ACTIVE":true}`, `{"Active":true}`, `{"active":1}`,
		`{"a\u0063tive":true,"active":false}`, `{"x":{"y":[null,true,false,"\ud83d\ude00"]},"active":null}`,
		`[]`, `{}`, `{"active":true}{}`, "{\"\u212Aey\":1}", `{"key":"v","exp":1e3}`,
	} {
		f.Add([]byte(seed))
	}
	names := []string{"active", "key", "exp"}
	f.Fuzz(func(t *testing.T, data []byte) {
		skipsLikeEncodingJSON(t, data)
		var members [3]Value
		if ReadObject(data, names, members[:]) != None {
			return
		}
		var ref map[string]json.RawMessage
		if err := json.Unmarshal(data, &ref); err != nil {
			t.Fatalf("accepted %q, which is not an object: %v", data, err)
		}
		for i, name := range names {
			raw, ok := ref[name]
			if ok && string(raw) == "null" {
				ok = false
			}
			if members[i].Present() != ok {
				t.Fatalf("%s: present %v, encoding/json's map says %v", name, members[i].Present(), ok)
			}
			if ok && string(members[i].Raw()) != string(raw) {
				t.Fatalf("%s = %s, encoding/json's map holds %s", name, members[i].Raw(), raw)
			}
			for other := range ref {
				if other != name && strings.EqualFold(other, name) {
					t.Fatalf("accepted %q beside %q", other, name)
				}
			}
		}
	})
}
