package validator

import (
	"bytes"
	"encoding/json"
	"errors"
)

// errNotObject, errDuplicateMember and errMemberNameCase are the structural faults scanObject reports.
var (
	errNotObject       = errors.New("not a JSON object")
	errDuplicateMember = errors.New("duplicate member name")
	errMemberNameCase  = errors.New("member name differs only in case from a registered name")
)

// maxTrackedMembers bounds the on-stack table used for duplicate detection; objects with more
// members fall back to a map.
const maxTrackedMembers = 32

// scanObject walks the top-level members of data, which must already be valid JSON, and calls visit
// with each member's name (unescaped) and raw value. It rejects a value that is not an object, a name
// that occurs twice (RFC 7515 §5.2 and RFC 7519 §4 require rejecting or one reading; JSON parsers differ on
// which duplicate wins, so the only safe answer is rejection), and a name that equals one of registered
// apart from letter case — encoding/json matches struct fields case-insensitively, so "ALG" or "Exp"
// would otherwise be read as the registered member.
func scanObject(data []byte, registered []string, visit func(name, value []byte) error) error {
	i := skipSpace(data, 0)
	if i >= len(data) || data[i] != '{' {
		return errNotObject
	}
	i++
	var seenArray [maxTrackedMembers][]byte
	seen := seenArray[:0]
	var seenMap map[string]struct{}
	for {
		i = skipSpace(data, i)
		if i < len(data) && data[i] == '}' {
			return nil
		}
		if i >= len(data) || data[i] != '"' {
			return errNotObject
		}
		end := skipString(data, i)
		rawName := data[i:end]
		name, err := unquote(rawName)
		if err != nil {
			return err
		}
		for _, r := range registered {
			if len(r) == len(name) && r != string(name) && equalFoldASCII(r, name) {
				return errMemberNameCase
			}
		}
		if seenMap != nil {
			if _, dup := seenMap[string(name)]; dup {
				return errDuplicateMember
			}
			seenMap[string(name)] = struct{}{}
		} else {
			for _, s := range seen {
				if bytes.Equal(s, name) {
					return errDuplicateMember
				}
			}
			if len(seen) < maxTrackedMembers {
				seen = append(seen, name)
			} else {
				seenMap = make(map[string]struct{}, 2*maxTrackedMembers)
				for _, s := range seen {
					seenMap[string(s)] = struct{}{}
				}
				seenMap[string(name)] = struct{}{}
			}
		}
		i = skipSpace(data, end)
		if i >= len(data) || data[i] != ':' {
			return errNotObject
		}
		i = skipSpace(data, i+1)
		valueEnd := skipValue(data, i)
		if valueEnd <= i {
			return errNotObject
		}
		if visit != nil {
			if err := visit(name, data[i:valueEnd]); err != nil {
				return err
			}
		}
		i = skipSpace(data, valueEnd)
		if i < len(data) && data[i] == ',' {
			i++
			continue
		}
		if i < len(data) && data[i] == '}' {
			return nil
		}
		return errNotObject
	}
}

// unquote returns the bytes a JSON string literal denotes. Literals without escapes, the common
// case, are returned in place without copying.
func unquote(literal []byte) ([]byte, error) {
	if len(literal) < 2 || literal[0] != '"' || literal[len(literal)-1] != '"' {
		return nil, errNotObject
	}
	inner := literal[1 : len(literal)-1]
	if bytes.IndexByte(inner, '\\') < 0 {
		return inner, nil
	}
	var s string
	if err := json.Unmarshal(literal, &s); err != nil {
		return nil, errNotObject
	}
	return []byte(s), nil
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

// skipString returns the index just past the string literal starting at data[i] == '"'.
func skipString(data []byte, i int) int {
	for j := i + 1; j < len(data); j++ {
		switch data[j] {
		case '\\':
			j++
		case '"':
			return j + 1
		}
	}
	return len(data)
}

// skipValue returns the index just past the JSON value starting at data[i]. Nesting is tracked with a
// counter, not recursion, so deeply nested input costs no stack.
func skipValue(data []byte, i int) int {
	if i >= len(data) {
		return i
	}
	switch data[i] {
	case '"':
		return skipString(data, i)
	case '{', '[':
		depth := 0
		for j := i; j < len(data); j++ {
			switch data[j] {
			case '"':
				j = skipString(data, j) - 1
			case '{', '[':
				depth++
			case '}', ']':
				depth--
				if depth == 0 {
					return j + 1
				}
			}
		}
		return len(data)
	default:
		j := i
		for j < len(data) {
			switch data[j] {
			case ',', '}', ']', ' ', '\t', '\n', '\r':
				return j
			}
			j++
		}
		return j
	}
}

func equalFoldASCII(a string, b []byte) bool {
	for i := 0; i < len(a); i++ {
		x, y := a[i], b[i]
		if 'A' <= x && x <= 'Z' {
			x += 'a' - 'A'
		}
		if 'A' <= y && y <= 'Z' {
			y += 'a' - 'A'
		}
		if x != y {
			return false
		}
	}
	return true
}
