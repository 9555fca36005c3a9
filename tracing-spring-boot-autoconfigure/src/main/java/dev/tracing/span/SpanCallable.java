package dev.tracing.span;

import io.opentelemetry.api.trace.Span;
import org.jspecify.annotations.Nullable;

/**
 * Work done in a span that returns a value. The span is passed in to record what is learnt during the work, such
 * as an id returned by a remote call.
 * @param <T> the result type
 * @param <E> the exception the work may throw, rethrown unchanged
 */
@FunctionalInterface
public interface SpanCallable<T extends @Nullable Object, E extends Throwable> {

	T call(Span span) throws E;

}
