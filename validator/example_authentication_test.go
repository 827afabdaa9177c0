package validator_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/jwtguard/jwtguard/jwks"
	"github.com/jwtguard/jwtguard/stepup"
	"github.com/jwtguard/jwtguard/validator"
)

func ExampleCheckAuthentication() {
	idp := newExampleIssuer()
	keys, err := jwks.Static(idp.jwks)
	if err != nil {
		log.Fatal(err)
	}
	defer keys.Close()
	now := time.Now()
	v, err := validator.New(keys, validator.WithIssuer("https://idp.example.com"), validator.WithAudience("https://api.example.com"))
	if err != nil {
		log.Fatal(err)
	}
	token := idp.mint(jwt.MapClaims{
		"iss": "https://idp.example.com", "aud": "https://api.example.com", "exp": now.Add(time.Minute).Unix(),
		"acr": "pwd", "auth_time": now.Add(-time.Hour).Unix(),
	})
	claims, err := v.Validate(context.Background(), token)
	if err != nil {
		log.Fatal(err)
	}

	fmt.Println(claims.Authentication().ACR)
	sensitive := stepup.Requirement{ACRValues: []string{"mfa"}, MaxAge: 10 * time.Minute}
	err = validator.CheckAuthentication(claims, sensitive, now)
	fmt.Println(validator.Code(err), "-", validator.Description(err))
	var se *stepup.Error
	if errors.As(err, &se) {
		acrValues, maxAge := se.Required.ChallengeParams()
		fmt.Printf("acr_values=%q max_age=%q\n", acrValues, maxAge)
	}
	// Output:
	// pwd
	// insufficient_user_authentication - authentication context class not accepted
	// acr_values="mfa" max_age="600"
}
