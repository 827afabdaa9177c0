package issuertest

import (
	"fmt"
	"net"
	"net/http"
	"time"
)

// Fault is a failure the issuer simulates on an endpoint, set with SetJWKSFault or
// SetDiscoveryFault. The zero Fault is FaultNone. Faults compare with ==.
type Fault struct {
	kind   faultKind
	status int
	delay  time.Duration
}

type faultKind int

const (
	kindNone faultKind = iota
	kindDown
	kindStatus
	kindSlow
	kindGarbage
)

var (
	// FaultNone serves the endpoint normally.
	FaultNone = Fault{}
	// FaultDown drops every connection to the endpoint without an answer, as a crashed server
	// behind a load balancer would: the client sees its connection reset (or EOF) and no HTTP
	// response. The rest of the issuer keeps working; Close makes all of it refuse connections.
	// A client may transparently retry a reset request once, so a fetch attempt can count twice.
	FaultDown = Fault{kind: kindDown}
	// FaultGarbage answers 200 with a JSON content type and a body that is not JSON.
	FaultGarbage = Fault{kind: kindGarbage}
)

// FaultStatus answers every request with status code and a short text body. Codes outside
// 400–599 are taken as 500, since a fault must be an error.
func FaultStatus(code int) Fault {
	if code < 400 || code > 599 {
		code = http.StatusInternalServerError
	}
	return Fault{kind: kindStatus, status: code}
}

// FaultSlow holds each request for delay before answering it normally; the wait ends early when the
// client gives up or the issuer is closed. A negative delay is taken as zero.
func FaultSlow(delay time.Duration) Fault {
	return Fault{kind: kindSlow, delay: max(delay, 0)}
}

// String names the fault, for test case names and failure messages.
func (f Fault) String() string {
	switch f.kind {
	case kindDown:
		return "down"
	case kindStatus:
		return fmt.Sprintf("status %d", f.status)
	case kindSlow:
		return fmt.Sprintf("slow %s", f.delay)
	case kindGarbage:
		return "garbage"
	}
	return "none"
}

// SetJWKSFault makes the JWKS endpoint fail as f describes until another call replaces it;
// FaultNone restores it. It takes effect for requests that arrive after it returns.
func (i *Issuer) SetJWKSFault(f Fault) {
	i.mu.Lock()
	defer i.mu.Unlock()
	i.jwksFault = f
}

// SetDiscoveryFault makes both metadata endpoints (OIDC discovery and RFC 8414) fail as f describes.
func (i *Issuer) SetDiscoveryFault(f Fault) {
	i.mu.Lock()
	defer i.mu.Unlock()
	i.discoveryFault = f
}

// JWKSFetches returns how many requests reached the JWKS endpoint, faulted ones included.
func (i *Issuer) JWKSFetches() int64 { return i.jwksFetches.Load() }

// DiscoveryFetches returns how many requests reached either metadata endpoint, faulted ones included.
func (i *Issuer) DiscoveryFetches() int64 { return i.discoveryFetches.Load() }

// serveFault carries out f and reports whether it answered the request (or dropped it), in which
// case the handler must not write anything more.
func (i *Issuer) serveFault(w http.ResponseWriter, r *http.Request, f Fault) bool {
	switch f.kind {
	case kindDown:
		dropConnection(w)
		return true
	case kindStatus:
		http.Error(w, "issuertest: simulated failure", f.status)
		return true
	case kindSlow:
		timer := time.NewTimer(f.delay)
		defer timer.Stop()
		select {
		case <-timer.C:
			return false
		case <-r.Context().Done():
		case <-i.done:
		}
		dropConnection(w)
		return true
	case kindGarbage:
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"keys": [ <this is not a JWK Set>`))
		return true
	}
	return false
}

// dropConnection closes the request's connection with a TCP reset, so the client gets no response
// at all rather than an orderly end of stream.
func dropConnection(w http.ResponseWriter) {
	conn, _, err := http.NewResponseController(w).Hijack()
	if err != nil {
		// Only HTTP/1 connections can be taken over, and the issuer serves nothing else.
		http.Error(w, "issuertest: cannot drop the connection", http.StatusInternalServerError)
		return
	}
	if tcp, ok := conn.(*net.TCPConn); ok {
		_ = tcp.SetLinger(0)
	}
	_ = conn.Close()
}
