package dev.tracing.autoconfigure.micrometer;

import java.util.List;

import dev.tracing.sampling.RatioSampler;
import io.micrometer.observation.Observation;
import io.micrometer.observation.transport.SenderContext;
import io.micrometer.tracing.handler.TracingObservationHandler;
import io.micrometer.tracing.otel.bridge.OtelBaggageManager;
import io.micrometer.tracing.otel.bridge.OtelCurrentTraceContext;
import io.micrometer.tracing.otel.bridge.OtelTracer;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The passive handlers claim an observation that our own instrumentation traces: they create its tracing context
 * (Spring Boot's tracing-aware meter handler requires one) and point it at our span when, and only when, that span is
 * sampled, so an exemplar never leads to a span that was not exported.
 */
class PassiveTracingObservationHandlerTests {

	private final SdkTracerProvider provider = SdkTracerProvider.builder().setSampler(new RatioSampler(1.0)).build();

	private final io.opentelemetry.api.trace.Tracer otelTracer = this.provider.get("test");

	private final OtelTracer tracer = tracer(this.otelTracer);

	private final PassiveTracingObservationHandler passiveSender = new PassiveTracingObservationHandler(this.tracer,
			(context) -> context instanceof SenderContext<?>);

	private final PassiveTracingObservationHandler passiveDefault = new PassiveTracingObservationHandler(this.tracer,
			(context) -> true);

	@AfterEach
	void close() {
		this.provider.close();
	}

	@Test
	void claimsOnlyTheObservationsTracedElsewhere() {
		assertThat(this.passiveSender.supportsContext(new SenderContext<>((carrier, key, value) -> {
		}))).isTrue();
		assertThat(this.passiveSender.supportsContext(new Observation.Context())).isFalse();
	}

	@Test
	void adoptsTheCurrentSampledSpan() {
		Span ours = this.otelTracer.spanBuilder("GET /hello").startSpan();
		try (Scope ignored = ours.makeCurrent()) {
			SenderContext<Object> sender = new SenderContext<>((carrier, key, value) -> {
			});
			this.passiveSender.onStart(sender);
			Observation.Context plain = new Observation.Context();
			this.passiveDefault.onStart(plain);
			for (Observation.Context context : List.of(sender, plain)) {
				TracingObservationHandler.TracingContext tracingContext = context
					.getRequired(TracingObservationHandler.TracingContext.class);
				assertThat(tracingContext.getSpan()).isNotNull();
				assertThat(tracingContext.getSpan().context().spanId()).isEqualTo(ours.getSpanContext().getSpanId());
			}
		}
		finally {
			ours.end();
		}
	}

	@Test
	void createsNoTracingContextUnderAnUnsampledSpanOrNone() {
		for (PassiveTracingObservationHandler handler : List.of(this.passiveSender,
				this.passiveSender.requiringContext())) {
			SpanContext unsampled = SpanContext.create("4bf92f3577b34da6a3ce929d0e0e4736", "00f067aa0ba902b7",
					TraceFlags.getDefault(), TraceState.getDefault());
			SenderContext<Object> underUnsampled = new SenderContext<>((carrier, key, value) -> {
			});
			try (Scope ignored = Span.wrap(unsampled).makeCurrent()) {
				handler.onStart(underUnsampled);
			}
			SenderContext<Object> underNone = new SenderContext<>((carrier, key, value) -> {
			});
			handler.onStart(underNone);
			for (Observation.Context context : List.of(underUnsampled, underNone)) {
				TracingObservationHandler.TracingContext tracingContext = context
					.get(TracingObservationHandler.TracingContext.class);
				if (handler.isContextRequired()) {
					// For a meter handler that requires one (Micrometer's tracing-aware handler): empty
					assertThat(tracingContext).isNotNull();
					assertThat(tracingContext.getSpan()).isNull();
				}
				else {
					assertThat(tracingContext).isNull();
				}
			}
			handler.onStop(underUnsampled);
		}
		assertThat(this.passiveSender.isContextRequired()).isFalse();
		assertThat(this.passiveSender.requiringContext().isContextRequired()).isTrue();
	}

	private static OtelTracer tracer(io.opentelemetry.api.trace.Tracer otelTracer) {
		OtelCurrentTraceContext current = new OtelCurrentTraceContext();
		return new OtelTracer(otelTracer, current, (event) -> {
		}, new OtelBaggageManager(current, List.of(), List.of()));
	}

}
