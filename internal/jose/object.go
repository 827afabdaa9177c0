package jose

import (
	"strings"
	"unicode/utf16"
	"unicode/utf8"
	"unsafe"
)

// This file is a strict, allocation-free reader for the JSON objects of a JWS — the JOSE header and
// the claims — and of the JSON documents read beside them (a DPoP proof's jwk, an introspection
// answer). It replaces encoding/json on the validation path and is stricter than it:
//
//   - the input must be exactly one JSON object (RFC 8259 grammar, whitespace around it allowed);
//   - strings must be valid UTF-8 (RFC 8259 §8.1, RFC 7519 §7.2) — encoding/json would silently
//     substitute U+FFFD — and may not contain control characters or unknown escapes;
//   - a top-level member name may occur only once, however it is spelled (RFC 7515 §5.2, RFC 7519 §4:
//     parsers differ on which duplicate wins, so the only safe answer is refusal);
//   - a top-level member whose name equals a registered one apart from letter case, ASCII or Unicode
//     ("Exp", "ALG", "\u212Aid" with a Kelvin sign), is refused: encoding/json, which callers use on the
//     same payload through Claims.Decode, would read it as the registered member;
//   - nesting deeper than encoding/json's limit (10 000) is refused, and tracked without recursion.
//
// Values of registered members are typed by the caller (ReadHeader here, the validator's payload
// decoder, ReadObject's callers); everything else is validated and skipped.

// maxJSONDepth is encoding/json's nesting limit: anything it refuses for depth is refused here too.
const maxJSONDepth = 10000

// maxTrackedOthers bounds the table of unregistered member names kept for duplicate detection; objects
// with more members fall back to a map. A header never needs the map: it has at most MaxHeaderMembers.
const maxTrackedOthers = MaxHeaderMembers

// Reader walks the top-level members of one JSON object. Use: Open, then Next until it reports
// no more members (after each member name, consume exactly one value with Value), then Close. Each
// returns None or the Fault that refuses the object; after a fault the Reader must not be used again.
type Reader struct {
	// Data is the object read. Strings the Reader returns may share it, so nothing may write to it
	// while they are in use.
	Data []byte
	pos  int
	// Match returns the index (< 64) of a registered member name, or -1. Nil registers none.
	Match func(name []byte) int
	// Registered are the names whose case variants are refused.
	Registered []string
	// limit is the most members the object may have, or 0 for no limit. Only ReadHeader sets it
	// (to MaxHeaderMembers), so that a Fault's description can name the bound.
	limit int
	// maxDepth is the deepest nesting allowed, the object itself counting as 1, or 0 for
	// encoding/json's limit. Only ReadHeader sets it (to MaxHeaderDepth).
	maxDepth int
	seen     uint64 // registered members seen, by index
	first    bool
	members  int // members read so far
	nOthers  int
	others   [maxTrackedOthers][]byte
	otherMap map[string]struct{}
	// names holds the escaped member names, unescaped: one growing buffer rather than an allocation
	// per name, and never the data itself, which Claims keeps as the verified header and payload.
	names []byte
}

// Open expects the object's opening brace.
func (r *Reader) Open() Fault {
	r.pos = skipSpace(r.Data, 0)
	if r.pos >= len(r.Data) {
		return Syntax
	}
	if r.Data[r.pos] != '{' {
		// Still tell "valid JSON of another kind" from "not JSON" for the error description.
		if end, f := skipValue(r.Data, r.pos, 0, maxJSONDepth); f == None && skipSpace(r.Data, end) == len(r.Data) {
			return NotObject
		}
		return Syntax
	}
	r.pos++
	r.first = true
	return None
}

// Next reads the next member name and the colon after it. more is false once the closing brace has
// been read. index is the registered member's index (by Match), or -1. name may share Data.
func (r *Reader) Next() (index int, name []byte, more bool, fault Fault) {
	data := r.Data
	i := skipSpace(data, r.pos)
	if i >= len(data) {
		return -1, nil, false, Syntax
	}
	if r.first {
		r.first = false
		if data[i] == '}' {
			r.pos = i + 1
			return -1, nil, false, None
		}
	} else {
		switch data[i] {
		case '}':
			r.pos = i + 1
			return -1, nil, false, None
		case ',':
			i = skipSpace(data, i+1)
		default:
			return -1, nil, false, Syntax
		}
	}
	if i >= len(data) || data[i] != '"' {
		return -1, nil, false, Syntax
	}
	if r.members++; r.limit > 0 && r.members > r.limit {
		return -1, nil, false, TooManyMembers
	}
	end, escaped, ok := scanString(data, i)
	if !ok {
		return -1, nil, false, Syntax
	}
	name = data[i+1 : end-1]
	if escaped {
		if r.names == nil {
			r.names = make([]byte, 0, min(len(data), 1024))
		}
		start := len(r.names)
		r.names = appendUnescaped(r.names, data[i:end])
		name = r.names[start:len(r.names):len(r.names)]
	}
	i = skipSpace(data, end)
	if i >= len(data) || data[i] != ':' {
		return -1, nil, false, Syntax
	}
	r.pos = skipSpace(data, i+1)

	index = -1
	if r.Match != nil {
		index = r.Match(name)
	}
	if index >= 0 {
		if r.seen&(1<<index) != 0 {
			return -1, nil, false, Duplicate
		}
		r.seen |= 1 << index
		return index, name, true, None
	}
	for _, reg := range r.Registered {
		if strings.EqualFold(stringView(name), reg) {
			return -1, nil, false, CaseVariant
		}
	}
	if r.seenOther(name) {
		return -1, nil, false, Duplicate
	}
	return -1, name, true, None
}

// seenOther records an unregistered member name and reports whether it had been seen before.
func (r *Reader) seenOther(name []byte) bool {
	if r.otherMap != nil {
		if _, dup := r.otherMap[string(name)]; dup {
			return true
		}
		r.otherMap[string(name)] = struct{}{}
		return false
	}
	for _, s := range r.others[:r.nOthers] {
		if string(s) == string(name) {
			return true
		}
	}
	if r.nOthers < maxTrackedOthers {
		r.others[r.nOthers] = name
		r.nOthers++
		return false
	}
	r.otherMap = make(map[string]struct{}, 4*maxTrackedOthers)
	for _, s := range r.others {
		r.otherMap[string(s)] = struct{}{}
	}
	r.otherMap[string(name)] = struct{}{}
	return false
}

// Value is the span of one validated JSON value in a Reader's Data; the zero Value is an absent
// member.
type Value struct {
	raw     []byte
	escaped bool // for strings: the literal contains a backslash escape
}

// Kind is the value's first byte: '"', '{', '[', 't', 'f', 'n', or '0' for any number.
func (v Value) Kind() byte {
	switch c := v.raw[0]; c {
	case '"', '{', '[', 't', 'f', 'n':
		return c
	}
	return '0'
}

// Value reads and validates the value of the member Next just returned.
func (r *Reader) Value() (Value, Fault) {
	start := r.pos
	if start >= len(r.Data) {
		return Value{}, Syntax
	}
	var v Value
	if r.Data[start] == '"' {
		end, escaped, ok := scanString(r.Data, start)
		if !ok {
			return Value{}, Syntax
		}
		r.pos = end
		v = Value{raw: r.Data[start:end], escaped: escaped}
		return v, None
	}
	depth := maxJSONDepth
	if r.maxDepth > 0 {
		depth = r.maxDepth
	}
	end, f := skipValue(r.Data, start, 1, depth)
	if f != None {
		return Value{}, f
	}
	r.pos = end
	return Value{raw: r.Data[start:end]}, None
}

// Close checks that nothing but whitespace follows the object.
func (r *Reader) Close() Fault {
	if skipSpace(r.Data, r.pos) != len(r.Data) {
		return Syntax
	}
	return None
}

// str returns the string a JSON string value denotes. Unescaped strings, the common case, are
// returned without copying: the string shares the immutable decode buffer (see stringView).
func (v Value) str() string {
	if v.escaped {
		return stringView(appendUnescaped(nil, v.raw))
	}
	return stringView(v.raw[1 : len(v.raw)-1])
}

// Text returns the string value v denotes, and false when v is absent or not a JSON string: a header
// member or a string claim. The string may share the Reader's Data.
func (v Value) Text() (string, bool) {
	if v.raw == nil || v.Kind() != '"' {
		return "", false
	}
	return v.str(), true
}

// stringView views b as a string without copying. Nothing may write to b afterwards while the string
// is in use: b is either the buffer Split decodes each token into, which nothing writes after
// decoding and which lives as long as any string that refers to it, or a buffer of the caller's that
// outlives a comparison the string is made for.
func stringView(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	return unsafe.String(&b[0], len(b))
}

// appendUnescaped appends the string that literal, a string literal validated by scanString, denotes,
// decoding escapes exactly as encoding/json does: a \u escape of a lone or mismatched UTF-16
// surrogate becomes U+FFFD. It is off the common path: identity providers do not escape what the
// validator reads.
func appendUnescaped(dst, literal []byte) []byte {
	s := literal[1 : len(literal)-1]
	for i := 0; i < len(s); {
		c := s[i]
		if c != '\\' {
			dst = append(dst, c)
			i++
			continue
		}
		switch s[i+1] {
		case 'b':
			dst = append(dst, '\b')
		case 'f':
			dst = append(dst, '\f')
		case 'n':
			dst = append(dst, '\n')
		case 'r':
			dst = append(dst, '\r')
		case 't':
			dst = append(dst, '\t')
		case 'u':
			r := hex4(s[i+2:])
			i += 6
			if utf16.IsSurrogate(r) {
				r2 := rune(-1)
				if i+6 <= len(s) && s[i] == '\\' && s[i+1] == 'u' {
					r2 = hex4(s[i+2:])
				}
				if pair := utf16.DecodeRune(r, r2); pair != utf8.RuneError {
					r = pair
					i += 6
				} else {
					r = utf8.RuneError
				}
			}
			dst = utf8.AppendRune(dst, r)
			continue
		default: // '"', '\\', '/'
			dst = append(dst, s[i+1])
		}
		i += 2
	}
	return dst
}

// hex4 decodes the four hex digits scanString has validated at the start of s.
func hex4(s []byte) rune {
	var r rune
	for _, c := range s[:4] {
		switch {
		case c <= '9':
			c -= '0'
		case c <= 'F':
			c -= 'A' - 10
		default:
			c -= 'a' - 10
		}
		r = r<<4 | rune(c)
	}
	return r
}

// AppendStrings appends the strings of v, an array value, to dst, reporting false as soon as an
// element is not a string.
func (v Value) AppendStrings(dst []string) ([]string, bool) {
	data := v.raw
	i := skipSpace(data, 1)
	if data[i] == ']' {
		return dst, true
	}
	for {
		if data[i] != '"' {
			return dst, false
		}
		end, escaped, _ := scanString(data, i) // already validated
		dst = append(dst, Value{raw: data[i:end], escaped: escaped}.str())
		i = skipSpace(data, end)
		if data[i] == ']' {
			return dst, true
		}
		i = skipSpace(data, i+1) // the comma
	}
}

// IsEmptyArray reports whether v, an array value, has no elements.
func (v Value) IsEmptyArray() bool {
	return v.raw[skipSpace(v.raw, 1)] == ']'
}

// IsStringArray reports whether v, an array value, holds only strings.
func (v Value) IsStringArray() bool {
	data := v.raw
	i := skipSpace(data, 1)
	if data[i] == ']' {
		return true
	}
	for {
		if data[i] != '"' {
			return false
		}
		end, _, _ := scanString(data, i)
		i = skipSpace(data, end)
		if data[i] == ']' {
			return true
		}
		i = skipSpace(data, i+1)
	}
}

func skipSpace(data []byte, i int) int {
	for i < len(data) {
		switch data[i] {
		case ' ', '\t', '\n', '\r':
			i++
		default:
			return i
		}
	}
	return i
}

// scanString validates the string literal starting at data[i] == '"' and returns the index just past
// it, and whether it contains escapes. It refuses control characters, unknown escapes, short \u
// escapes and invalid UTF-8.
func scanString(data []byte, i int) (end int, escaped bool, ok bool) {
	j := i + 1
	for j < len(data) {
		c := data[j]
		switch {
		case c == '"':
			return j + 1, escaped, true
		case c == '\\':
			escaped = true
			if j+1 >= len(data) {
				return 0, false, false
			}
			switch data[j+1] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
				j += 2
			case 'u':
				if j+6 > len(data) || !isHex(data[j+2]) || !isHex(data[j+3]) || !isHex(data[j+4]) || !isHex(data[j+5]) {
					return 0, false, false
				}
				j += 6
			default:
				return 0, false, false
			}
		case c < 0x20:
			return 0, false, false
		case c < utf8.RuneSelf:
			j++
		default:
			r, size := utf8.DecodeRune(data[j:])
			if r == utf8.RuneError && size == 1 {
				return 0, false, false
			}
			j += size
		}
	}
	return 0, false, false
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

// scanNumber validates the JSON number starting at data[i] and returns the index just past it:
// -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
func scanNumber(data []byte, i int) (int, bool) {
	if i < len(data) && data[i] == '-' {
		i++
	}
	switch {
	case i >= len(data):
		return i, false
	case data[i] == '0':
		i++
	case '1' <= data[i] && data[i] <= '9':
		i = skipDigits(data, i+1)
	default:
		return i, false
	}
	if i < len(data) && data[i] == '.' {
		j := skipDigits(data, i+1)
		if j == i+1 {
			return j, false
		}
		i = j
	}
	if i < len(data) && (data[i] == 'e' || data[i] == 'E') {
		i++
		if i < len(data) && (data[i] == '+' || data[i] == '-') {
			i++
		}
		j := skipDigits(data, i)
		if j == i {
			return j, false
		}
		i = j
	}
	return i, true
}

func skipDigits(data []byte, i int) int {
	for i < len(data) && '0' <= data[i] && data[i] <= '9' {
		i++
	}
	return i
}

// skipLiteral validates the literal word at data[i].
func skipLiteral(data []byte, i int, word string) (int, bool) {
	end := i + len(word)
	if end > len(data) || string(data[i:end]) != word {
		return i, false
	}
	return end, true
}

// skipValue validates the JSON value starting at data[i] and returns the index just past it. depth is
// the number of containers already open around it, and no more than maxDepth may be open at once
// (TooDeep; Syntax for anything else). Nesting is tracked in a bit stack, not by recursion,
// so deep input costs no goroutine stack.
func skipValue(data []byte, i, depth, maxDepth int) (int, Fault) {
	var small [2]uint64
	stack := small[:0] // bit n set: the n-th open container is an object
	open := 0
	var ok bool
	for {
		// A value starts at i.
		if i >= len(data) {
			return i, Syntax
		}
		switch c := data[i]; c {
		case '{', '[':
			if depth+open+1 > maxDepth {
				return i, TooDeep
			}
			if open/64 == len(stack) {
				stack = append(stack, 0)
			}
			if c == '{' {
				stack[open/64] |= 1 << (open % 64)
			} else {
				stack[open/64] &^= 1 << (open % 64)
			}
			open++
			i = skipSpace(data, i+1)
			if i < len(data) && (c == '{' && data[i] == '}' || c == '[' && data[i] == ']') {
				open--
				i++
				break // the empty container is a complete value
			}
			if c == '{' {
				if i, ok = memberName(data, i); !ok {
					return i, Syntax
				}
			}
			continue
		case '"':
			var end int
			if end, _, ok = scanString(data, i); !ok {
				return i, Syntax
			}
			i = end
		case 't':
			if i, ok = skipLiteral(data, i, "true"); !ok {
				return i, Syntax
			}
		case 'f':
			if i, ok = skipLiteral(data, i, "false"); !ok {
				return i, Syntax
			}
		case 'n':
			if i, ok = skipLiteral(data, i, "null"); !ok {
				return i, Syntax
			}
		default:
			if i, ok = scanNumber(data, i); !ok {
				return i, Syntax
			}
		}
		// A value ended at i: close containers until one continues with a comma.
		for {
			if open == 0 {
				return i, None
			}
			i = skipSpace(data, i)
			if i >= len(data) {
				return i, Syntax
			}
			inObject := stack[(open-1)/64]&(1<<((open-1)%64)) != 0
			c := data[i]
			if c == ',' {
				i = skipSpace(data, i+1)
				if inObject {
					if i, ok = memberName(data, i); !ok {
						return i, Syntax
					}
				}
				break
			}
			if inObject && c == '}' || !inObject && c == ']' {
				open--
				i++
				continue
			}
			return i, Syntax
		}
	}
}

// memberName validates `"name" :` at data[i] and returns the index of the value after it.
func memberName(data []byte, i int) (int, bool) {
	if i >= len(data) || data[i] != '"' {
		return i, false
	}
	end, _, ok := scanString(data, i)
	if !ok {
		return i, false
	}
	i = skipSpace(data, end)
	if i >= len(data) || data[i] != ':' {
		return i, false
	}
	return skipSpace(data, i+1), true
}

// Seen reports whether the registered member of index i has been read.
func (r *Reader) Seen(i int) bool { return r.seen&(1<<i) != 0 }
