package clip

import "testing"

func TestString(t *testing.T) {
	for _, tt := range []struct {
		s     string
		limit int
		want  string
	}{
		{"abc", 3, "abc"},
		{"abcd", 3, "abc…(4 bytes)"},
		{"aéé", 2, "a…(5 bytes)"}, // é is two bytes: never cut inside a character
		{"aéé", 3, "aé…(5 bytes)"},
		{"", 0, ""},
	} {
		if got := String(tt.s, tt.limit); got != tt.want {
			t.Errorf("String(%q, %d) = %q, want %q", tt.s, tt.limit, got, tt.want)
		}
	}
}
