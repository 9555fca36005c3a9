package dev.tracing.autoconfigure.metrics;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import org.jspecify.annotations.Nullable;

/**
 * The Prometheus client's view of the current span, for exemplars: the span the OpenTelemetry context holds, whichever
 * API made it current. Only a sampled span is offered, so that an exemplar always leads to a span that was exported;
 * unsampled and skipped requests cost one context read.
 */
final class SampledSpanExemplarContext implements io.prometheus.metrics.tracer.common.SpanContext {

	@Override
	public @Nullable String getCurrentTraceId() {
		SpanContext context = sampled();
		return (context != null) ? context.getTraceId() : null;
	}

	@Override
	public @Nullable String getCurrentSpanId() {
		SpanContext context = sampled();
		return (context != null) ? context.getSpanId() : null;
	}

	@Override
	public boolean isCurrentSpanSampled() {
		return sampled() != null;
	}

	// The Prometheus client asks to flag the span so that a tail sampler keeps it; our spans are sampled at the head,
	// and an attribute would change what is exported.
	@Override
	public void markCurrentSpanAsExemplar() {
	}

	private static @Nullable SpanContext sampled() {
		SpanContext context = Span.current().getSpanContext();
		return (context.isValid() && context.isSampled()) ? context : null;
	}

}
