package bearer

import "github.com/jwtguard/jwtguard/validator"

// ErrNoToken is the refusal of a request that carries no bearer token, for HTTP and gRPC alike. It is a
// *validator.Error whose reason is validator.ErrMissingToken, so errors.Is, validator.Code and
// validator.KindOf treat it like the validator's own; it is allocated once, for every such request.
// Its description is the reason's own (validator.Reason.Message), which every answer to a request
// without a token gives.
var ErrNoToken error = validator.NewError(validator.ErrMissingToken, validator.ReasonOf(validator.ErrMissingToken).Message, nil)

// Refusals holds the error an adapter answers each unusable authorization with, built once so that a
// malformed request costs no allocation. Its zero value refuses nothing: build one with NewRefusals.
type Refusals struct {
	empty, syntax, multiple error
}

// NewRefusals builds the refusals with refuse, which turns a client-safe description into the
// adapter's error. multiple describes more than one authorization value in the adapter's own words
// ("more than one Authorization header" over HTTP).
func NewRefusals(multiple string, refuse func(description string) error) Refusals {
	return Refusals{empty: refuse(ProblemEmpty), syntax: refuse(ProblemSyntax), multiple: refuse(multiple)}
}

// Token returns the bearer token of a request's authorization values, "" when there is none, or the
// refusal for the problem ParseValues finds. It is the one place a problem becomes an error.
func (rf *Refusals) Token(values []string) (string, error) {
	token, problem := ParseValues(values)
	switch problem {
	case "":
		return token, nil
	case ProblemMultiple:
		return "", rf.multiple
	case ProblemEmpty:
		return "", rf.empty
	default:
		return "", rf.syntax
	}
}
