package jose

// Header holds the JOSE header members a verifier acts on.
type Header struct {
	Alg string // "alg", the JWS algorithm the header claims; always present
	Kid string // "kid", "" when absent
	Typ string // "typ", "" when absent
}

// The JOSE header members read by name, by their index in headerNames.
const (
	headerAlg = iota
	headerKid
	headerTyp
	headerCrit
	headerB64
)

// headerNames are the JOSE header members read by name; case variants of them are refused.
var headerNames = []string{"alg", "kid", "typ", "crit", "b64"}

func matchHeaderName(name []byte) int {
	switch string(name) {
	case "alg":
		return headerAlg
	case "kid":
		return headerKid
	case "typ":
		return headerTyp
	case "crit":
		return headerCrit
	case "b64":
		return headerB64
	}
	return -1
}

// ReadHeader reads a decoded JOSE header: one JSON object of at most MaxHeaderMembers members nested at
// most MaxHeaderDepth deep, with a string alg, kid and typ when present, no crit (no extension is
// understood) and no b64 other than true. Members it does not act on, including jku, x5u, jwk and x5c,
// are ignored on purpose: keys come only from the caller's configured source (RFC 8725 §3.10). A
// fault is described by Fault.Describe("header").
func ReadHeader(data []byte) (Header, Fault) {
	var h Header
	r := Reader{Data: data, Match: matchHeaderName, Registered: headerNames, limit: MaxHeaderMembers, maxDepth: MaxHeaderDepth}
	if f := r.Open(); f != None {
		return Header{}, f
	}
	for {
		index, _, more, f := r.Next()
		if f != None {
			return Header{}, f
		}
		if !more {
			break
		}
		v, f := r.Value()
		if f != None {
			return Header{}, f
		}
		switch index {
		case headerAlg, headerKid, headerTyp:
			s, ok := v.Text()
			switch {
			case index == headerAlg && ok:
				h.Alg = s
			case index == headerKid && ok:
				h.Kid = s
			case ok:
				h.Typ = s
			case index == headerAlg:
				return Header{}, AlgNotString
			case index == headerKid:
				return Header{}, KidNotString
			default:
				return Header{}, TypNotString
			}
		case headerCrit:
			// RFC 7515 §4.1.11: crit is a non-empty array of extension names, and no extension is
			// understood here, so every crit is refused; null and [] for being malformed.
			if v.Kind() != '[' || v.IsEmptyArray() {
				return Header{}, CritMalformed
			}
			return Header{}, CritUnsupported
		case headerB64:
			if v.Kind() != 't' {
				// RFC 7797 unencoded payloads are not supported.
				return Header{}, UnencodedPayload
			}
		}
	}
	if f := r.Close(); f != None {
		return Header{}, f
	}
	if !r.Seen(headerAlg) {
		return Header{}, NoAlg
	}
	return h, None
}
