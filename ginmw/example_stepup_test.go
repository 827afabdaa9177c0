package ginmw_test

import (
	"fmt"
	"log"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/jwtguard/jwtguard/ginmw"
	"github.com/jwtguard/jwtguard/resourcemeta"
	"github.com/jwtguard/jwtguard/stepup"
)

func ExampleWithResourceMetadata() {
	v, _, cleanup := exampleSetup()
	defer cleanup()

	// The RFC 9728 document tells a refused client which authorization server issues tokens.
	doc, err := resourcemeta.New(resourcemeta.Metadata{
		Resource:             "https://api.example.com/orders",
		AuthorizationServers: []string{"https://idp.example.com"},
	})
	if err != nil {
		log.Fatal(err)
	}
	g := ginmw.New(v, ginmw.WithResourceMetadata(doc.URL()))
	gin.SetMode(gin.ReleaseMode)
	r := gin.New()
	r.GET(doc.Path(), gin.WrapH(doc))
	r.GET("/orders", g.Middleware, func(c *gin.Context) { c.Status(http.StatusOK) })

	fmt.Println(call(r, http.MethodGet, "/orders", "").Header().Get("WWW-Authenticate"))
	// Output:
	// Bearer resource_metadata="https://api.example.com/.well-known/oauth-protected-resource/orders"
}

func ExampleGuard_RequireAuthentication() {
	v, mint, cleanup := exampleSetup()
	defer cleanup()

	// Transfers need a multi-factor login of the last five minutes; the token below has no "acr".
	g := ginmw.New(v, ginmw.WithRealm("bank"))
	mfa := stepup.Requirement{ACRValues: []string{"urn:example:mfa"}, MaxAge: 5 * time.Minute}
	gin.SetMode(gin.ReleaseMode)
	r := gin.New()
	r.POST("/transfers", g.Middleware, g.RequireAuthentication(mfa), func(c *gin.Context) { c.Status(http.StatusOK) })

	rec := call(r, http.MethodPost, "/transfers", "Bearer "+mint("transfers"))
	fmt.Println(rec.Code, rec.Header().Get("WWW-Authenticate"))
	// Output:
	// 401 Bearer realm="bank", error="insufficient_user_authentication", error_description="token has no acr claim", acr_values="urn:example:mfa", max_age="300"
}

func ExampleRequireAuthentication() {
	v, mint, cleanup := exampleSetup()
	defer cleanup()

	// The free functions take their options each: give both the same.
	opts := []ginmw.Option{ginmw.WithResourceMetadata("https://api.example.com/.well-known/oauth-protected-resource")}
	gin.SetMode(gin.ReleaseMode)
	r := gin.New()
	r.PUT("/settings", ginmw.Middleware(v, opts...),
		ginmw.RequireAuthentication(stepup.Requirement{MaxAge: 10 * time.Minute}, opts...),
		func(c *gin.Context) { c.Status(http.StatusOK) })

	rec := call(r, http.MethodPut, "/settings", "Bearer "+mint())
	fmt.Println(rec.Code, rec.Header().Get("WWW-Authenticate"))
	// Output:
	// 401 Bearer resource_metadata="https://api.example.com/.well-known/oauth-protected-resource", error="insufficient_user_authentication", error_description="token has no auth_time claim", max_age="600"
}
