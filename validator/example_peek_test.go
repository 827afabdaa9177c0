package validator_test

import (
	"context"
	"encoding/json"
	"fmt"
	"log"

	"github.com/jwtguard/jwtguard/issuertest"
	"github.com/jwtguard/jwtguard/jwks"
	"github.com/jwtguard/jwtguard/validator"
)

func ExamplePeek() {
	iss, err := issuertest.Start()
	if err != nil {
		log.Fatal(err)
	}
	defer iss.Close()
	token, err := iss.Mint(issuertest.WithAudience("https://elsewhere.example.com"))
	if err != nil {
		log.Fatal(err)
	}
	// Nothing is verified: for a log line about a refused token, never for a decision.
	u, ok := validator.Peek(token)
	fmt.Println(ok, u.Audience, u.Algorithm)
	// Output:
	// true [https://elsewhere.example.com] RS256
}

func ExampleDetail() {
	iss, err := issuertest.Start()
	if err != nil {
		log.Fatal(err)
	}
	defer iss.Close()
	keys, err := jwks.Discover(context.Background(), iss.URL())
	if err != nil {
		log.Fatal(err)
	}
	defer keys.Close()
	v, err := validator.New(keys, validator.WithIssuer(iss.URL()), validator.WithAudience("https://api.example.com"))
	if err != nil {
		log.Fatal(err)
	}
	token, err := iss.Mint(issuertest.WithAudience("https://elsewhere.example.com"))
	if err != nil {
		log.Fatal(err)
	}
	_, err = v.Validate(context.Background(), token)
	fmt.Println(err)                   // what the client is told
	fmt.Println(validator.Detail(err)) // what the server's log says
	// Output:
	// invalid audience: audience not accepted
	// aud ["https://elsewhere.example.com"], accepted ["https://api.example.com"]
}

func ExampleClaims_MarshalJSON() {
	claims := &validator.Claims{Issuer: "https://idp.example.com", Subject: "alice", Audience: []string{"https://api.example.com"}}
	out, err := json.Marshal(claims)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(string(out))
	// Output:
	// {"iss":"https://idp.example.com","sub":"alice","aud":["https://api.example.com"]}
}
