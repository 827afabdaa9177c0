package revocation_test

import (
	"context"
	"fmt"
	"time"

	"github.com/jwtguard/jwtguard/revocation"
)

// A list in memory, for one process. Give it to validator.WithRevocation (and
// introspect.WithRevocation); an ssf.Receiver, or the caller, revokes.
func ExampleNewMemory() {
	list := revocation.NewMemory(revocation.WithMaxTokenLifetime(time.Hour))
	ctx := context.Background()
	signedOut := time.Now()
	if err := list.RevokeSubject(ctx, "https://idp.example.com", "alice", signedOut); err != nil {
		fmt.Println(err)
	}
	before, after := signedOut.Add(-time.Minute), signedOut.Add(time.Minute)
	fmt.Println(list.Revoked("https://idp.example.com", "alice", "", "", before))
	fmt.Println(list.Revoked("https://idp.example.com", "alice", "", "", after))
	fmt.Println(list.Revoked("https://other.example.com", "alice", "", "", before))
	// Output:
	// true
	// false
	// false
}

func ExampleMemory_RevokeToken() {
	list := revocation.NewMemory()
	exp := time.Now().Add(10 * time.Minute)
	if err := list.RevokeToken(context.Background(), "https://idp.example.com", "b8d2c3e0", exp); err != nil {
		fmt.Println(err)
	}
	fmt.Println(list.Revoked("https://idp.example.com", "alice", "", "b8d2c3e0", time.Now()))
	// Output: true
}
