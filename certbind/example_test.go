package certbind_test

import (
	"crypto/x509"
	"errors"
	"fmt"
	"net/http"

	"github.com/jwtguard/jwtguard/certbind"
	"github.com/jwtguard/jwtguard/validator"
)

func ExampleCheck() {
	// In a handler behind TLS with client certificates, after the token was validated:
	handler := func(w http.ResponseWriter, r *http.Request) {
		claims, _ := validator.FromContext(r.Context())
		var leaf *x509.Certificate // nil: no client certificate
		if r.TLS != nil && len(r.TLS.PeerCertificates) > 0 {
			leaf = r.TLS.PeerCertificates[0]
		}
		if err := certbind.Check(claims, leaf); errors.Is(err, certbind.ErrCertificateMismatch) {
			http.Error(w, "", http.StatusUnauthorized)
			return
		}
	}
	_ = handler

	// A token without cnf.x5t#S256 is not certificate-bound and passes, certificate or not.
	fmt.Println(certbind.Check(&validator.Claims{}, nil))
	// Output: <nil>
}
