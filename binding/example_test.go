package binding_test

import (
	"context"
	"fmt"

	"github.com/jwtguard/jwtguard/binding"
	"github.com/jwtguard/jwtguard/certbind"
	"github.com/jwtguard/jwtguard/validator"
)

// A certificate-bound token is refused where no binding method checks it, and checked against the
// client certificate where certificate binding is on. The adapters make this call for every request;
// their options (WithDPoP, WithCertificateBinding) choose the methods.
func ExampleCheck() {
	claims, err := validator.ClaimsFromJSON([]byte(`{"sub":"alice","cnf":{"x5t#S256":"bwcK0esc3ACC3DB2Y5_lESsXE8o9ltc05O89jdN-dg2"}}`))
	if err != nil {
		fmt.Println(err)
		return
	}
	req := binding.Request{Scheme: "bearer", Token: "…"} // no client certificate

	_, err = binding.Check(context.Background(), nil, claims, req)
	fmt.Println(validator.Code(err), validator.KindOf(err))

	_, err = binding.Check(context.Background(), []binding.Method{certbind.Binding()}, claims, req)
	fmt.Println(validator.Code(err), validator.KindOf(err))

	unbound, _ := validator.ClaimsFromJSON([]byte(`{"sub":"bob"}`))
	_, err = binding.Check(context.Background(), nil, unbound, req)
	fmt.Println(err)
	// Output:
	// unsupported_binding token_refused
	// certificate_mismatch token_refused
	// <nil>
}
