package dev.tracing.autoconfigure.micrometer;

import java.util.function.Predicate;

import io.micrometer.observation.Observation;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.handler.TracingObservationHandler;

/**
 * The tracing handler of the observations that are {@link TracedElsewhere} (Spring's HTTP server and client
 * observations, which the starter's filter and interceptors already trace): ordered before Micrometer's own tracing
 * handlers, it is the first that matches those observations, so none of Micrometer's sees them. It opens no span,
 * injects no header and ends nothing; it claims the observation and records the current span (the starter's server or
 * client span) as its tracing context, because Spring Boot's tracing-aware meter handler requires one, and so that
 * metric exemplars point at the starter's span. Every other observation goes to Micrometer's handlers as they are.
 */
final class PassiveTracingObservationHandler implements TracingObservationHandler<Observation.Context> {

	private final Tracer tracer;

	private final Predicate<Observation.Context> tracedElsewhere;

	PassiveTracingObservationHandler(Tracer tracer, Predicate<Observation.Context> tracedElsewhere) {
		this.tracer = tracer;
		this.tracedElsewhere = tracedElsewhere;
	}

	@Override
	public boolean supportsContext(Observation.Context context) {
		return this.tracedElsewhere.test(context);
	}

	// The tracing context is always created (the meter handler requires it). It points at the current span only when
	// that is sampled: exemplars must lead to an exported span, and wrapping an unsampled span for the bridge would
	// cost every unsampled request for nothing.
	@Override
	public void onStart(Observation.Context context) {
		TracingContext tracingContext = getTracingContext(context);
		if (io.opentelemetry.api.trace.Span.current().getSpanContext().isSampled()) {
			Span current = this.tracer.currentSpan();
			if (current != null) {
				tracingContext.setSpan(current);
			}
		}
	}

	@Override
	public void onScopeOpened(Observation.Context context) {
	}

	@Override
	public void onScopeClosed(Observation.Context context) {
	}

	@Override
	public void onScopeReset(Observation.Context context) {
	}

	@Override
	public void onEvent(Observation.Event event, Observation.Context context) {
	}

	@Override
	public void onError(Observation.Context context) {
	}

	@Override
	public void onStop(Observation.Context context) {
	}

	@Override
	public Tracer getTracer() {
		return this.tracer;
	}

}
