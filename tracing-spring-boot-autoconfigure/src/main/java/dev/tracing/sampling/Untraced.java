package dev.tracing.sampling;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.IdGenerator;

/**
 * The context of work that must not be traced, such as a health check: a valid but unsampled parent, so that a
 * parent-based sampler drops every span started under it and calls made under it propagate "not sampled"; log lines
 * written under it carry no trace ids. One per JVM: fresh ids for every skipped request would cost more than the
 * request's other tracing work, and they would show nowhere.
 */
public final class Untraced {

	private static final SpanContext SPAN_CONTEXT = SpanContext.create(IdGenerator.random().generateTraceId(),
			IdGenerator.random().generateSpanId(), TraceFlags.getDefault(), TraceState.getDefault());

	/** The context to make current around untraced work. */
	public static final Context CONTEXT = Context.root().with(Span.wrap(SPAN_CONTEXT));

	private Untraced() {
	}

	/**
	 * Whether a span context is the one of {@link #CONTEXT}.
	 */
	public static boolean is(SpanContext spanContext) {
		return spanContext == SPAN_CONTEXT;
	}

}
