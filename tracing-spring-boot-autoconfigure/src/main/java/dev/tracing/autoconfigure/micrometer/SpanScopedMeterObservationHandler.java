package dev.tracing.autoconfigure.micrometer;

import io.micrometer.core.instrument.observation.MeterObservationHandler;
import io.micrometer.observation.Observation;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.handler.TracingObservationHandler.TracingContext;

/**
 * A meter handler that records with the observation's span in scope, so that an exemplar is the traced request's span
 * even where the observation stops on another thread (a {@code WebClient} response). What Micrometer's
 * {@code TracingAwareMeterObservationHandler} does, but an observation without a tracing context (one that the
 * {@link PassiveTracingObservationHandler} left alone under an unsampled or skipped request) is recorded as it is,
 * where Micrometer's requires a context on every observation.
 *
 * @param <T> the type of the observation's context
 */
final class SpanScopedMeterObservationHandler<T extends Observation.Context> implements MeterObservationHandler<T> {

	private final MeterObservationHandler<T> delegate;

	private final Tracer tracer;

	SpanScopedMeterObservationHandler(MeterObservationHandler<T> delegate, Tracer tracer) {
		this.delegate = delegate;
		this.tracer = tracer;
	}

	@Override
	public void onStart(T context) {
		this.delegate.onStart(context);
	}

	@Override
	public void onError(T context) {
		this.delegate.onError(context);
	}

	@Override
	public void onEvent(Observation.Event event, T context) {
		this.delegate.onEvent(event, context);
	}

	@Override
	public void onScopeOpened(T context) {
		this.delegate.onScopeOpened(context);
	}

	@Override
	public void onScopeClosed(T context) {
		this.delegate.onScopeClosed(context);
	}

	@Override
	public void onStop(T context) {
		TracingContext tracingContext = context.get(TracingContext.class);
		Span span = (tracingContext != null) ? tracingContext.getSpan() : null;
		if (span == null) {
			this.delegate.onStop(context);
			return;
		}
		try (Tracer.SpanInScope ignored = this.tracer.withSpan(span)) {
			this.delegate.onStop(context);
		}
	}

	@Override
	public boolean supportsContext(Observation.Context context) {
		return this.delegate.supportsContext(context);
	}

}
