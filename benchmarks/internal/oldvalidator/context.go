package oldvalidator

import "context"

// claimsKey is unexported so no other package can read or overwrite the claims stored in a context.
type claimsKey struct{}

// NewContext returns a copy of ctx carrying claims. Adapters call it after a successful Validate.
func NewContext(ctx context.Context, claims *Claims) context.Context {
	return context.WithValue(ctx, claimsKey{}, claims)
}

// FromContext returns the verified claims NewContext stored in ctx, and whether there were any.
func FromContext(ctx context.Context) (*Claims, bool) {
	claims, ok := ctx.Value(claimsKey{}).(*Claims)
	return claims, ok && claims != nil
}
