package dev.tracing.autoconfigure.micrometer;

import java.util.function.Predicate;

import io.micrometer.observation.Observation;
import io.micrometer.observation.transport.ReceiverContext;
import io.micrometer.observation.transport.SenderContext;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.handler.DefaultTracingObservationHandler;
import io.micrometer.tracing.handler.PropagatingReceiverTracingObservationHandler;
import io.micrometer.tracing.handler.PropagatingSenderTracingObservationHandler;
import io.micrometer.tracing.handler.TracingObservationHandler;
import io.micrometer.tracing.propagation.Propagator;

/**
 * Micrometer's tracing handlers, made passive for observations that are {@link TracedElsewhere}: for those they
 * open no span, inject no header and end nothing. They still claim the observation and record the span that is
 * current (our own server or client span) as its tracing context, because Spring Boot's tracing-aware meter handler
 * requires one, and so that metric exemplars point at our span.
 */
final class FilteringTracingObservationHandlers {

	private FilteringTracingObservationHandlers() {
	}

	// Boot's tracing-aware meter handler requires the tracing context to exist, so it is always created. It points at
	// our span only when that is sampled: exemplars must lead to a span that was exported, and wrapping an
	// unsampled span for the bridge would cost every unsampled request for nothing.
	private static <T extends Observation.Context> void adoptCurrentSpan(TracingObservationHandler<T> handler, T context,
			Tracer tracer) {
		TracingObservationHandler.TracingContext tracingContext = handler.getTracingContext(context);
		if (io.opentelemetry.api.trace.Span.current().getSpanContext().isSampled()) {
			Span current = tracer.currentSpan();
			if (current != null) {
				tracingContext.setSpan(current);
			}
		}
	}

	static final class Default extends DefaultTracingObservationHandler {

		private final Predicate<Observation.Context> passive;

		Default(Tracer tracer, Predicate<Observation.Context> passive) {
			super(tracer);
			this.passive = passive;
		}

		@Override
		public void onStart(Observation.Context context) {
			if (this.passive.test(context)) {
				adoptCurrentSpan(this, context, getTracer());
				return;
			}
			super.onStart(context);
		}

		@Override
		public void onScopeOpened(Observation.Context context) {
			if (!this.passive.test(context)) {
				super.onScopeOpened(context);
			}
		}

		@Override
		public void onScopeClosed(Observation.Context context) {
			if (!this.passive.test(context)) {
				super.onScopeClosed(context);
			}
		}

		@Override
		public void onEvent(Observation.Event event, Observation.Context context) {
			if (!this.passive.test(context)) {
				super.onEvent(event, context);
			}
		}

		@Override
		public void onError(Observation.Context context) {
			if (!this.passive.test(context)) {
				super.onError(context);
			}
		}

		@Override
		public void onStop(Observation.Context context) {
			if (!this.passive.test(context)) {
				super.onStop(context);
			}
		}

	}

	static final class Sender extends PropagatingSenderTracingObservationHandler<SenderContext<?>> {

		private final Predicate<Observation.Context> passive;

		Sender(Tracer tracer, Propagator propagator, Predicate<Observation.Context> passive) {
			super(tracer, propagator);
			this.passive = passive;
		}

		@Override
		public void onStart(SenderContext<?> context) {
			if (this.passive.test(context)) {
				adoptCurrentSpan(this, context, getTracer());
				return;
			}
			super.onStart(context);
		}

		@Override
		public void onScopeOpened(SenderContext<?> context) {
			if (!this.passive.test(context)) {
				super.onScopeOpened(context);
			}
		}

		@Override
		public void onScopeClosed(SenderContext<?> context) {
			if (!this.passive.test(context)) {
				super.onScopeClosed(context);
			}
		}

		@Override
		public void onEvent(Observation.Event event, SenderContext<?> context) {
			if (!this.passive.test(context)) {
				super.onEvent(event, context);
			}
		}

		@Override
		public void onError(SenderContext<?> context) {
			if (!this.passive.test(context)) {
				super.onError(context);
			}
		}

		@Override
		public void onStop(SenderContext<?> context) {
			if (!this.passive.test(context)) {
				super.onStop(context);
			}
		}

	}

	static final class Receiver extends PropagatingReceiverTracingObservationHandler<ReceiverContext<?>> {

		private final Predicate<Observation.Context> passive;

		Receiver(Tracer tracer, Propagator propagator, Predicate<Observation.Context> passive) {
			super(tracer, propagator);
			this.passive = passive;
		}

		@Override
		public void onStart(ReceiverContext<?> context) {
			if (this.passive.test(context)) {
				adoptCurrentSpan(this, context, getTracer());
				return;
			}
			super.onStart(context);
		}

		@Override
		public void onScopeOpened(ReceiverContext<?> context) {
			if (!this.passive.test(context)) {
				super.onScopeOpened(context);
			}
		}

		@Override
		public void onScopeClosed(ReceiverContext<?> context) {
			if (!this.passive.test(context)) {
				super.onScopeClosed(context);
			}
		}

		@Override
		public void onEvent(Observation.Event event, ReceiverContext<?> context) {
			if (!this.passive.test(context)) {
				super.onEvent(event, context);
			}
		}

		@Override
		public void onError(ReceiverContext<?> context) {
			if (!this.passive.test(context)) {
				super.onError(context);
			}
		}

		@Override
		public void onStop(ReceiverContext<?> context) {
			if (!this.passive.test(context)) {
				super.onStop(context);
			}
		}

	}

}
