package conformance

import (
	"encoding/json"
	"strings"
	"testing"
)

// JSONLines decodes the lines of a slog JSON handler's output; lines that are not JSON are skipped.
func JSONLines(text string) []map[string]any {
	var out []map[string]any
	for line := range strings.Lines(text) {
		var m map[string]any
		if json.Unmarshal([]byte(line), &m) == nil {
			out = append(out, m)
		}
	}
	return out
}

// CheckRefusalLine reports how line differs from an adapter's WithLogger line for a refusal logged at
// level ("INFO", "WARN"): its message, and every attribute of want, compared as JSON.
func CheckRefusalLine(t testing.TB, line map[string]any, level string, want map[string]any) {
	t.Helper()
	if line["level"] != level || line["msg"] != "jwtguard: request refused" {
		t.Errorf("line %v, want a refusal at %s", line, level)
	}
	for k, w := range want {
		got, _ := json.Marshal(line[k])
		wantJSON, _ := json.Marshal(w)
		if string(got) != string(wantJSON) {
			t.Errorf("%s = %s, want %s", k, got, wantJSON)
		}
	}
}
