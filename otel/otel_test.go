package otel_test

import (
	"context"
	"log/slog"
	"net/http"
	"slices"
	"testing"
	"time"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	"go.uber.org/goleak"

	"github.com/jwtguard/jwtguard/issuertest"
	"github.com/jwtguard/jwtguard/jwks"
	jwtotel "github.com/jwtguard/jwtguard/otel"
	"github.com/jwtguard/jwtguard/validator"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// exporters are the SDK's in-memory exporters behind one Instrumentation.
type exporters struct {
	inst   *jwtotel.Instrumentation
	reader *sdkmetric.ManualReader
	spans  *tracetest.SpanRecorder
	tp     *sdktrace.TracerProvider
}

func newExporters(t *testing.T) exporters {
	t.Helper()
	e := exporters{reader: sdkmetric.NewManualReader(), spans: tracetest.NewSpanRecorder()}
	mp := sdkmetric.NewMeterProvider(sdkmetric.WithReader(e.reader))
	e.tp = sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(e.spans))
	t.Cleanup(func() { _ = mp.Shutdown(context.Background()); _ = e.tp.Shutdown(context.Background()) })
	inst, err := jwtotel.New(jwtotel.WithMeterProvider(mp), jwtotel.WithTracerProvider(e.tp))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = inst.Close() })
	e.inst = inst
	return e
}

// metrics collects what the reader holds, by instrument name.
func (e exporters) metrics(t *testing.T) map[string]metricdata.Aggregation {
	t.Helper()
	var rm metricdata.ResourceMetrics
	if err := e.reader.Collect(context.Background(), &rm); err != nil {
		t.Fatal(err)
	}
	out := map[string]metricdata.Aggregation{}
	for _, sm := range rm.ScopeMetrics {
		if sm.Scope.Name != jwtotel.ScopeName {
			t.Errorf("scope %q", sm.Scope.Name)
		}
		for _, m := range sm.Metrics {
			out[m.Name] = m.Data
		}
	}
	return out
}

// attrs builds the attribute set a data point must have exactly.
func attrs(kv ...attribute.KeyValue) attribute.Set { return attribute.NewSet(kv...) }

// counted returns the value of the sum's data point with exactly set, or -1 if there is none.
func counted(t *testing.T, data metricdata.Aggregation, set attribute.Set) int64 {
	t.Helper()
	sum, ok := data.(metricdata.Sum[int64])
	if !ok {
		t.Fatalf("not an int64 sum: %T", data)
	}
	for _, dp := range sum.DataPoints {
		if dp.Attributes.Equals(&set) {
			return dp.Value
		}
	}
	return -1
}

func histogramCount(t *testing.T, data metricdata.Aggregation) uint64 {
	t.Helper()
	h, ok := data.(metricdata.Histogram[float64])
	if !ok {
		t.Fatalf("not a float64 histogram: %T", data)
	}
	var n uint64
	for _, dp := range h.DataPoints {
		n += dp.Count
	}
	return n
}

// spansNamed returns the ended spans called name.
func (e exporters) spansNamed(name string) []sdktrace.ReadOnlySpan {
	var out []sdktrace.ReadOnlySpan
	for _, s := range e.spans.Ended() {
		if s.Name() == name {
			out = append(out, s)
		}
	}
	return out
}

func spanAttr(s sdktrace.ReadOnlySpan, key attribute.Key) (attribute.Value, bool) {
	for _, kv := range s.Attributes() {
		if kv.Key == key {
			return kv.Value, true
		}
	}
	return attribute.Value{}, false
}

const audience = "api"

var quiet = jwks.WithLogger(slog.New(slog.DiscardHandler))

// TestValidations validates a valid token (uncached, then cached), an expired one and one whose
// keys are unavailable (503), and checks what the in-memory exporters hold.
func TestValidations(t *testing.T) {
	e := newExporters(t)
	ctx := context.Background()
	iss := issuertest.New(t)
	keys, err := jwks.New(ctx, iss.JWKSURL(), e.inst.JWKSOption(), quiet)
	if err != nil {
		t.Fatal(err)
	}
	defer keys.Close()
	v, err := validator.New(keys, validator.WithIssuer(iss.URL()), validator.WithAudience(audience),
		validator.WithCache(100), e.inst.ValidatorOption())
	if err != nil {
		t.Fatal(err)
	}

	down := issuertest.New(t)
	down.SetJWKSFault(issuertest.FaultStatus(http.StatusServiceUnavailable))
	downKeys, err := jwks.New(ctx, down.JWKSURL(), e.inst.JWKSOption(), quiet, jwks.WithRetryBackoff(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	defer downKeys.Close()
	vDown, err := validator.New(downKeys, validator.WithIssuer(down.URL()), validator.WithAudience(audience), e.inst.ValidatorOption())
	if err != nil {
		t.Fatal(err)
	}

	reqCtx, request := e.tp.Tracer("test").Start(ctx, "request")
	valid := iss.MustMint(t, issuertest.WithAudience(audience))
	for range 2 {
		if _, err := v.Validate(reqCtx, valid); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := v.Validate(reqCtx, iss.MustMint(t, issuertest.WithAudience(audience), issuertest.Expired())); err == nil {
		t.Fatal("expired token accepted")
	}
	if _, err := vDown.Validate(reqCtx, down.MustMint(t, issuertest.WithAudience(audience))); validator.KindOf(err) != validator.KindUnavailable {
		t.Fatalf("without keys: %v", err)
	}
	request.End()

	m := e.metrics(t)
	rs := attribute.String("jwtguard.token.alg", "RS256")
	for _, tc := range []struct {
		name string
		set  attribute.Set
	}{
		{"valid", attrs(jwtotel.ResultKey.String("valid"), jwtotel.CachedKey.Bool(false), rs, jwtotel.IssuerKey.String(iss.URL()))},
		{"valid, cached", attrs(jwtotel.ResultKey.String("valid"), jwtotel.CachedKey.Bool(true), rs, jwtotel.IssuerKey.String(iss.URL()))},
		{"expired", attrs(jwtotel.ResultKey.String("token_refused"), attribute.String("error.type", "token_expired"), jwtotel.CachedKey.Bool(false), rs)},
		{"503", attrs(jwtotel.ResultKey.String("unavailable"), attribute.String("error.type", "keys_unavailable"), jwtotel.CachedKey.Bool(false), rs)},
	} {
		if n := counted(t, m["jwtguard.validations"], tc.set); n != 1 {
			t.Errorf("jwtguard.validations %s = %d, want 1", tc.name, n)
		}
	}
	if n := histogramCount(t, m["jwtguard.validation.duration"]); n != 4 {
		t.Errorf("jwtguard.validation.duration holds %d validations, want 4", n)
	}

	validations := e.spansNamed("jwtguard.validate")
	if len(validations) != 4 {
		t.Fatalf("%d validation spans, want 4", len(validations))
	}
	var errorSpans int
	for _, s := range validations {
		if s.Parent().SpanID() != request.SpanContext().SpanID() {
			t.Errorf("validation span's parent is %v, want the request span", s.Parent().SpanID())
		}
		if s.EndTime().Before(s.StartTime()) {
			t.Errorf("span ends before it starts")
		}
		if s.Status().Code == codes.Error {
			errorSpans++
			if v, _ := spanAttr(s, "error.type"); v.AsString() != "keys_unavailable" {
				t.Errorf("error span for %q, want only the 503", v.AsString())
			}
		}
	}
	if errorSpans != 1 {
		t.Errorf("%d validation spans with status Error, want 1 (the 503)", errorSpans)
	}

	// The fetches: one that loaded the keys, one that failed; the gauges follow them.
	good := attrs(attribute.String("url.full", iss.JWKSURL()), jwtotel.KeysChangedKey.Bool(true))
	failed := attrs(attribute.String("url.full", down.JWKSURL()), jwtotel.KeysChangedKey.Bool(false), attribute.String("error.type", "http_status"))
	if n := counted(t, m["jwtguard.jwks.fetches"], good); n != 1 {
		t.Errorf("successful fetches %d, want 1", n)
	}
	if n := counted(t, m["jwtguard.jwks.fetches"], failed); n != 1 {
		t.Errorf("failed fetches %d, want 1", n)
	}
	checkGauges(t, m, iss.JWKSURL(), int64(len(iss.KeyIDs())), true)
	checkGauges(t, m, down.JWKSURL(), 0, false)

	fetchSpans := e.spansNamed("jwtguard.jwks.fetch")
	if len(fetchSpans) != 2 {
		t.Fatalf("%d fetch spans, want 2", len(fetchSpans))
	}
	for _, s := range fetchSpans {
		u, _ := spanAttr(s, "url.full")
		failed := u.AsString() == down.JWKSURL()
		if got := s.Status().Code == codes.Error; got != failed {
			t.Errorf("fetch of %s: status %v", u.AsString(), s.Status())
		}
		if recorded := slices.ContainsFunc(s.Events(), func(ev sdktrace.Event) bool { return ev.Name == "exception" }); recorded != failed {
			t.Errorf("fetch of %s: error recorded %v", u.AsString(), recorded)
		}
	}
}

// checkGauges checks the keys gauge of the JWK Set at url and whether its age is reported.
func checkGauges(t *testing.T, m map[string]metricdata.Aggregation, url string, wantKeys int64, wantAge bool) {
	t.Helper()
	set := attrs(attribute.String("url.full", url))
	keys := m["jwtguard.jwks.keys"].(metricdata.Gauge[int64])
	i := slices.IndexFunc(keys.DataPoints, func(dp metricdata.DataPoint[int64]) bool { return dp.Attributes.Equals(&set) })
	if i < 0 || keys.DataPoints[i].Value != wantKeys {
		t.Errorf("jwtguard.jwks.keys for %s: %+v, want %d", url, keys.DataPoints, wantKeys)
	}
	age := m["jwtguard.jwks.keys.age"].(metricdata.Gauge[float64])
	j := slices.IndexFunc(age.DataPoints, func(dp metricdata.DataPoint[float64]) bool { return dp.Attributes.Equals(&set) })
	if (j >= 0) != wantAge || (j >= 0 && (age.DataPoints[j].Value < 0 || age.DataPoints[j].Value > 60)) {
		t.Errorf("jwtguard.jwks.keys.age for %s: %+v, want reported %v", url, age.DataPoints, wantAge)
	}
}

// TestRefreshAndFailure follows one Set through a refresh that brings a rotated key and a refresh
// that fails, both caused by tokens with an unknown kid.
func TestRefreshAndFailure(t *testing.T) {
	e := newExporters(t)
	ctx := context.Background()
	iss := issuertest.New(t)
	keys, err := jwks.New(ctx, iss.JWKSURL(), e.inst.JWKSOption(), quiet, jwks.WithUnknownKIDGap(time.Millisecond))
	if err != nil {
		t.Fatal(err)
	}
	defer keys.Close()
	v, err := validator.New(keys, validator.WithIssuer(iss.URL()), validator.WithAudience(audience), e.inst.ValidatorOption())
	if err != nil {
		t.Fatal(err)
	}
	before := len(iss.KeyIDs())

	if err := iss.Rotate("RS256"); err != nil {
		t.Fatal(err)
	}
	time.Sleep(2 * time.Millisecond) // past the unknown-kid gap
	if _, err := v.Validate(ctx, iss.MustMint(t, issuertest.WithAudience(audience))); err != nil {
		t.Fatalf("token signed by the rotated key: %v", err)
	}
	m := e.metrics(t)
	url := attribute.String("url.full", iss.JWKSURL())
	if n := counted(t, m["jwtguard.jwks.fetches"], attrs(url, jwtotel.KeysChangedKey.Bool(true))); n != 2 {
		t.Errorf("fetches that changed the keys: %d, want 2 (start-up, rotation)", n)
	}
	checkGauges(t, m, iss.JWKSURL(), int64(before+1), true)

	iss.SetJWKSFault(issuertest.FaultStatus(http.StatusInternalServerError))
	time.Sleep(2 * time.Millisecond)
	if _, err := v.Validate(ctx, iss.MustMint(t, issuertest.WithAudience(audience), issuertest.WithHeader("kid", "not-published"))); err == nil {
		t.Fatal("unknown kid accepted")
	}
	m = e.metrics(t)
	failed := attrs(url, jwtotel.KeysChangedKey.Bool(false), attribute.String("error.type", "http_status"))
	if n := counted(t, m["jwtguard.jwks.fetches"], failed); n != 1 {
		t.Errorf("failed refreshes: %d, want 1", n)
	}
	checkGauges(t, m, iss.JWKSURL(), int64(before+1), true) // a failed refresh keeps the keys
	if n := histogramCount(t, m["jwtguard.jwks.fetch.duration"]); n != 3 {
		t.Errorf("jwtguard.jwks.fetch.duration holds %d fetches, want 3", n)
	}
	if n := len(e.spansNamed("jwtguard.jwks.fetch")); n != 3 {
		t.Errorf("%d fetch spans, want 3", n)
	}
}

func TestNewRefusesNil(t *testing.T) {
	for _, opt := range []jwtotel.Option{nil, jwtotel.WithMeterProvider(nil), jwtotel.WithTracerProvider(nil)} {
		if _, err := jwtotel.New(opt); err == nil {
			t.Error("New accepted a nil provider or option")
		}
	}
}
