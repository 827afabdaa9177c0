package mcpauth

import (
	"encoding/json"
	"errors"
	"net/http"
	"slices"

	"github.com/modelcontextprotocol/go-sdk/jsonrpc"
	segjson "github.com/segmentio/encoding/json"
)

// methodCallTool is the JSON-RPC method of a tool call.
const methodCallTool = "tools/call"

// errEmptyBatch is a batch without messages, which the SDK refuses too.
var errEmptyBatch = errors.New("mcpauth: empty JSON-RPC batch")

// toolsCalled returns the tools listed in rules that body, a JSON-RPC message or batch, calls, each
// once, in the order of their first call; or an error when body is not JSON-RPC.
//
// The tool a rule is checked for must be the tool the SDK runs, so body is read as the SDK reads it:
// messages with jsonrpc.DecodeMessage, the SDK's own decoder, and the parameters with the JSON
// library and settings the SDK uses (segmentio/encoding, member names matched exactly, the last of
// duplicates winning). Only the split of a batch into its messages uses encoding/json, which bounds
// nesting without recursion; where the two libraries could disagree (trailing data, deep nesting), the
// body is refused rather than passed on unchecked.
func toolsCalled(body []byte, rules map[string]func(http.Handler) http.Handler) ([]string, error) {
	var called []string
	check := func(raw []byte) error {
		msg, err := jsonrpc.DecodeMessage(raw)
		if err != nil {
			return err
		}
		req, ok := msg.(*jsonrpc.Request)
		if !ok || req.Method != methodCallTool || len(req.Params) == 0 {
			return nil
		}
		name, err := toolName(req.Params)
		if err != nil {
			return err
		}
		if _, listed := rules[name]; listed && !slices.Contains(called, name) {
			called = append(called, name)
		}
		return nil
	}
	if first := firstByte(body); first != '[' {
		return called, check(body)
	}
	var batch []json.RawMessage
	if err := json.Unmarshal(body, &batch); err != nil {
		return nil, err
	}
	if len(batch) == 0 {
		return nil, errEmptyBatch
	}
	for _, raw := range batch {
		if err := check(raw); err != nil {
			return nil, err
		}
	}
	return called, nil
}

// toolName decodes the "name" of tools/call parameters as the SDK does into mcp.CallToolParamsRaw.
func toolName(params []byte) (string, error) {
	var p struct {
		Name string `json:"name"`
	}
	// What the SDK's Decoder.Decode does after finding where the value ends, without its 32 KiB
	// buffer: params is one JSON value, cut out of the message by jsonrpc.DecodeMessage.
	if _, err := segjson.Parse(params, &p, segjson.DontMatchCaseInsensitiveStructFields); err != nil {
		return "", err
	}
	return p.Name, nil
}

// firstByte returns the first byte of data that is not JSON white space, or 0.
func firstByte(data []byte) byte {
	for _, c := range data {
		switch c {
		case ' ', '\t', '\n', '\r':
		default:
			return c
		}
	}
	return 0
}
