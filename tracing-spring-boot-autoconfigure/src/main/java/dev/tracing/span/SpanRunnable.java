package dev.tracing.span;

import io.opentelemetry.api.trace.Span;

/**
 * Work done in a span that returns nothing.
 * @param <E> the exception the work may throw, rethrown unchanged
 */
@FunctionalInterface
public interface SpanRunnable<E extends Throwable> {

	void run(Span span) throws E;

}
