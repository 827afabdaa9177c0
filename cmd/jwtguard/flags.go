package main

import (
	"fmt"
	"strings"
)

// listFlag collects a comma-separated list; repeating the flag adds to it, so both
// --alg RS256,ES256 and --alg RS256 --alg ES256 work.
type listFlag []string

func (l *listFlag) String() string { return strings.Join(*l, ",") }

func (l *listFlag) Set(value string) error {
	for item := range strings.SplitSeq(value, ",") {
		item = strings.TrimSpace(item)
		if item == "" {
			return fmt.Errorf("empty item in %q", value)
		}
		*l = append(*l, item)
	}
	return nil
}

// stringsFlag collects every value of a repeatable flag whose values may themselves contain commas,
// such as an audience URI.
type stringsFlag []string

func (s *stringsFlag) String() string { return strings.Join(*s, " ") }

func (s *stringsFlag) Set(value string) error {
	if value == "" {
		return fmt.Errorf("empty value")
	}
	*s = append(*s, value)
	return nil
}
