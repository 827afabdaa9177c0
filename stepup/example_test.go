package stepup_test

import (
	"errors"
	"fmt"
	"time"

	"github.com/jwtguard/jwtguard/stepup"
)

func ExampleRequirement() {
	req := stepup.Requirement{ACRValues: []string{"urn:example:mfa"}, MaxAge: 5 * time.Minute}
	if err := req.Validate(); err != nil { // adapters do this at construction
		panic(err)
	}
	now := time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC)

	fresh := stepup.Authentication{ACR: "urn:example:mfa", Time: now.Add(-time.Minute)}
	fmt.Println(req.Check(fresh, now))

	stale := stepup.Authentication{ACR: "urn:example:mfa", Time: now.Add(-time.Hour)}
	err := req.Check(stale, now)
	fmt.Println(errors.Is(err, stepup.ErrInsufficientUserAuthentication))
	fmt.Println(err)

	var se *stepup.Error
	if errors.As(err, &se) {
		acrValues, maxAge := se.Required.ChallengeParams()
		fmt.Printf("acr_values=%q max_age=%q\n", acrValues, maxAge)
	}
	// Output:
	// <nil>
	// true
	// insufficient user authentication: authentication older than 5m0s
	// acr_values="urn:example:mfa" max_age="300"
}

func ExampleRequirement_Validate() {
	fmt.Println(stepup.Requirement{MaxAge: 300}.Validate()) // meant 300 seconds
	// Output: stepup: MaxAge 300ns is not a positive number of seconds
}
