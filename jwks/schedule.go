package jwks

import (
	"math/rand/v2"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// maxAge returns the Cache-Control max-age of a response, if it has a valid one.
func maxAge(h http.Header) (time.Duration, bool) {
	for _, v := range h.Values("Cache-Control") {
		for dir := range strings.SplitSeq(v, ",") {
			name, val, _ := strings.Cut(strings.TrimSpace(dir), "=")
			if !strings.EqualFold(strings.TrimSpace(name), "max-age") {
				continue
			}
			n, err := strconv.ParseInt(strings.Trim(strings.TrimSpace(val), `"`), 10, 64)
			if err != nil || n < 0 {
				return 0, false
			}
			// Anything beyond a year is "long"; capping avoids Duration overflow.
			const year = 365 * 24 * 60 * 60
			return time.Duration(min(n, year)) * time.Second, true
		}
	}
	return 0, false
}

// successDelay is the wait after a good fetch: the refresh interval, shortened by a smaller max-age but
// never below the minimum interval.
func (c *config) successDelay(h http.Header) time.Duration {
	d := c.refreshInterval
	if ma, ok := maxAge(h); ok && ma < d {
		d = max(ma, c.minRefreshInterval)
	}
	return d
}

// retryDelay is the wait after the n-th consecutive failure: the backoff doubled n-1 times, capped at
// the refresh interval, then jittered over its upper half so a fleet does not retry in lockstep.
func (c *config) retryDelay(n int) time.Duration {
	d := c.retryBackoff
	for i := 1; i < n && d < c.refreshInterval; i++ {
		d *= 2
	}
	d = min(d, c.refreshInterval)
	half := d / 2
	return half + rand.N(d-half+1)
}
