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
 * injects no header and ends nothing; it claims the observation and, when the current span (the starter's server or
 * client span) is sampled, records it as the observation's tracing context, so that metric exemplars point at it.
 * Every other observation goes to Micrometer's handlers as they are.
 * <p>
 * Under an unsampled or skipped request it leaves the observation without a tracing context (two concurrent maps and
 * a context entry per observation), unless a meter handler that requires one is registered: Micrometer's
 * {@code TracingAwareMeterObservationHandler}, which Spring Boot's {@code spring-boot-micrometer-tracing} module wraps
 * every meter handler in. The starter's own wrapper ({@link SpanScopedMeterObservationHandler}) does without.
 */
final class PassiveTracingObservationHandler implements TracingObservationHandler<Observation.Context> {

	private final Tracer tracer;

	private final Predicate<Observation.Context> tracedElsewhere;

	private final boolean contextRequired;

	/**
	 * A handler that creates a tracing context only under a sampled span.
	 * @param tracer the tracer
	 * @param tracedElsewhere the observations this handler claims
	 */
	PassiveTracingObservationHandler(Tracer tracer, Predicate<Observation.Context> tracedElsewhere) {
		this(tracer, tracedElsewhere, false);
	}

	/**
	 * A handler that creates a tracing context for every observation it claims, or only under a sampled span.
	 * @param tracer the tracer
	 * @param tracedElsewhere the observations this handler claims
	 * @param contextRequired whether a registered meter handler requires a tracing context on every observation
	 */
	PassiveTracingObservationHandler(Tracer tracer, Predicate<Observation.Context> tracedElsewhere,
			boolean contextRequired) {
		this.tracer = tracer;
		this.tracedElsewhere = tracedElsewhere;
		this.contextRequired = contextRequired;
	}

	/**
	 * This handler, creating a tracing context for every observation it claims.
	 * @return a handler that always creates the tracing context
	 */
	PassiveTracingObservationHandler requiringContext() {
		return this.contextRequired ? this
				: new PassiveTracingObservationHandler(this.tracer, this.tracedElsewhere, true);
	}

	boolean isContextRequired() {
		return this.contextRequired;
	}

	@Override
	public boolean supportsContext(Observation.Context context) {
		return this.tracedElsewhere.test(context);
	}

	// The context points at the current span only when that is sampled: exemplars must lead to an exported span, and
	// wrapping an unsampled span for the bridge would cost every unsampled request for nothing.
	@Override
	public void onStart(Observation.Context context) {
		if (io.opentelemetry.api.trace.Span.current().getSpanContext().isSampled()) {
			Span current = this.tracer.currentSpan();
			if (current != null) {
				getTracingContext(context).setSpan(current);
				return;
			}
		}
		if (this.contextRequired) {
			getTracingContext(context);
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
