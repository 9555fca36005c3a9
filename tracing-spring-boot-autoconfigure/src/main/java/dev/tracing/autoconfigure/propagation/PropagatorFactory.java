package dev.tracing.autoconfigure.propagation;

import java.util.LinkedHashSet;
import java.util.List;

import dev.tracing.autoconfigure.TracingProperties.PropagationType;
import io.opentelemetry.api.baggage.propagation.W3CBaggagePropagator;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.extension.trace.propagation.B3Propagator;
import io.opentelemetry.extension.trace.propagation.JaegerPropagator;

/**
 * Maps configured propagation types to OpenTelemetry propagators, in the configured order and without duplicates.
 */
final class PropagatorFactory {

	private PropagatorFactory() {
	}

	static ContextPropagators create(List<PropagationType> types) {
		List<TextMapPropagator> propagators = new LinkedHashSet<>(types).stream()
			.map(PropagatorFactory::propagator)
			.toList();
		return propagators.isEmpty() ? ContextPropagators.noop()
				: ContextPropagators.create(TextMapPropagator.composite(propagators));
	}

	static TextMapPropagator propagator(PropagationType type) {
		return switch (type) {
			case TRACECONTEXT -> W3CTraceContextPropagator.getInstance();
			case BAGGAGE -> W3CBaggagePropagator.getInstance();
			case B3 -> B3Propagator.injectingSingleHeader();
			case B3MULTI -> B3Propagator.injectingMultiHeaders();
			case JAEGER -> JaegerPropagator.getInstance();
		};
	}

}
